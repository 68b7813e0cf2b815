import type { ControllerInput } from '../proxy/inputs';
import type { Logger } from '../util/logger';
import type { Surroundings } from '../proxy/state';
import { OWN_SETTING } from './gap-proxy-setting';

/** Proxy types that mean the user set up another proxy in Firefox's settings. */
const OTHER_PROXY_TYPES = new Set(['manual', 'autoConfig', 'autoDetect']);

export function isOtherProxy(settingValue: unknown): boolean {
  const type = (settingValue as { proxyType?: unknown } | null)?.proxyType;
  return typeof type === 'string' && OTHER_PROXY_TYPES.has(type);
}

/** What proxy.settings reports: the value in force, and who set it. */
export interface ProxySettingDetails {
  value: unknown;
  levelOfControl?: string | undefined;
}

/** Another proxy is in force: not when the value in force is our own reload-gap guard (gap-proxy-setting.ts). */
export function isOtherProxySetting({ value, levelOfControl }: ProxySettingDetails): boolean {
  return levelOfControl !== OWN_SETTING && isOtherProxy(value);
}

interface SettingEvent {
  addListener(callback: (details: ProxySettingDetails) => void): void;
}

export interface SurroundingsDeps {
  captivePortal?: {
    getState(): Promise<string>;
    onStateChanged: { addListener(callback: (details: { state: string }) => void): void };
    onConnectivityAvailable: { addListener(callback: (status: string) => void): void };
    canonicalURL: { get(details: Record<string, never>): Promise<{ value: unknown }> };
  };
  proxySettings: { get(details: Record<string, never>): Promise<ProxySettingDetails>; onChange: SettingEvent };
  window: Pick<Window, 'addEventListener'> & { navigator: { onLine: boolean } };
  dispatch(input: ControllerInput): void;
  setInterval(callback: () => void, ms: number): void;
  now(): number;
  logger: Logger;
}

/**
 * How often to check for sleep and for proxy-setting changes; a timer that fires much later means the computer slept.
 */
const WAKE_CHECK_MS = 5_000;
const WAKE_GAP_MS = 20_000;

/**
 * Reads what is around the browser at start-up and reports changes: connectivity, a captive portal, another proxy,
 * and sleep/wake or a network change (the anchor add-on's most-reported bug: stale connections after either).
 */
export async function watchSurroundings(
  deps: SurroundingsDeps,
): Promise<{ surroundings: Surroundings; captivePortalUrl: string | undefined }> {
  const dispatch = (input: ControllerInput) => {
    deps.dispatch(input);
  };
  const change = (partial: Partial<Surroundings>) => dispatch({ type: 'surroundingsChanged', change: partial });

  deps.window.addEventListener('online', () => change({ online: true }));
  deps.window.addEventListener('offline', () => change({ online: false }));
  let otherProxy: boolean | undefined;
  const proxySettingIs = (details: ProxySettingDetails) => {
    const now = isOtherProxySetting(details);
    if (otherProxy !== undefined && now !== otherProxy) change({ otherProxyConfigured: now });
    otherProxy = now;
  };
  deps.proxySettings.onChange.addListener((details) => {
    proxySettingIs(details);
  });
  deps.captivePortal?.onStateChanged.addListener(({ state }) =>
    change({ captivePortalLocked: state === 'locked_portal' }),
  );
  deps.captivePortal?.onConnectivityAvailable.addListener(() => dispatch({ type: 'networkChanged' }));

  let lastTick = deps.now();
  deps.setInterval(() => {
    const now = deps.now();
    if (now - lastTick > WAKE_GAP_MS) dispatch({ type: 'networkChanged' });
    lastTick = now;
    // proxy.settings.onChange does not fire when the user edits Firefox's own connection settings: look again.
    deps.proxySettings.get({}).then(
      (details) => {
        proxySettingIs(details);
      },
      (error: unknown) => {
        deps.logger.warn('could not read the proxy settings', error);
      },
    );
  }, WAKE_CHECK_MS);

  const [proxySetting, portalState, portalUrl] = await Promise.all([
    // Unreadable at start-up: assume no other proxy, the guess that keeps our proxy.onRequest routing every request
    // (it fails closed). `otherProxy` is then known, so the periodic read reports the truth as a change.
    deps.proxySettings.get({}).catch((error: unknown) => {
      deps.logger.warn('could not read the proxy settings at start-up; assuming no other proxy', error);
      return { value: undefined };
    }),
    deps.captivePortal?.getState().catch(() => 'unknown') ?? Promise.resolve('unknown'),
    deps.captivePortal?.canonicalURL.get({}).catch(() => ({ value: undefined })) ??
      Promise.resolve({ value: undefined }),
  ]);
  otherProxy ??= isOtherProxySetting(proxySetting);
  return {
    surroundings: {
      online: deps.window.navigator.onLine,
      captivePortalLocked: portalState === 'locked_portal',
      otherProxyConfigured: otherProxy,
    },
    captivePortalUrl: typeof portalUrl.value === 'string' ? portalUrl.value : undefined,
  };
}
