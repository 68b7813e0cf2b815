import { buildRegistration } from '../../../../src/background/telemetry/registration';
import { EVENT_METHODS, objectsOf, TELEMETRY_CATEGORY } from '../../../../src/shared/telemetry/schema';

// The seed's collection plan, written out independently of the schema so a drift in either shows up here.
const SEED_PLAN: Record<string, string[]> = {
  general: ['otherProxyInUse', 'settingsShown', 'loadingError', 'install', 'update', 'proxyEnabled', 'proxyDisabled'],
  fxa: ['authStarted', 'authCompleted', 'authFailed'],
  networking: ['407', '429', 'connecting', 'proxyDown'],
  settings_url_clicks: [
    'manageAccount',
    'helpAndSupport',
    'cloudflare',
    'privacyPolicy',
    'termsAndConditions',
    'giveUsFeedback',
  ],
  webRTC: ['ignoreTab', 'exemptTab'],
};

describe('the secure.proxy schema', () => {
  it('uses the seed category', () => {
    expect(TELEMETRY_CATEGORY).toBe('secure.proxy');
  });

  it('holds exactly the seed methods and objects', () => {
    expect([...EVENT_METHODS].sort()).toEqual(Object.keys(SEED_PLAN).sort());
    for (const method of EVENT_METHODS) expect([...objectsOf(method)].sort()).toEqual([...SEED_PLAN[method]!].sort());
  });

  it('registers one entry per method, without extra keys, recorded on release', () => {
    const registration = buildRegistration();
    expect(Object.keys(registration).sort()).toEqual(Object.keys(SEED_PLAN).sort());
    for (const [method, objects] of Object.entries(SEED_PLAN)) {
      expect(registration[method]).toEqual({
        methods: [method],
        objects: expect.arrayContaining(objects) as unknown,
        extra_keys: [],
        record_on_release: true,
      });
      expect(registration[method]!.objects).toHaveLength(objects.length);
    }
  });

  it('keeps names within what Firefox accepts for methods and objects', () => {
    // Firefox refuses identifiers longer than 20 bytes or with characters other than letters, digits, . and _.
    const identifier = /^[a-zA-Z0-9](?:[a-zA-Z0-9._]{0,18}[a-zA-Z0-9])?$/;
    for (const method of EVENT_METHODS) {
      expect(method).toMatch(identifier);
      for (const object of objectsOf(method)) expect(object).toMatch(identifier);
    }
  });
});
