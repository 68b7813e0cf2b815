import type { Logger } from '../util/logger';
import { type BrowserSetting, SettingWhileOn } from '../util/setting-while-on';

/**
 * DNS leak protection: while the proxy is on, Firefox must not resolve hosts itself. Its DNS prefetch, speculative
 * connections and the predictor all run outside proxy.onRequest's answer, so one setting,
 * `privacy.network.networkPredictionEnabled`, is turned off while on.
 */
export class NetworkPrediction extends SettingWhileOn<boolean> {
  constructor(setting: BrowserSetting<boolean>, logger: Logger) {
    super(setting, false, 'the network prediction setting', logger);
  }
}
