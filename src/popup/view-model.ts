import type { MessageKey } from '../shared/i18n';
import type { SignInFailure, StateSnapshot } from '../shared/protocol';

export type StateName = StateSnapshot['state'];

/**
 * What a button in a view does. `turnOn`/`turnOff` belong to the large state button (recorded as `stateButton`);
 * the compact switch in the header is separate and records `toggleButton`.
 */
export type ActionKind = 'signIn' | 'retry' | 'openPortal' | 'turnOn' | 'turnOff' | 'reload';

/** How the view looks: drives colours only, never behaviour. */
export type Tone = 'on' | 'off' | 'busy' | 'warning';

/** Which view is on screen: one per state, plus the popup's own "the background did not answer". */
export type ViewId = StateName | 'loadError';

export interface ViewModel {
  id: ViewId;
  tone: Tone;
  titleKey: MessageKey;
  /** Plain-language paragraphs, in order. */
  bodyKeys: MessageKey[];
  /** Numbered steps, for fixes the user makes outside the add-on. */
  stepKeys: MessageKey[];
  action?: { kind: ActionKind; labelKey: MessageKey };
  /** Epoch ms of the next automatic retry, shown as a countdown. */
  retryAt?: number;
  /** Set while Firefox does not let the add-on run in private windows: they go direct, whatever the state. */
  privateWindowsUnprotected?: true;
  /** Why the last sign-in did not work, in the state it led to; the view says it first. */
  signInFailure?: SignInFailure;
  /** The header switch: its position, or hidden where turning on or off means nothing (signed out, signing in). */
  toggle: 'on' | 'off' | 'hidden';
}

type Base = Omit<ViewModel, 'id' | 'retryAt' | 'privateWindowsUnprotected' | 'signInFailure'>;

const RETRY = { kind: 'retry', labelKey: 'popupActionRetry' } as const;

/** The fixed part of every view; the snapshot only adds the retry time. Exhaustive: a new state will not compile. */
const VIEWS: Record<ViewId, Base> = {
  loading: { tone: 'busy', titleKey: 'popupLoadingTitle', bodyKeys: [], stepKeys: [], toggle: 'hidden' },
  loadError: {
    tone: 'warning',
    titleKey: 'popupLoadErrorTitle',
    bodyKeys: ['popupLoadErrorBody'],
    stepKeys: [],
    action: { kind: 'reload', labelKey: 'popupActionReload' },
    toggle: 'hidden',
  },
  unauthenticated: {
    tone: 'off',
    titleKey: 'popupSignedOutTitle',
    bodyKeys: ['popupSignedOutBody'],
    stepKeys: [],
    action: { kind: 'signIn', labelKey: 'popupActionSignIn' },
    toggle: 'hidden',
  },
  authenticating: {
    tone: 'busy',
    titleKey: 'popupAuthenticatingTitle',
    bodyKeys: ['popupAuthenticatingBody'],
    stepKeys: [],
    toggle: 'hidden',
  },
  inactive: {
    tone: 'off',
    titleKey: 'popupOffTitle',
    bodyKeys: ['popupOffBody'],
    stepKeys: [],
    action: { kind: 'turnOn', labelKey: 'popupActionTurnOn' },
    toggle: 'off',
  },
  connecting: {
    tone: 'busy',
    titleKey: 'popupConnectingTitle',
    bodyKeys: ['popupConnectingBody'],
    stepKeys: [],
    action: { kind: 'turnOff', labelKey: 'popupActionTurnOff' },
    toggle: 'on',
  },
  active: {
    tone: 'on',
    titleKey: 'popupOnTitle',
    bodyKeys: ['popupOnBody'],
    stepKeys: [],
    action: { kind: 'turnOff', labelKey: 'popupActionTurnOff' },
    toggle: 'on',
  },
  otherProxyInUse: {
    tone: 'warning',
    titleKey: 'popupOtherProxyTitle',
    bodyKeys: ['popupOtherProxyBody'],
    stepKeys: ['popupOtherProxyStep1', 'popupOtherProxyStep2', 'popupOtherProxyStep3'],
    // The way out when the user wants to keep their own proxy.
    action: { kind: 'turnOff', labelKey: 'popupActionTurnOffInstead' },
    toggle: 'on',
  },
  captivePortal: {
    tone: 'warning',
    titleKey: 'popupCaptivePortalTitle',
    bodyKeys: ['popupCaptivePortalBody'],
    stepKeys: [],
    action: { kind: 'openPortal', labelKey: 'popupActionOpenPortal' },
    toggle: 'on',
  },
  offline: {
    tone: 'warning',
    titleKey: 'popupOfflineTitle',
    bodyKeys: ['popupOfflineBody'],
    stepKeys: [],
    action: RETRY,
    toggle: 'on',
  },
  proxyError: {
    tone: 'warning',
    titleKey: 'popupProxyErrorTitle',
    bodyKeys: ['popupProxyErrorBody', 'popupBlockedMeanwhile'],
    stepKeys: [],
    action: RETRY,
    toggle: 'on',
  },
  tooManyRequests: {
    tone: 'warning',
    titleKey: 'popupTooManyRequestsTitle',
    bodyKeys: ['popupTooManyRequestsBody', 'popupBlockedMeanwhile'],
    stepKeys: [],
    action: RETRY,
    toggle: 'on',
  },
  authFailure: {
    tone: 'warning',
    titleKey: 'popupAuthFailureTitle',
    bodyKeys: ['popupAuthFailureBody', 'popupBlockedMeanwhile'],
    stepKeys: [],
    action: { kind: 'signIn', labelKey: 'popupActionSignInAgain' },
    toggle: 'on',
  },
};

