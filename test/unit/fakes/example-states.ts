import type { ProxyState } from '../../../src/background/proxy/state';
import type { StateName } from '../../../src/shared/state-names';

/** One example of every state, keyed by name, so a new state without an example here fails to compile. */
export const EXAMPLE_STATES: Record<StateName, ProxyState> = {
  loading: { name: 'loading' },
  unauthenticated: { name: 'unauthenticated' },
  authenticating: { name: 'authenticating', failClosed: false },
  inactive: { name: 'inactive' },
  connecting: { name: 'connecting' },
  active: { name: 'active' },
  otherProxyInUse: { name: 'otherProxyInUse' },
  captivePortal: { name: 'captivePortal' },
  offline: { name: 'offline' },
  proxyError: { name: 'proxyError', retryAt: 1, cause: 'proxyUnreachable' },
  tooManyRequests: { name: 'tooManyRequests', retryAt: 1 },
  authFailure: { name: 'authFailure' },
};
