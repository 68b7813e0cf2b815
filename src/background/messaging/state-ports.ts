import type { Runtime } from 'webextension-polyfill';
import { STATE_PORT_NAME, type StatePortMessage, type StateSnapshot } from '../../shared/protocol';
import type { Logger } from '../util/logger';
import { channelOf, type ExtensionIdentity } from './sender-channel';

interface PortEvents {
  onConnect: { addListener(callback: (port: Runtime.Port) => void): void };
}

/** What the background knows of one open page: whether it got a state, and whether it gave up waiting for one. */
interface PageWait {
  gotState: boolean;
  showsLoadingError: boolean;
}

function isStatePortMessage(message: unknown): message is StatePortMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    Object.keys(message).length === 1 &&
    (message as Record<string, unknown>).type === 'loadingErrorShown'
  );
}

/** `loading` is the background's own start-up: no state a page can show, so it does not count as one. */
const isState = (snapshot: StateSnapshot) => snapshot.state !== 'loading';

/**
 * The background's only runtime.onConnect listener: our pages open a state port and get pushed snapshots. Ports
 * from content scripts or anything else are refused (disconnected at once), so no page can watch the account.
 *
 * It also sees a page fail to load: a page that showed its loading error and closed without ever having been sent a
 * state. That needs only this listener and telemetry, not the rest of start-up, so it is seen even when start-up
 * failed or never ended, and a state that arrives late, while the page is open, does not count.
 */
export class StatePorts {
  private readonly ports = new Map<Runtime.Port, PageWait>();
  private latest: StateSnapshot | undefined;

  constructor(
    private readonly self: ExtensionIdentity,
    private readonly logger: Logger,
    private readonly pageFailedToLoad: () => void = () => undefined,
  ) {}

  /** `pageOpened` runs for each accepted port: one of our pages (the popup, the settings) has just opened. */
  listen(runtime: PortEvents, pageOpened: () => void = () => undefined): void {
    runtime.onConnect.addListener((port) => {
      if (port.name !== STATE_PORT_NAME || !port.sender || channelOf(port.sender, this.self) !== 'extensionPage') {
        this.logger.warn(`refused a port named ${JSON.stringify(port.name)}`);
        port.disconnect();
        return;
      }
      const wait: PageWait = { gotState: false, showsLoadingError: false };
      this.ports.set(port, wait);
      port.onMessage.addListener((message: unknown) => {
        if (isStatePortMessage(message)) wait.showsLoadingError = true;
        else this.logger.warn('ignored a message on a state port', message);
      });
      port.onDisconnect.addListener(() => {
        this.ports.delete(port);
        if (wait.showsLoadingError && !wait.gotState) this.pageFailedToLoad();
      });
      if (this.latest) this.post(port, wait, this.latest);
      pageOpened();
    });
  }

  publish(snapshot: StateSnapshot): void {
    this.latest = snapshot;
    for (const [port, wait] of this.ports) this.post(port, wait, snapshot);
  }

  private post(port: Runtime.Port, wait: PageWait, snapshot: StateSnapshot): void {
    port.postMessage(snapshot);
    if (isState(snapshot)) wait.gotState = true;
  }
}
