import type { Logger } from '../util/logger';
import { errorMessage } from '../util/logger';

export interface WebRtcPolicySetting {
  set(details: { value: string }): Promise<unknown>;
  clear(details: Record<string, never>): Promise<unknown>;
}

/**
 * WebRTC leak protection: while the proxy is on, UDP that cannot go through the proxy is not used, so WebRTC cannot
 * reveal the user's address. Turning it off clears our setting, which gives back the user's own value; Firefox also
 * clears it when the add-on is removed.
 */
export class WebRtcProtection {
  private applied: boolean | undefined;

  constructor(
    private readonly setting: WebRtcPolicySetting,
    private readonly logger: Logger,
  ) {}

  async apply(protect: boolean): Promise<void> {
    if (this.applied === protect) return;
    this.applied = protect;
    try {
      await (protect ? this.setting.set({ value: 'disable_non_proxied_udp' }) : this.setting.clear({}));
    } catch (error) {
      this.applied = undefined;
      this.logger.error('could not change the WebRTC IP handling policy', errorMessage(error));
    }
  }
}
