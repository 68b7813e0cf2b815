import type { Logger } from '../util/logger';
import { type BrowserSetting, SettingWhileOn } from '../util/setting-while-on';
import { SerialQueue } from '../util/serial-queue';

/** The part of `proxy.settings`' value this guard writes. */
export interface PacProxyConfig {
  proxyType: 'autoConfig';
  autoConfigUrl: string;
}

/**
 * Firefox's own proxy setting for the moments no proxy.onRequest listener exists: a PAC script that sends every
 * request to our proxy, as an HTTPS proxy and without a token, so the proxy refuses it. Hosts stay hidden from the
 * network inside TLS, and nothing goes direct.
 */
export function gapPacUrl(proxy: { host: string; port: number }): string {
  const script = `function FindProxyForURL(url, host) { return "HTTPS ${proxy.host}:${String(proxy.port)}"; }`;
  return `data:application/x-ns-proxy-autoconfig,${encodeURIComponent(script)}`;
}

/** Our own value, as proxy.settings reports it: not the user's "other proxy". */
export const OWN_SETTING = 'controlled_by_this_extension';

/**
 * Closes the reload gap. While an add-on reloads or updates, Firefox has no proxy.onRequest listener for it: until
 * the new background script adds one, requests follow Firefox's own proxy settings, normally direct. So while the
 * proxy is on, the add-on holds `proxy.settings` at a PAC script that refuses everything (see `gapPacUrl`).
 * proxy.onRequest overrides it for every request while the add-on runs; routing/decide.ts answers "direct" in a
 * form that bypasses it too. Firefox keeps the setting across a reload or update, and removes it when the add-on is
 * disabled or removed, giving back the user's own.
 *
 * Firefox lets an add-on set proxy.settings only when it may run in private windows, so without that permission
 * there is no guard (docs/accounts-and-proxy.md gives the figure).
 */
export class GapProxySetting {
  private readonly setting: SettingWhileOn<PacProxyConfig>;
  private readonly queue = new SerialQueue();
  private startedUp: Promise<void> | undefined;

  constructor(
    setting: BrowserSetting<PacProxyConfig>,
    proxy: { host: string; port: number },
    /** `extension.isAllowedIncognitoAccess`: asked each time, since the user can change it in about:addons. */
    private readonly isAllowedIncognitoAccess: () => Promise<boolean>,
    private readonly logger: Logger,
    /**
     * What the first change waits for. The guard matters only while no listener exists, and at start-up one does:
     * Firefox still holds the setting from the last run, and touching proxy.settings at once would put that work in
     * Firefox's way just as the requests held during start-up are released.
     */
    private readonly startUpWait: () => Promise<void>,
  ) {
    const value: PacProxyConfig = { proxyType: 'autoConfig', autoConfigUrl: gapPacUrl(proxy) };
    this.setting = new SettingWhileOn(setting, value, 'the proxy settings', logger);
  }

  /**
   * Holds the setting while `proxyOn`, clears it otherwise; calls take effect in the order they were made, the first
   * after the start-up wait. Meanwhile proxy.onRequest answers every request, "direct" ones included, so a late
   * change sends nothing where the user did not choose.
   */
  apply(proxyOn: boolean): Promise<void> {
    this.startedUp ??= this.startUpWait();
    const startedUp = this.startedUp;
    // In a queue: a slow permission read must not let an earlier "on" land after a later "off".
    return this.queue.run(async () => {
      await startedUp;
      const protect = proxyOn && (await this.mayChangeSettings());
      await this.setting.apply(protect);
    });
  }

  private async mayChangeSettings(): Promise<boolean> {
    try {
      return await this.isAllowedIncognitoAccess();
    } catch (error) {
      this.logger.warn('could not read the private windows permission', error);
      return false;
    }
  }
}
