import type { TelemetryEvent } from '../../shared/telemetry/event';
import type { LoggedEvent } from '../../shared/telemetry/inspector';

// The inspector is for looking, not for analysis: a long session keeps only its most recent events.
const MAX_LOGGED_EVENTS = 1000;

/** The events recorded since the background started, newest last, for the settings page's inspector. */
export class SessionLog {
  private readonly events: LoggedEvent[] = [];

  add(event: TelemetryEvent, timestamp: number): void {
    this.events.push({ timestamp, method: event.method, object: event.object, value: event.value });
    if (this.events.length > MAX_LOGGED_EVENTS) this.events.shift();
  }

  list(): LoggedEvent[] {
    return this.events.map((event) => ({ ...event }));
  }
}