/** What happened, and what to do about it, for each way a sign-in can fail. */
const SIGN_IN_FAILURE_KEYS: Record<SignInFailure, MessageKey> = {
  serverError: 'popupSignInFailedServerError',
  unreachable: 'popupSignInFailedUnreachable',
  proxyAccess: 'popupSignInFailedProxyAccess',
};

/**
 * A failed sign-in, told in the view it led to. Signed out, the failure is the whole story: its own title, a warning
 * tone and "Try again". In authFailure (a sign-in again that failed) the state's own explanation still holds, so the
 * failure is said first and the rest follows.
 */
function withSignInFailure(model: ViewModel, failure: SignInFailure): ViewModel {
  const said = SIGN_IN_FAILURE_KEYS[failure];
  if (model.id === 'unauthenticated') {
    return {
      ...model,
      tone: 'warning',
      titleKey: 'popupSignInFailedTitle',
      bodyKeys: [said],
      action: { kind: 'signIn', labelKey: 'popupActionRetry' },
      signInFailure: failure,
    };
  }
  return { ...model, bodyKeys: [said, ...model.bodyKeys], signInFailure: failure };
}

/** The view for a snapshot, or for the loading error when there is none. Pure: no DOM, no clock. */
export function viewModelFor(snapshot: StateSnapshot | 'loadError'): ViewModel {
  if (snapshot === 'loadError') return { id: 'loadError', ...VIEWS.loadError };
  let model: ViewModel = { id: snapshot.state, ...VIEWS[snapshot.state] };
  if (snapshot.retryAt !== undefined && model.action?.kind === 'retry') model.retryAt = snapshot.retryAt;
  if (snapshot.privateBrowsingAllowed === false) {
    model.privateWindowsUnprotected = true;
    // "On" while private windows go direct is not all well: it looks like the warning the toolbar icon shows, and
    // its title says what is not protected (the warning below it says how to fix that).
    if (model.tone === 'on') model = { ...model, tone: 'warning', titleKey: 'popupOnPrivateUnprotectedTitle' };
  }
  if (snapshot.signInFailure !== undefined && (model.id === 'unauthenticated' || model.id === 'authFailure')) {
    model = withSignInFailure(model, snapshot.signInFailure);
  }
  return model;
}
