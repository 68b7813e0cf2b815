/**
 * One ping the add-on handed to Firefox, kept so the inspector can show what left and a developer can look for
 * the same batch id and sequence number downstream. Types only: shared by the background and the settings page.
 */
/** Why a ping was sent: leftovers at start-up, a full batch, the hourly check, or the inspector's button. */
export const PING_REASONS = ['startup', 'max', 'periodic', 'manual'] as const;
export type PingReason = (typeof PING_REASONS)[number];

export interface DeliveryRecord {
  /** Per-profile counter: 0 for the profile's first ping, then one more per ping. A gap downstream is a lost ping. */
  sequenceNumber: number;
  /** Random per ping and kept when a ping is retried, so a duplicate downstream shares it. */
  batchId: string;
  reason: PingReason;
  eventCount: number;
  lostEventsCount: number;
  /** Epoch milliseconds when the ping was handed to `submitPing`. */
  submittedAt: number;
  /**
   * `handedOver`: submitPing resolved. On Firefox 153 that happens before the ping is stored and even when Firefox
   * refuses it, so it proves neither archiving nor upload. `failed`: submitPing threw; the batch is kept and retried
   * under the same id and number.
   */
  outcome: 'handedOver' | 'failed';
}

/** How many recent pings the log keeps. */
export const DELIVERY_LOG_SIZE = 10;
