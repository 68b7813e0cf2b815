import type { Logger } from '../util/logger';
import { errorMessage } from '../util/logger';
import { singleFlight } from '../util/single-flight';

/**
 * Whether Firefox lets the add-on run in private windows. `"incognito": "spanning"` only permits it: until the user
 * allows "Run in Private Windows", Firefox never asks proxy.onRequest about a private window's requests, so they go
 * direct whatever our state. The user can change it in about:addons at any time and no event says so; it is read
 * at start-up and each time one of our pages opens, and `changed` is called when the answer differs.
 */
export class PrivateBrowsingAccess {
  private known: boolean | undefined;

  constructor(
    private readonly isAllowed: () => Promise<boolean>,
    private readonly changed: () => void,
    private readonly logger: Logger,
  ) {}

  /** False only once Firefox has said no: nothing is claimed before the first answer. */
  allowed(): boolean {
    return this.known !== false;
  }

  /** Reads the permission again; checks asked for while one is running share it. */
  readonly check = singleFlight(() => this.read());

  private async read(): Promise<void> {
    let allowed: boolean;
    try {
      allowed = await this.isAllowed();
    } catch (error) {
      this.logger.warn('could not read the private windows permission', errorMessage(error));
      return;
    }
    const before = this.allowed();
    this.known = allowed;
    if (this.allowed() !== before) this.changed();
  }
}
