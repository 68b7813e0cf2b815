import type { Logger } from '../util/logger';

export interface IdentityHostsDeps {
  /** The origins of the accounts server's endpoints, from its discovery document. */
  identityOrigins(): Promise<string[]>;
  /** The hosts the routing sends direct; the live set, so an added host applies to the next request. */
  exemptHosts: Set<string>;
  logger: Logger;
}

/**
 * The accounts server's endpoints may live on other hosts than the issuer. Getting a token must never need the
 * proxy that the token opens, so those hosts go direct too. They are looked up only when a state needs them: a
 * signed-out start-up contacts no server.
 */
export class IdentityHosts {
  /** True from the first lookup until one fails: one lookup in flight at most, none after a success. */
  private looked = false;

  constructor(private readonly deps: IdentityHostsDeps) {}

  /** Looks the hosts up and exempts them, unless done or under way; a failed lookup is retried at the next call. */
  exemptOnce(): void {
    if (this.looked) return;
    this.looked = true;
    this.deps.identityOrigins().then(
      (origins) => {
        for (const origin of origins) this.deps.exemptHosts.add(new URL(origin).hostname);
      },
      (error: unknown) => {
        this.looked = false;
        this.deps.logger.warn('could not read the accounts server endpoints yet', error);
      },
    );
  }
}
