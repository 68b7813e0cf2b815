import {
  blockingState,
  failsClosed,
  isOn,
  type ProxyState,
  routesThroughProxy,
} from '../../../../src/background/proxy/state';
import { EXAMPLE_STATES } from '../../fakes/example-states';

const EXAMPLES = EXAMPLE_STATES;

/** [isOn, failsClosed, routesThroughProxy] per state. */
const EXPECTED: Record<ProxyState['name'], [boolean, boolean, boolean]> = {
  loading: [false, false, false],
  unauthenticated: [false, false, false],
  authenticating: [false, false, false],
  inactive: [false, false, false],
  connecting: [true, true, true],
  active: [true, true, true],
  // On, and nothing may go direct, but the user's own proxy carries the requests.
  otherProxyInUse: [true, true, false],
  captivePortal: [true, true, true],
  offline: [true, true, true],
  proxyError: [true, true, true],
  tooManyRequests: [true, true, true],
  authFailure: [true, true, true],
};

describe('state predicates', () => {
  it.each(Object.keys(EXAMPLES) as ProxyState['name'][])('%s', (name) => {
    const state = EXAMPLES[name];
    expect([isOn(state), failsClosed(state), routesThroughProxy(state)]).toEqual(EXPECTED[name]);
  });

  it('keeps failing closed while re-authenticating from an on state, through our proxy', () => {
    const state: ProxyState = { name: 'authenticating', failClosed: true };
    expect([isOn(state), failsClosed(state), routesThroughProxy(state)]).toEqual([false, true, true]);
  });
});

describe('blockingState', () => {
  const clear = { online: true, captivePortalLocked: false, otherProxyConfigured: false };

  it('finds nothing in clear surroundings', () => {
    expect(blockingState(clear)).toBeUndefined();
  });

  it('names the most fundamental problem first: another proxy, then no network, then a portal', () => {
    expect([
      blockingState({ online: false, captivePortalLocked: true, otherProxyConfigured: true }),
      blockingState({ ...clear, online: false, captivePortalLocked: true }),
      blockingState({ ...clear, captivePortalLocked: true }),
    ]).toEqual([{ name: 'otherProxyInUse' }, { name: 'offline' }, { name: 'captivePortal' }]);
  });
});
