import type { MessageKey } from '../shared/i18n';
import type { StateSnapshot } from '../shared/protocol';
import { type FailedLoadCause, readProxyErrorQuery } from '../shared/proxy-error-page';
import type { StateName } from '../shared/state-names';

/** What happened to the load, as the background saw it when it failed. */
const WHAT_HAPPENED: Record<FailedLoadCause, { heading: MessageKey; text: MessageKey }> = {
  proxyUnreachable: { heading: 'errorPageUnreachableHeading', text: 'errorPageUnreachableText' },
  tokenRefused: { heading: 'errorPageRefusedHeading', text: 'errorPageRefusedText' },
  rateLimited: { heading: 'errorPageRateLimitedHeading', text: 'errorPageRateLimitedText' },
};

/** What is happening now, from the live state: whether to wait, act, or that the proxy no longer stands in the way. */
const STATUS: Record<StateName, MessageKey> = {
  loading: 'errorPageStatusConnecting',
  authenticating: 'errorPageStatusConnecting',
  connecting: 'errorPageStatusConnecting',
  // The failure may have come while the proxy still looked healthy: the background is checking it.
  active: 'errorPageStatusChecking',
  proxyError: 'errorPageStatusWaiting',
  tooManyRequests: 'errorPageStatusWaiting',
  authFailure: 'errorPageStatusSignIn',
  offline: 'errorPageStatusNetwork',
  captivePortal: 'errorPageStatusNetwork',
  otherProxyInUse: 'errorPageStatusNetwork',
  inactive: 'errorPageStatusOff',
  unauthenticated: 'errorPageStatusOff',
};

/** States in which our proxy does not carry the page: "Try again" loads it the user's own way. */
const PROXY_NOT_IN_THE_WAY: ReadonlySet<StateName> = new Set<StateName>(['inactive', 'unauthenticated']);

export interface ProxyErrorPageDeps {
  document: Document;
  /** The page's own `location.search`: the failed address and the cause (shared/proxy-error-page.ts). */
  search: string;
  t(key: MessageKey): string;
  subscribe(onSnapshot: (snapshot: StateSnapshot) => void): () => void;
  /** Asks the background to try the proxy again now (`proxy.retry`), and gives the state it reached. */
  retry(): Promise<StateSnapshot>;
  /** Starts signing in again (`auth.signIn`): in authFailure, trying again cannot help, a new sign-in can. */
  signIn(): Promise<StateSnapshot>;
  /** Leaves this page for `url`, replacing it in the tab's history (location.replace). */
  navigate(url: string): void;
}

/**
 * Our page in place of a top-level load that Secure Proxy made fail. It says what happened and what is happening
 * now, and loads the address again by itself once the proxy is back: when the state becomes `active` after the
 * first snapshot (which is the state at the failure, or just after), or at once when "Try again" finds it active.
 */
export function startProxyErrorPage(deps: ProxyErrorPageDeps): void {
  const find = (id: string): HTMLElement => {
    const element = deps.document.getElementById(id);
    if (!element) throw new Error(`the proxy error page has no #${id}`);
    return element;
  };
  const heading = find('heading');
  const explanation = find('explanation');
  const status = find('status');
  const retry = find('retry') as HTMLButtonElement;
  const { url, cause } = readProxyErrorQuery(deps.search);

  if (cause) {
    heading.textContent = deps.t(WHAT_HAPPENED[cause].heading);
    explanation.textContent = deps.t(WHAT_HAPPENED[cause].text);
  }
  if (url === undefined) {
    // Nothing to load again: the page can still explain, but a button that does nothing would mislead.
    retry.hidden = true;
  } else {
    find('address').textContent = url;
    find('address-line').hidden = false;
    retry.focus();
  }

  let leaving = false;
  const leave = () => {
    if (leaving || url === undefined) return;
    leaving = true;
    status.textContent = deps.t('errorPageStatusBack');
    retry.disabled = true;
    deps.navigate(url);
  };
  let current: StateName | undefined;
  const show = (state: StateName) => {
    current = state;
    if (leaving) return;
    status.textContent = deps.t(STATUS[state]);
    retry.textContent = deps.t(state === 'authFailure' ? 'errorPageSignInAgain' : 'errorPageRetry');
  };

  let snapshots = 0;
  deps.subscribe((snapshot) => {
    snapshots += 1;
    show(snapshot.state);
    if (snapshots > 1 && snapshot.state === 'active') leave();
  });

  retry.addEventListener('click', () => {
    retry.disabled = true;
    // Once signed in, the proxy connects and the state becomes active: the subscription then loads the address.
    (current === 'authFailure' ? deps.signIn() : deps.retry()).then(
      (snapshot) => {
        show(snapshot.state);
        if (snapshot.state === 'active' || PROXY_NOT_IN_THE_WAY.has(snapshot.state)) leave();
        else retry.disabled = false;
      },
      (error: unknown) => {
        console.error('[secure-proxy] could not ask the background to try again or sign in', error);
        retry.disabled = false;
      },
    );
  });
}
