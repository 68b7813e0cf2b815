import type { Logger } from '../util/logger';
import { errorMessage } from '../util/logger';

export interface NetworkPredictionSetting {
  set(details: { value: boolean }): Promise<unknown>;
  clear(details: Record<string, never>): Promise<unknown>;
}

/**
 * DNS leak protection: while the proxy is on, Firefox must not resolve hosts itself. Its DNS prefetch, speculative
 * connections and the predictor all run outside proxy.onRequest's answer, so one setting,
 * `privacy.network.networkPredictionEnabled`, is turned off while on. Turning the proxy off clears our value,
 * which gives back the user's own; Firefox also clears it when the add-on is removed.
 */
export class NetworkPrediction {
  private applied: boolean | undefined;

  constructor(
    private readonly setting: NetworkPredictionSetting,
    private readonly logger: Logger,
  ) {}

  async apply(protect: boolean): Promise<void> {
    if (this.applied === protect) return;
    this.applied = protect;
    try {
      await (protect ? this.setting.set({ value: false }) : this.setting.clear({}));
    } catch (error) {
      // Forgotten, so the next state change tries again rather than believing the setting holds.
      this.applied = undefined;
      this.logger.error('could not change the network prediction setting', errorMessage(error));
    }
  }
}
