import { nativeServices } from '../../../../src/content/webrtc/extension-api';

function withBrowser(reply: unknown, messages: Record<string, string> = {}) {
  const sent: unknown[] = [];
  (globalThis as unknown as Record<string, unknown>).browser = {
    i18n: { getMessage: (key: string) => messages[key] ?? '', getUILanguage: () => 'fr' },
    runtime: {
      sendMessage: (message: unknown) => {
        sent.push(message);
        return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply);
      },
    },
  };
  return { services: nativeServices(), sent };
}

afterEach(() => {
  delete (globalThis as unknown as Record<string, unknown>).browser;
});

describe("the content script's native extension services", () => {
  it('sends exactly the webrtc.choice message and reports whether the background accepted it', async () => {
    const accepted = withBrowser({ ok: true, result: { outcome: 'recorded' } });
    expect(await accepted.services.sendChoice('exemptTab')).toBe(true);
    expect(accepted.sent).toEqual([{ type: 'webrtc.choice', choice: 'exemptTab' }]);
    expect(await withBrowser({ ok: false, error: 'refused' }).services.sendChoice('ignoreTab')).toBe(false);
    expect(await withBrowser(undefined).services.sendChoice('ignoreTab')).toBe(false);
    await expect(withBrowser(new Error('no background')).services.sendChoice('ignoreTab')).rejects.toThrow(
      'no background',
    );
  });

  it("reads Firefox's strings and language, and shows a missing string's key", () => {
    const { services } = withBrowser(undefined, { webrtcKeepOn: 'Garder le proxy activé' });
    expect(services.t('webrtcKeepOn')).toBe('Garder le proxy activé');
    expect(services.t('webrtcReload')).toBe('webrtcReload');
    expect(services.language).toBe('fr');
  });
});
