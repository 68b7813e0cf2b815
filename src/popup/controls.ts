import type { MessageType, RequestOf, ResponseOf } from '../shared/protocol';
import type { PopupElements } from './popup-page';
import type { ActionKind } from './view-model';

export interface ControlDeps {
  send<T extends MessageType>(request: RequestOf<T>): Promise<ResponseOf<T>>;
  openOptionsPage(): Promise<void>;
  closeWindow(): void;
  reload(): void;
  onActionFailed(error: unknown): void;
}

/** The request each view button sends; `reload` needs no background at all. */
function requestFor(kind: Exclude<ActionKind, 'reload'>): RequestOf<MessageType> {
  switch (kind) {
    case 'signIn':
      return { type: 'auth.signIn' };
    case 'retry':
      return { type: 'proxy.retry' };
    case 'openPortal':
      return { type: 'captivePortal.open' };
    case 'turnOn':
      return { type: 'proxy.setEnabled', enabled: true, via: 'stateButton' };
    case 'turnOff':
      return { type: 'proxy.setEnabled', enabled: false, via: 'stateButton' };
  }
}

const ACTIONS: ReadonlySet<string> = new Set<ActionKind>([
  'signIn',
  'retry',
  'openPortal',
  'turnOn',
  'turnOff',
  'reload',
]);

/**
 * Wires the popup's controls. These click handlers are the only code that sends `proxy.setEnabled`: rendering and
 * state updates never do, because the background records every such message as the user's click.
 */
export function wireControls(elements: PopupElements, deps: ControlDeps): void {
  // One request at a time: a double click must not count as two clicks in telemetry.
  let pending = false;
  const run = (request: RequestOf<MessageType>, after?: () => void): void => {
    if (pending) return;
    pending = true;
    deps
      .send(request)
      .then(() => after?.())
      .catch((error: unknown) => {
        deps.onActionFailed(error);
      })
      .finally(() => {
        pending = false;
      });
  };

  elements.view.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLElement>('[data-action]');
    const kind = button?.dataset.action;
    if (kind === undefined || !ACTIONS.has(kind)) return;
    if (kind === 'reload') {
      deps.reload();
      return;
    }
    // Opening the portal's page in a tab leaves nothing for the popup to show.
    run(
      requestFor(kind as Exclude<ActionKind, 'reload'>),
      kind === 'openPortal' ? () => deps.closeWindow() : undefined,
    );
  });

  elements.toggle.addEventListener('click', () => {
    // The switch shows the background's last state, so clicking asks for the opposite of what it shows.
    const enabled = elements.toggle.getAttribute('aria-checked') !== 'true';
    run({ type: 'proxy.setEnabled', enabled, via: 'toggleButton' });
  });

  elements.settings.addEventListener('click', () => {
    // The settings page records general/settingsShown itself once it is on screen; the popup must not.
    deps
      .openOptionsPage()
      .then(() => {
        deps.closeWindow();
      })
      .catch((error: unknown) => {
        deps.onActionFailed(error);
      });
  });
}
