import type { TelemetryEvent } from '../../shared/telemetry/event';

type NetworkingObject = Extract<TelemetryEvent, { method: 'networking' }>['object'];

/** An outage is named after what the add-on was doing when it began. */
export type OutageKind = 'connecting' | 'proxyDown';

/**
 * How long after a network change or a wake-up a proxy that cannot be reached is the normal gap of a network coming
 * up (joining Wi-Fi, DHCP, DNS), not an outage. An outage that outlasts it is counted once.
 */
export const NETWORK_SETTLE_MS = 30_000;

/** Enough refused tokens to recognise a late refusal of one already counted; tokens live an hour. */
const REMEMBERED_REFUSED_TOKENS = 4;

/**
 * Turns the proxy's failures into one `networking` event per episode, as the event plan means them, however many
 * requests, retries and probes the episode takes:
 * - `429`: one per rate-limit episode, which ends when a request succeeds through the proxy again;
 * - `connecting` / `proxyDown`: one per outage, which ends when the proxy answers again; failures inside the settling
 *   time after a network change or wake-up count only if the outage outlasts it;
 * - `407`: one per token the proxy refused, including a token renewal then replaced.
 * Turning the proxy off ends the rate-limit and outage episodes: the next "on" period counts its own.
 */
export class ErrorEpisodes {
  private rateLimited = false;
  private outage: { kind: OutageKind; recorded: boolean } | undefined;
  private settlesAt = Number.NEGATIVE_INFINITY;
  private readonly refusedTokens: string[] = [];

  constructor(
    private readonly record: (object: NetworkingObject) => void,
    private readonly now: () => number,
  ) {}

  /** True while an episode waits for a request to succeed through the proxy; the request watcher reads it. */
  awaitsRequestSuccess(): boolean {
    return this.rateLimited;
  }

  rateLimitedByProxy(): void {
    if (this.rateLimited) return;
    this.rateLimited = true;
    this.record('429');
  }

  /** A request went through the proxy and was not refused by it: the proxy serves us again. */
  requestSucceeded(): void {
    this.rateLimited = false;
    this.outage = undefined;
  }

  proxyUnreachable(kind: OutageKind): void {
    this.outage ??= { kind, recorded: false };
    if (this.outage.recorded || this.now() < this.settlesAt) return;
    this.outage.recorded = true;
    this.record(this.outage.kind);
  }

  /** The proxy answered a probe: an outage, if any, is over. */
  proxyReached(): void {
    this.outage = undefined;
  }

  /** The network changed or the computer woke up: give the network its settling time before calling an outage. */
  networkChanged(): void {
    this.settlesAt = this.now() + NETWORK_SETTLE_MS;
  }

  /** The proxy refused `token`: counted the first time only, so the many requests one token carried count once. */
  tokenRefused(token: string): void {
    if (this.refusedTokens.includes(token)) return;
    this.refusedTokens.push(token);
    if (this.refusedTokens.length > REMEMBERED_REFUSED_TOKENS) this.refusedTokens.shift();
    this.record('407');
  }

  /** The proxy was turned off or the user signed out. */
  endEpisodes(): void {
    this.rateLimited = false;
    this.outage = undefined;
  }
}
