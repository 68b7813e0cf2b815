/**
 * Every message a UI room or the content script can send to the background, and what it gets back.
 * Types only: the background's validators and handlers are checked against this map at compile time, and the
 * clients' types are derived from it. Its vocabulary comes from shared/ alone: the background takes it from here,
 * never the other way round, so renaming a background internal cannot change the contract.
 */
import type { DeliveryRecord } from './telemetry/delivery';
import type { TelemetryEvent } from './telemetry/event';
import type { BufferSegment, DeliveryMode, LoggedEvent, RecordOutcome, SubmitOutcome } from './telemetry/inspector';
import type { StateName } from './state-names';

/**
 * Events that only our own pages may report: what the user saw or clicked there. `general/loadingError` is not one:
 * the background records it from the popup's state port (see StatePortMessage), so that it does not depend on the
 * message router, nor on the background having started.
 */
export type PageEvent = Extract<
  TelemetryEvent,
  { method: 'settings_url_clicks' } | { method: 'general'; object: 'settingsShown' }
>;

export type WebRtcChoice = Extract<TelemetryEvent, { method: 'webRTC' }>['object'];

/** The popup control the user clicked to turn the proxy on or off; it becomes the event's value. */
export type ProxyControl = Extract<TelemetryEvent, { object: 'proxyEnabled' }>['value'];

/**
 * Every control that turns the proxy on or off: the popup's two, and the settings page's switch. The plan's events
 * name the popup's controls only, so a click on the settings switch changes the state and records nothing.
 */
export type OnOffControl = ProxyControl | 'settingsSwitch';

/**
 * Why the last sign-in did not work, for the user: the accounts server failed or answered something unusable
 * (`serverError`), it could not be reached (`unreachable`), or the login worked and then the first proxy token could
 * not be had, after which the half-made sign-in is undone (`proxyAccess`). A cancelled sign-in has no reason: the user
 * knows what they did.
 */
export type SignInFailure = 'serverError' | 'unreachable' | 'proxyAccess';

/** What our pages may know about the proxy: its state and the account's email, never a token. */
export interface StateSnapshot {
  state: StateName;
  /** Set in the state a failed sign-in led to (`unauthenticated`, or `authFailure` for a failed sign-in again). */
  signInFailure?: SignInFailure;
  /** Epoch ms of the next automatic retry, in states that heal by themselves. */
  retryAt?: number;
  /** Present while signed in; empty when the identity provider gives no email (the pages show a neutral label). */
  email?: string;
  /**
   * Present, and false, once Firefox has said the add-on may not run in private windows: their requests then never
   * reach proxy.onRequest and go direct, whatever the state. Absent while allowed or not yet known.
   */
  privateBrowsingAllowed?: false;
}

export type RegistrationStatus = { ok: true } | { ok: false; error: string };

export interface InspectorSnapshot {
  browserVersion: string;
  mode: DeliveryMode;
  uploadAllowed: boolean;
  registration: RegistrationStatus;
  processStartTimestamp: number;
  sessionEvents: LoggedEvent[];
  pending: BufferSegment[];
  /** The last few pings handed to Firefox, newest last. */
  deliveries: DeliveryRecord[];
}

/** The last attempt to send one Origin Telemetry metric's report. */
export interface OriginSendStatus {
  at: number;
  day: string;
  outcome: 'sent' | 'failed';
  error?: string;
  /** How long the client took to shard and seal the report, in milliseconds. */
  sealMs?: number;
}

/** Origin Telemetry as the inspector shows it: today's local, unencrypted vectors, and each metric's last send. */
export interface OriginTelemetrySnapshot {
  /** False in the standard flavour, or when the build configures no DAP task: then nothing is recorded. */
  enabled: boolean;
  /** Today, UTC, as YYYY-MM-DD. */
  today: string;
  /** Days over but not sent yet, oldest first. */
  dueDays: string[];
  /** One entry per metric with a task: its sites in slot order, today's vector (null: nothing today). */
  metrics: { name: string; origins: string[]; today: number[] | null; lastSend: OriginSendStatus | null }[];
}

