import type { Runtime } from 'webextension-polyfill';
import { STATE_PORT_NAME, type StateSnapshot } from '../../shared/protocol';
import type { Logger } from '../util/logger';
import { channelOf, type ExtensionIdentity } from './sender-channel';

interface PortEvents {
  onConnect: { addListener(callback: (port: Runtime.Port) => void): void };
}

/**
 * The background's only runtime.onConnect listener: our pages open a state port and get pushed snapshots. Ports
 * from content scripts or anything else are refused (disconnected at once), so no page can watch the account.
 */
export class StatePorts {
  private readonly ports = new Set<Runtime.Port>();
  private latest: StateSnapshot | undefined;

  constructor(
    private readonly self: ExtensionIdentity,
    private readonly logger: Logger,
  ) {}

  /** `pageOpened` runs for each accepted port: one of our pages (the popup, the settings) has just opened. */
  listen(runtime: PortEvents, pageOpened: () => void = () => undefined): void {
    runtime.onConnect.addListener((port) => {
      if (port.name !== STATE_PORT_NAME || !port.sender || channelOf(port.sender, this.self) !== 'extensionPage') {
        this.logger.warn(`refused a port named ${JSON.stringify(port.name)}`);
        port.disconnect();
        return;
      }
      this.ports.add(port);
      port.onDisconnect.addListener(() => this.ports.delete(port));
      if (this.latest) port.postMessage(this.latest);
      pageOpened();
    });
  }

  publish(snapshot: StateSnapshot): void {
    this.latest = snapshot;
    for (const port of this.ports) port.postMessage(snapshot);
  }
}
