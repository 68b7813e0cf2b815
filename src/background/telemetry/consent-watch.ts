import type { Logger } from '../util/logger';

/**
 * Firefox has no event for the user's upload choice, so the add-on asks. canUpload() is a pref read, cheap enough to
 * ask this often; an opt-out also shows up at the next event or send, whichever comes first.
 */
export const CONSENT_CHECK_MS = 10 * 1000;

export interface ConsentWatchDeps {
  canUpload(): Promise<boolean>;
  setInterval(callback: () => void, ms: number): unknown;
  logger: Logger;
}

/**
 * One periodic check of the upload choice for everything that keeps data until it may be sent (the event buffer,
 * the Origin Telemetry vectors): each tick asks once, and after an opt-out each keeper deletes what it holds. The
 * timer starts with the first keeper, so a build that keeps nothing asks nothing.
 */
export class ConsentWatch {
  private readonly keepers: { what: string; forget: () => Promise<unknown> }[] = [];

  constructor(private readonly deps: ConsentWatchDeps) {}

  /** `forget` deletes `what` waits for upload; it runs after every check that finds upload not allowed. */
  onOptOut(what: string, forget: () => Promise<unknown>): void {
    this.keepers.push({ what, forget });
    if (this.keepers.length === 1) this.deps.setInterval(() => void this.check(), CONSENT_CHECK_MS);
  }

  /** Asks once; when upload is not allowed, has every keeper forget, each failure logged on its own. */
  async check(): Promise<void> {
    let allowed: boolean;
    try {
      allowed = await this.deps.canUpload();
    } catch (error) {
      this.deps.logger.error('could not read the upload choice', error);
      return;
    }
    if (allowed) return;
    await Promise.all(
      this.keepers.map(({ what, forget }) =>
        forget().catch((error: unknown) => this.deps.logger.error(`could not delete ${what} after an opt-out`, error)),
      ),
    );
  }
}