export interface OriginSendOutcome {
  sent: number;
  failed: number;
  outcome: 'sent' | 'nothingDue' | 'notConfigured' | 'notAllowed';
}

/** A request that carries nothing but its type. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- an empty payload is the point
export type NoFields = {};

export interface MessageMap {
  /** From our pages: the user saw or clicked something worth an event. */
  'ui.event': { request: { event: PageEvent }; response: { outcome: RecordOutcome } };
  /**
   * From the webRTC content script, in any frame: the page created its first peer connection. The background
   * answers whether it opened the tab's dialog, which it shows in the tab's top frame (see WebRtcShow).
   */
  'webrtc.seen': { request: NoFields; response: { opened: boolean } };
  /** From the webRTC content script: the user's answer to the in-page dialog the background opened as `dialog`. */
  'webrtc.choice': { request: { choice: WebRtcChoice; dialog: string }; response: { outcome: RecordOutcome } };
  /** From our pages: what the recorder holds, for the inspector. */
  'telemetry.inspect': { request: NoFields; response: InspectorSnapshot };
  /** From our pages: send the pending events now instead of waiting for the next trigger. */
  'telemetry.submitNow': { request: NoFields; response: SubmitOutcome };
  /** From our pages: Origin Telemetry's local state, for the inspector. */
  'originTelemetry.inspect': { request: NoFields; response: OriginTelemetrySnapshot };
  /** From our pages: send every due report now, today's included (today then records nothing more). */
  'originTelemetry.sendNow': { request: NoFields; response: OriginSendOutcome };
  /** From our pages: the proxy's state now. */
  'state.get': { request: NoFields; response: StateSnapshot };
  /** From our pages: start signing in; the state moves through `authenticating`. */
  'auth.signIn': { request: NoFields; response: StateSnapshot };
  'auth.signOut': { request: NoFields; response: StateSnapshot };
  /** From the popup or the settings page: the user clicked a control to turn the proxy on or off. */
  'proxy.setEnabled': { request: { enabled: boolean; via: OnOffControl }; response: StateSnapshot };
  /** From the popup: try to connect again now, in a state that would otherwise wait for its next retry. */
  'proxy.retry': { request: NoFields; response: StateSnapshot };
  /** From the popup: open the captive portal's login page in a new tab. */
  'captivePortal.open': { request: NoFields; response: NoFields };
}

export type MessageType = keyof MessageMap;

/**
 * The one message the background sends to a content script: show the webRTC dialog, in the tab's top frame, under
 * this id. The id goes back with the answer, so the background can refuse an answer from a dialog it no longer
 * counts.
 */
export interface WebRtcShow {
  type: 'webrtc.show';
  dialog: string;
}

/**
 * From the background to a tab's top frame: the proxy turned off while dialog `dialog` was unanswered. Its answer
 * can no longer count, so the dialog closes rather than wait for a click that would only say it failed.
 */
export interface WebRtcClose {
  type: 'webrtc.close';
  dialog: string;
}

/**
 * The port our pages open to follow the proxy's state: the background posts a StateSnapshot as soon as the port
 * connects and again after every change. Only our own pages may connect.
 */
export const STATE_PORT_NAME = 'state-updates';

/**
 * What a page may post on its state port: that it waited in vain for a state and now shows its loading error. The
 * background records `general/loadingError` when such a port closes without ever having been sent a state, so a
 * state that arrives late, while the page is still open, counts as loaded.
 */
export interface StatePortMessage {
  type: 'loadingErrorShown';
}
export type RequestOf<T extends MessageType> = { type: T } & MessageMap[T]['request'];
export type ResponseOf<T extends MessageType> = MessageMap[T]['response'];
export type Message = { [T in MessageType]: RequestOf<T> }[MessageType];

/** Every reply has this shape, so a refusal reaches the sender as a readable error rather than silence. */
export type Reply<T extends MessageType> = { ok: true; result: ResponseOf<T> } | { ok: false; error: string };
