/**
 * A sinon-chrome `browser` that knows the APIs this add-on uses. sinon-chrome's Firefox API list predates
 * `telemetry`, `captivePortal` and `proxy.onRequest`, and describes `privacy.*` as plain values: we add them here.
 */
import Api from 'sinon-chrome/api';
import stableApiFf from 'sinon-chrome/config/stable-api-ff.json';
import type { SinonSpy, SinonStub } from 'sinon';

type Named = { name: string }[];
const named = (...names: string[]): Named => names.map((name) => ({ name }));
const SETTING = { $ref: 'types.ChromeSetting' };

const ADDED_NAMESPACES = [
  {
    namespace: 'telemetry',
    functions: named('canUpload', 'registerEvents', 'recordEvent', 'submitPing', 'setEventRecordingEnabled'),
  },
  {
    namespace: 'captivePortal',
    functions: named('getState', 'getLastChecked'),
    events: named('onStateChanged', 'onConnectivityAvailable'),
    properties: { canonicalURL: SETTING },
  },
];

const EXTENDED = {
  proxy: { events: named('onRequest', 'onError'), properties: { settings: SETTING } },
  'privacy.network': {
    properties: { networkPredictionEnabled: SETTING, peerConnectionEnabled: SETTING, webRTCIPHandlingPolicy: SETTING },
  },
} as Record<string, { events?: Named; properties?: Record<string, unknown> }>;

function extendedApiList() {
  const list = stableApiFf.map((namespace) => {
    const extra = EXTENDED[namespace.namespace];
    if (!extra) return namespace;
    return {
      ...namespace,
      events: [...(namespace.events ?? []), ...(extra.events ?? [])],
      properties: { ...(namespace.properties ?? {}), ...(extra.properties ?? {}) },
    };
  });
  return [...list, ...ADDED_NAMESPACES];
}

export interface FakeEvent {
  addListener: SinonSpy;
  dispatch(...args: unknown[]): void;
}

/** The parts of the fake our tests touch, typed; everything else is still there untyped. */
export interface FakeBrowser {
  telemetry: Record<'canUpload' | 'registerEvents' | 'recordEvent' | 'submitPing', SinonStub>;
  runtime: { id: string; onMessage: FakeEvent; onInstalled: FakeEvent; getURL: SinonStub; getBrowserInfo: SinonStub };
  storage: { local: { get: SinonStub; set: SinonStub } };
  proxy: { onRequest: FakeEvent; settings: { get: SinonStub } };
  captivePortal: { getState: SinonStub; onStateChanged: FakeEvent };
  privacy: { network: { webRTCIPHandlingPolicy: { get: SinonStub; set: SinonStub } } };
  flush(): void;
  reset(): void;
}

export const TEST_ADDON_ID = 'secure-proxy@mozilla.com';

export function createFakeBrowser(): FakeBrowser {
  const fake = new Api(extendedApiList()).create() as unknown as FakeBrowser;
  fake.runtime.id = TEST_ADDON_ID;
  return fake;
}
