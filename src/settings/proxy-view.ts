import { type MessageKey, t } from '../shared/i18n';
import type { RequestOf, StateSnapshot } from '../shared/protocol';
import type { StateName } from '../shared/state-names';

/** How the card looks: drives colours only, never behaviour. */
type Tone = 'on' | 'off' | 'busy' | 'warning';

interface ProxyLook {
  statusKey: MessageKey;
  tone: Tone;
  /** The switch's position, or hidden where on and off mean nothing yet (starting, signed out, signing in). */
  switchPosition: 'on' | 'off' | 'hidden';
}

/**
 * One line per state, saying what happens to the user's traffic. The states that heal by themselves, or need the
 * user, keep the switch on: the user asked for the proxy, and pages stay blocked rather than going out unprotected.
 * Exhaustive: a new state will not compile until it has its line.
 */
const LOOKS: Record<StateName, ProxyLook> = {
  loading: { statusKey: 'settingsProxyLoading', tone: 'busy', switchPosition: 'hidden' },
  unauthenticated: { statusKey: 'settingsProxySignedOut', tone: 'off', switchPosition: 'hidden' },
  authenticating: { statusKey: 'settingsProxySigningIn', tone: 'busy', switchPosition: 'hidden' },
  inactive: { statusKey: 'settingsProxyOff', tone: 'off', switchPosition: 'off' },
  connecting: { statusKey: 'settingsProxyConnecting', tone: 'busy', switchPosition: 'on' },
  active: { statusKey: 'settingsProxyOn', tone: 'on', switchPosition: 'on' },
  otherProxyInUse: { statusKey: 'settingsProxyOtherProxy', tone: 'warning', switchPosition: 'on' },
  captivePortal: { statusKey: 'settingsProxyCaptivePortal', tone: 'warning', switchPosition: 'on' },
  offline: { statusKey: 'settingsProxyOffline', tone: 'warning', switchPosition: 'on' },
  proxyError: { statusKey: 'settingsProxyError', tone: 'warning', switchPosition: 'on' },
  tooManyRequests: { statusKey: 'settingsProxyTooManyRequests', tone: 'warning', switchPosition: 'on' },
  authFailure: { statusKey: 'settingsProxyAuthFailure', tone: 'warning', switchPosition: 'on' },
};

/** Draws the proxy card: the state in words, its tone, the switch, and the private windows warning. */
export function renderProxy(root: ParentNode, snapshot: StateSnapshot): void {
  const look = LOOKS[snapshot.state];
  const card = root.querySelector<HTMLElement>('#proxy');
  if (card) card.dataset.tone = look.tone;
  const status = root.querySelector('#proxy-status');
  if (status) status.textContent = t(look.statusKey);
  const toggle = root.querySelector<HTMLButtonElement>('#proxy-switch');
  if (toggle) {
    toggle.hidden = look.switchPosition === 'hidden';
    toggle.setAttribute('aria-checked', String(look.switchPosition === 'on'));
  }
  const privateWarning = root.querySelector<HTMLElement>('#private-warning');
  if (privateWarning) privateWarning.hidden = snapshot.privateBrowsingAllowed !== false;
}

/**
 * Wires the switch. A click asks for the opposite of what the switch shows, which is the background's last state;
 * the switch moves only when the background's new state arrives. Disabled while a request is out (a disabled button
 * gets no clicks), so a double click is one request.
 */
export function wireProxySwitch(
  toggle: HTMLButtonElement,
  send: (request: RequestOf<'proxy.setEnabled'>) => Promise<unknown>,
  onFailure: (error: unknown) => void,
): void {
  toggle.addEventListener('click', () => {
    toggle.disabled = true;
    const enabled = toggle.getAttribute('aria-checked') !== 'true';
    send({ type: 'proxy.setEnabled', enabled, via: 'settingsSwitch' })
      .catch(onFailure)
      .finally(() => {
        toggle.disabled = false;
      });
  });
}
