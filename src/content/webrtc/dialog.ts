/**
 * The in-page dialog shown when a page starts WebRTC: it explains the risk and offers the two choices.
 *
 * It lives in a CLOSED shadow root on a host element of its own, so page scripts cannot read or click into it and
 * page styles cannot reach it. Only trusted events (real user input) act: a page dispatching synthetic clicks or
 * keys at the host gets nothing. Each button runs a fixed closure; no attribute or page data picks the message.
 * A button acts only once the dialog has been visible and unmoved for a moment (ClickGuard), so a page cannot
 * turn a click meant for something else into an answer (clickjacking).
 *
 * Keyboard: focus moves to "Keep the proxy on" when the dialog opens; Tab and Shift+Tab cycle inside it; Escape
 * means "Keep the proxy on", because that is what happens anyway when the user does nothing: the proxy stays on
 * and the leak protection applies. After "Turn off the proxy for this tab", Escape closes the reload offer.
 */
import type { WebRtcChoice } from '../../shared/protocol';
import { ClickGuard, type GuardClock } from './click-guard';
import { DIALOG_STYLE } from './dialog-style';
import type { DialogServices } from './extension-api';
import { nextInCycle } from './focus-cycle';

/** A stable marker for the host element, so tests (and people debugging) can find it without piercing the root. */
export const HOST_ATTRIBUTE = 'data-secure-proxy-webrtc';

interface Action {
  label: string;
  primary?: boolean;
  run(): void;
}

export interface WebRtcDialog {
  readonly host: HTMLElement;
  /** The closed root, kept by the content script only; `host.shadowRoot` is null for everyone else. */
  readonly root: ShadowRoot;
  close(): void;
}

function element<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, id?: string): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (id !== undefined) node.id = id;
  return node;
}

export function showWebRtcDialog(
  doc: Document,
  services: DialogServices,
  reload: () => void,
  clock: GuardClock,
): WebRtcDialog {
  const { t } = services;
  const host = doc.createElement('secure-proxy-webrtc');
  host.setAttribute(HOST_ATTRIBUTE, '');
  const root = host.attachShadow({ mode: 'closed' });
  const style = element(doc, 'style');
  style.textContent = DIALOG_STYLE;
  const dialog = element(doc, 'div');
  dialog.className = 'dialog';
  // alertdialog: it interrupts the user about their privacy and waits for an answer.
  dialog.setAttribute('role', 'alertdialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.setAttribute('aria-labelledby', 'title');
  dialog.setAttribute('aria-describedby', 'text');
  dialog.lang = services.language;
  // Who is asking: the page is ours to draw over, so the dialog names the add-on rather than look like the page's.
  const brand = element(doc, 'p', 'brand');
  brand.textContent = t('extensionName');
  const title = element(doc, 'h2', 'title');
  title.textContent = t('webrtcDialogTitle');
  const text = element(doc, 'p', 'text');
  const actions = element(doc, 'div');
  actions.className = 'actions';
  dialog.append(brand, title, text, actions);
  root.append(style, dialog);

  const previousFocus = doc.activeElement;
  let onEscape = (): void => undefined;
  let buttons: HTMLButtonElement[] = [];
  const focusPrimary = (): void => (buttons.find((button) => button.className === 'primary') ?? buttons[0])?.focus();
  let guard: ClickGuard | undefined = undefined;

  const close = (): void => {
    // First, or the guard would put the host back.
    guard?.dispose();
    host.remove();
    if (previousFocus instanceof HTMLElement && previousFocus.isConnected) previousFocus.focus();
  };

  /** Shows a text and its buttons; focus goes to the primary one, so Enter takes the suggested way. */
  const stage = (message: string, stageActions: Action[], escape: () => void): void => {
    text.textContent = message;
    buttons = stageActions.map((action) => {
      const button = element(doc, 'button');
      button.type = 'button';
      button.textContent = action.label;
      if (action.primary === true) button.className = 'primary';
      // Enter and Space on a focused button arrive here as clicks too, so the keyboard waits for the dwell as well.
      button.addEventListener('click', (event) => {
        if (event.isTrusted && guard?.allows() === true) action.run();
      });
      return button;
    });
    actions.replaceChildren(...buttons);
    onEscape = escape;
    focusPrimary();
  };

  const failed = (): void => {
    stage(t('webrtcFailed'), [{ label: t('webrtcClose'), primary: true, run: close }], close);
  };

  let chosen = false;
  const choose = (choice: WebRtcChoice): void => {
    // One answer per dialog: a double click or Enter held down must not send twice.
    if (chosen) return;
    chosen = true;
    for (const button of buttons) button.disabled = true;
    if (choice === 'ignoreTab') {
      close();
      // Nothing changes for the user if this is lost: the proxy stays on either way.
      services.sendChoice(choice).catch(() => undefined);
      return;
    }
    services.sendChoice(choice).then((accepted) => {
      if (!accepted) {
        failed();
        return;
      }
      stage(
        t('webrtcExemptedText'),
        [
          { label: t('webrtcNotNow'), run: close },
          { label: t('webrtcReload'), primary: true, run: reload },
        ],
        close,
      );
    }, failed);
  };

  stage(
    t('webrtcDialogText'),
    [
      { label: t('webrtcExemptTab'), run: () => choose('exemptTab') },
      { label: t('webrtcKeepOn'), primary: true, run: () => choose('ignoreTab') },
    ],
    () => choose('ignoreTab'),
  );

  dialog.addEventListener('keydown', (event) => {
    if (!event.isTrusted) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      onEscape();
    } else if (event.key === 'Tab') {
      event.preventDefault();
      const active = buttons.find((button) => button === root.activeElement) ?? null;
      nextInCycle(buttons, active, event.shiftKey)?.focus();
    }
  });
  // A click on the dimmed backdrop must not move focus to the page behind the modal dialog.
  host.addEventListener('mousedown', (event) => {
    if (event.composedPath()[0] === host) event.preventDefault();
  });

  // On the root element rather than <body>: a transformed body would make `position: fixed` relative to it.
  doc.documentElement.append(host);
  guard = new ClickGuard(host, clock, focusPrimary);
  focusPrimary();
  return { host, root, close };
}
