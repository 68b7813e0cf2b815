import type { MessageKey } from '../shared/i18n';
import type { StateName } from '../shared/state-names';

export interface IconChoice {
  /** Relative to the add-on's root, where the background page lives. */
  path: string;
  titleKey: MessageKey;
}

const ON = 'icons/on.svg';
const OFF = 'icons/off.svg';
const WARNING = 'icons/warning.svg';

/**
 * The toolbar icon for each state: on while the proxy protects (or is about to), off while it does not and needs
 * nothing, warning whenever the user is on but not protected and something needs their attention. Exhaustive over
 * the states, so a new state does not compile until it has an icon.
 */
const ICONS: Record<StateName, IconChoice> = {
  loading: { path: OFF, titleKey: 'extensionName' },
  unauthenticated: { path: OFF, titleKey: 'popupIconTitleSignedOut' },
  authenticating: { path: OFF, titleKey: 'popupIconTitleSignedOut' },
  inactive: { path: OFF, titleKey: 'popupIconTitleOff' },
  connecting: { path: ON, titleKey: 'popupIconTitleConnecting' },
  active: { path: ON, titleKey: 'popupIconTitleOn' },
  otherProxyInUse: { path: WARNING, titleKey: 'popupIconTitleWarning' },
  captivePortal: { path: WARNING, titleKey: 'popupIconTitleWarning' },
  offline: { path: WARNING, titleKey: 'popupIconTitleWarning' },
  proxyError: { path: WARNING, titleKey: 'popupIconTitleWarning' },
  tooManyRequests: { path: WARNING, titleKey: 'popupIconTitleWarning' },
  authFailure: { path: WARNING, titleKey: 'popupIconTitleWarning' },
};

const PRIVATE_UNPROTECTED: IconChoice = { path: WARNING, titleKey: 'popupIconTitlePrivateUnprotected' };

/**
 * The icon for a state. "On" without the permission to run in private windows is a warning: the user's private
 * windows go direct while the icon would otherwise say they are protected.
 */
export function iconFor(stateName: StateName, privateBrowsingAllowed = true): IconChoice {
  const choice = ICONS[stateName];
  return choice.path === ON && !privateBrowsingAllowed ? PRIVATE_UNPROTECTED : choice;
}

export interface BrowserActionApi {
  setIcon(details: { path: string }): Promise<void>;
  setTitle(details: { title: string }): Promise<void>;
}

/** Keeps the toolbar button in step with the state, calling the browser only when the icon or its title changes. */
export class ToolbarIcon {
  private shownPath: string | undefined;
  private shownTitleKey: MessageKey | undefined;

  constructor(
    private readonly browserAction: BrowserActionApi,
    private readonly getMessage: (key: MessageKey) => string,
  ) {}

  async apply(state: StateName, privateBrowsingAllowed = true): Promise<void> {
    const { path, titleKey } = iconFor(state, privateBrowsingAllowed);
    const calls: Promise<void>[] = [];
    // Claimed before awaiting, so a burst of identical states makes one call; forgotten on failure, so the next
    // state change tries again instead of believing a stale icon is shown.
    if (path !== this.shownPath) {
      this.shownPath = path;
      calls.push(this.forgetOnFailure(this.browserAction.setIcon({ path }), () => (this.shownPath = undefined)));
    }
    if (titleKey !== this.shownTitleKey) {
      this.shownTitleKey = titleKey;
      const title = this.getMessage(titleKey);
      calls.push(this.forgetOnFailure(this.browserAction.setTitle({ title }), () => (this.shownTitleKey = undefined)));
    }
    await Promise.all(calls);
  }

  private async forgetOnFailure(call: Promise<void>, forget: () => void): Promise<void> {
    try {
      await call;
    } catch (error) {
      forget();
      throw error;
    }
  }
}
