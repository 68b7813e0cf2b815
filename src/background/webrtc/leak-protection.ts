import type { Logger } from '../util/logger';
import { type BrowserSetting, SettingWhileOn } from '../util/setting-while-on';

/**
 * WebRTC leak protection: while the proxy is on, UDP that cannot go through the proxy is not used, so WebRTC cannot
 * reveal the user's address.
 */
export class WebRtcProtection extends SettingWhileOn<string> {
  constructor(setting: BrowserSetting<string>, logger: Logger) {
    super(setting, 'disable_non_proxied_udp', 'the WebRTC IP handling policy', logger);
  }
}
