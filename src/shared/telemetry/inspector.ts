/**
 * What the background tells the settings page's inspector and answers to telemetry messages. These types are
 * part of the message protocol, so they live here and the background's telemetry code takes them from here.
 */
import type { TELEMETRY_CATEGORY } from './schema';

/**
 * How recorded events leave the add-on:
 * - `eventPing`: Firefox before 132 records `recordEvent` calls in its own event ping; a ping of ours would count
 *   every event twice.
 * - `customPing`: from Firefox 132 `recordEvent` records nothing, so we batch events into `secure-proxy-events`.
 * - `localOnly`: no telemetry API (the standard build): events are kept for the inspector and never leave.
 */
export type DeliveryMode = 'eventPing' | 'customPing' | 'localOnly';

/**
 * One event in the ping, shaped like a Firefox event-ping row: [msSinceStart, category, method, object, value, extra].
 */
export type PingEvent = [number, typeof TELEMETRY_CATEGORY, string, string, string | null, null];

/**
 * Events waiting for a ping, grouped by the background run that recorded them. Each group keeps its own
 * `processStartTimestamp` because an event's time is counted from the start of the run that recorded it.
 */
export interface BufferSegment {
  processStartTimestamp: number;
  events: PingEvent[];
  lostEventsCount: number;
  /**
   * Set just before the segment's first submission and stored with it: a retry, even after a restart, sends the
   * same id and number. A segment that has one takes no more events.
   */
  batch?: BatchIdentity;
}

/** What identifies one ping downstream: its random id and the profile's running count. */
export interface BatchIdentity {
  batchId: string;
  sequenceNumber: number;
}

/** What sending the pending events did. */
export interface SubmitOutcome {
  pingsSent: number;
  /** Events deleted unsent because the user does not allow uploads. */
  eventsDiscarded: number;
  error?: string;
}

/** Whether an event was recorded, or dropped because the user does not allow telemetry. */
export type RecordOutcome = 'recorded' | 'notAllowed';

/** An event recorded since the background started, as the inspector lists it. */
export interface LoggedEvent {
  /** Epoch milliseconds when the event happened. */
  timestamp: number;
  method: string;
  object: string;
  value: string | null;
}
