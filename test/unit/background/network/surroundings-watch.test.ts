import type { ControllerInput } from '../../../../src/background/proxy/inputs';
import {
  isOtherProxy,
  isOtherProxySetting,
  watchSurroundings,
} from '../../../../src/background/network/surroundings-watch';
import { createFakeBrowser } from '../../fakes/fake-browser';
import { RecordingLogger } from '../../fakes/recording-logger';

type Callback = (...args: unknown[]) => void;
type Listened = { addListener: { firstCall: { args: [Callback] } } };

function setup(
  options: { onLine?: boolean; proxyType?: string; portal?: string; settingsUnreadableOnce?: boolean } = {},
) {
  const browser = createFakeBrowser() as unknown as Record<
    string,
    Record<string, Record<string, sinon.SinonStub & { addListener: sinon.SinonSpy }>>
  >;
  const captivePortal = (browser as never as { captivePortal: Record<string, sinon.SinonStub> }).captivePortal;
  captivePortal.getState!.resolves(options.portal ?? 'not_captive');
  (captivePortal.canonicalURL as unknown as { get: sinon.SinonStub }).get.resolves({
    value: 'http://portal.example/canonical.html',
  });
  const proxySettings = (
    browser as never as { proxy: { settings: { get: sinon.SinonStub; onChange: { addListener: sinon.SinonSpy } } } }
  ).proxy.settings;
  proxySettings.get.resolves({ value: { proxyType: options.proxyType ?? 'system' } });
  if (options.settingsUnreadableOnce)
    proxySettings.get.onFirstCall().rejects(new Error('An unexpected error occurred'));
  const windowEvents = new Map<string, Callback>();
  const inputs: ControllerInput[] = [];
  const intervals: Callback[] = [];
  const clock = { now: 0 };
  const logger = new RecordingLogger();
  const watching = watchSurroundings({
    captivePortal: captivePortal as never,
    proxySettings: proxySettings,
    window: {
      addEventListener: (name: string, callback: Callback) => windowEvents.set(name, callback),
      navigator: { onLine: options.onLine ?? true },
    } as never,
    dispatch: (input) => inputs.push(input),
    setInterval: (callback) => intervals.push(callback),
    now: () => clock.now,
    logger,
  });
  return { watching, inputs, windowEvents, intervals, clock, captivePortal, proxySettings, logger };
}

describe('watchSurroundings', () => {
  it('reads the surroundings at start-up', async () => {
    expect(await setup().watching).toEqual({
      surroundings: { online: true, captivePortalLocked: false, otherProxyConfigured: false },
      captivePortalUrl: 'http://portal.example/canonical.html',
    });
    expect(
      (await setup({ onLine: false, proxyType: 'manual', portal: 'locked_portal' }).watching).surroundings,
    ).toEqual({
      online: false,
      captivePortalLocked: true,
      otherProxyConfigured: true,
    });
  });

  it('starts as if no other proxy were set when the settings cannot be read, and reports the truth once they can', async () => {
    const { watching, inputs, intervals, logger } = setup({ settingsUnreadableOnce: true, proxyType: 'manual' });
    expect((await watching).surroundings).toEqual({
      online: true,
      captivePortalLocked: false,
      otherProxyConfigured: false,
    });
    expect(logger.warnings).toEqual(['could not read the proxy settings at start-up; assuming no other proxy']);
    intervals[0]!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(inputs).toEqual([{ type: 'surroundingsChanged', change: { otherProxyConfigured: true } }]);
  });

  it('reports connectivity, portal and proxy-setting changes', async () => {
    const { watching, inputs, windowEvents, captivePortal, proxySettings } = setup();
    await watching;
    windowEvents.get('offline')!();
    windowEvents.get('online')!();
    (captivePortal.onStateChanged as unknown as Listened).addListener.firstCall.args[0]({ state: 'locked_portal' });
    (captivePortal.onConnectivityAvailable as unknown as Listened).addListener.firstCall.args[0]('clear');
    (proxySettings.onChange as unknown as Listened).addListener.firstCall.args[0]({
      value: { proxyType: 'autoConfig' },
    });
    expect(inputs).toEqual([
      { type: 'surroundingsChanged', change: { online: false } },
      { type: 'surroundingsChanged', change: { online: true } },
      { type: 'surroundingsChanged', change: { captivePortalLocked: true } },
      { type: 'networkChanged' },
      { type: 'surroundingsChanged', change: { otherProxyConfigured: true } },
    ]);
  });

  it('reports a wake-up when its timer fires much later than asked', async () => {
    const { watching, inputs, intervals, clock } = setup();
    await watching;
    clock.now += 5_000;
    intervals[0]!();
    expect(inputs).toEqual([]);
    clock.now += 60_000;
    intervals[0]!();
    expect(inputs).toEqual([{ type: 'networkChanged' }]);
  });
});

describe("watchSurroundings and Firefox's own proxy settings", () => {
  it('notices another proxy set while it runs, once, since Firefox does not tell it', async () => {
    const { watching, inputs, intervals, proxySettings } = setup();
    await watching;
    intervals[0]!();
    await Promise.resolve();
    expect(inputs).toEqual([]);
    proxySettings.get.resolves({ value: { proxyType: 'manual' } });
    intervals[0]!();
    await new Promise((resolve) => setImmediate(resolve));
    intervals[0]!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(inputs).toEqual([{ type: 'surroundingsChanged', change: { otherProxyConfigured: true } }]);
    proxySettings.get.resolves({ value: { proxyType: 'none' } });
    intervals[0]!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(inputs.at(-1)).toEqual({ type: 'surroundingsChanged', change: { otherProxyConfigured: false } });
  });
});

describe("watchSurroundings and the add-on's own reload-gap setting", () => {
  it('does not take our own PAC for another proxy, at start-up, on a change, or on the periodic read', async () => {
    const own = {
      value: { proxyType: 'autoConfig', autoConfigUrl: 'data:application/x-ns-proxy-autoconfig,x' },
      levelOfControl: 'controlled_by_this_extension',
    };
    const { watching, inputs, intervals, proxySettings } = setup();
    proxySettings.get.resolves(own);
    expect((await watching).surroundings.otherProxyConfigured).toBe(false);
    (proxySettings.onChange as unknown as Listened).addListener.firstCall.args[0](own);
    intervals[0]!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(inputs).toEqual([]);
    // Another extension's setting, in force over ours, is another proxy.
    proxySettings.get.resolves({ ...own, levelOfControl: 'controlled_by_other_extensions' });
    intervals[0]!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(inputs).toEqual([{ type: 'surroundingsChanged', change: { otherProxyConfigured: true } }]);
  });
});

describe('isOtherProxySetting', () => {
  it.each([
    ['controlled_by_this_extension', false],
    ['controllable_by_this_extension', true],
    ['controlled_by_other_extensions', true],
    ['not_controllable', true],
    [undefined, true],
  ])('a manual proxy, %s → %s', (levelOfControl, expected) => {
    expect(isOtherProxySetting({ value: { proxyType: 'manual' }, levelOfControl })).toBe(expected);
  });
});

describe('isOtherProxy', () => {
  it.each([
    ['manual', true],
    ['autoConfig', true],
    ['autoDetect', true],
    ['system', false],
    ['none', false],
  ])('%s → %s', (proxyType, expected) => {
    expect(isOtherProxy({ proxyType })).toBe(expected);
  });

  it('is false for anything unreadable', () => {
    expect(isOtherProxy(null)).toBe(false);
    expect(isOtherProxy({})).toBe(false);
  });
});
