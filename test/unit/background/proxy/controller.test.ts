import {
  DOWN_CONFIRMATION_DELAY_MS,
  MAX_RENEWAL_DELAY_MS,
  MAX_RETRY_AFTER_MS,
} from '../../../../src/background/proxy/controller';
import { NETWORK_SETTLE_MS } from '../../../../src/background/proxy/error-episodes';
import { CLEAR, createController, settle } from './controller-harness';

/** Lets each back-off delay pass in turn: one advance fires only the timers due by then, not those set meanwhile. */
async function retriesFail(c: ReturnType<typeof createController>, delays: number[]): Promise<void> {
  for (const delay of delays) await c.timers.advance(delay);
}

describe('ProxyController start-up', () => {
  it('is unauthenticated without an account', async () => {
    const c = createController();
    c.account.signedIn = false;
    await c.start();
    expect(c.name()).toBe('unauthenticated');
  });

  it('is inactive when the user had turned the proxy off', async () => {
    const c = createController({ wantsOn: false });
    await c.start();
    expect(c.name()).toBe('inactive');
    expect(c.probe.calls).toBe(0);
  });

  it('connects, through connecting, to active when the user had it on', async () => {
    const c = createController();
    await c.start();
    expect(c.published.map((state) => state.name)).toEqual(['connecting', 'active']);
    expect(c.events).toEqual([]);
  });

  it('records otherProxyInUse when another proxy is configured', async () => {
    const c = createController();
    await c.start({ ...CLEAR, otherProxyConfigured: true });
    expect(c.name()).toBe('otherProxyInUse');
    expect(c.events).toEqual(['general/otherProxyInUse']);
  });

  it.each([
    ['offline', { ...CLEAR, online: false }],
    ['captivePortal', { ...CLEAR, captivePortalLocked: true }],
  ])('enters %s when the surroundings block the proxy', async (expected, surroundings) => {
    const c = createController();
    await c.start(surroundings);
    expect(c.name()).toBe(expected);
  });
});

describe('ProxyController connecting', () => {
  it('gets a token first when none is usable', async () => {
    const c = createController();
    c.account.token = undefined;
    await c.start();
    expect(c.account.refreshes).toBe(1);
    expect(c.name()).toBe('active');
  });

  it('records networking/connecting and retries with back-off when the proxy is unreachable', async () => {
    const c = createController({ proxyUp: false });
    await c.start();
    expect(c.name()).toBe('proxyError');
    expect(c.events).toEqual(['networking/connecting']);
    c.probe.up = true;
    await c.timers.advance(999);
    expect(c.name()).toBe('proxyError');
    await c.timers.advance(1);
    expect(c.name()).toBe('active');
  });

  it('goes to authFailure, without a 407 event, when the refresh token was revoked', async () => {
    const c = createController();
    c.account.token = undefined;
    c.account.refreshFailure = 'revoked';
    await c.start();
    expect(c.name()).toBe('authFailure');
    expect(c.events).toEqual([]);
  });

  it('treats an unreachable accounts server as a passing error, not a proxy one', async () => {
    const c = createController();
    c.account.token = undefined;
    c.account.refreshFailure = 'network';
    await c.start();
    expect(c.controller.current()).toMatchObject({ name: 'proxyError', cause: 'accountsUnreachable' });
    expect(c.events).toEqual([]);
  });

  it('ignores a connection result that arrives after the user turned the proxy off', async () => {
    const c = createController();
    await c.start();
    await c.send({ type: 'setEnabled', enabled: false });
    await c.send({ type: 'connectFinished', generation: 1, outcome: 'connected' });
    expect(c.name()).toBe('inactive');
  });
});

describe('ProxyController user actions', () => {
  it('turns off and on, saving the choice', async () => {
    const c = createController();
    await c.start();
    await c.send({ type: 'setEnabled', enabled: false });
    expect(c.name()).toBe('inactive');
    await c.send({ type: 'setEnabled', enabled: true });
    expect(c.name()).toBe('active');
    expect(c.saved).toEqual([false, true]);
    expect(c.events).toEqual([]);
  });

  it('signs in with authStarted then authCompleted, and turns the proxy on', async () => {
    const c = createController();
    c.account.signedIn = false;
    await c.start();
    await c.send({ type: 'signIn' });
    expect(c.events).toEqual(['fxa/authStarted', 'fxa/authCompleted']);
    expect(c.published.map((state) => state.name)).toEqual([
      'unauthenticated',
      'authenticating',
      'connecting',
      'active',
    ]);
  });

  it('returns quietly to unauthenticated when the user cancels: no authFailed, no reason to show', async () => {
    const c = createController();
    c.account.signedIn = false;
    c.account.signInFailure = 'cancelled';
    await c.start();
    await c.send({ type: 'signIn' });
    expect(c.events).toEqual(['fxa/authStarted']);
    expect(c.controller.current()).toStrictEqual({ name: 'unauthenticated' });
  });

  it.each([
    ['badReply', 'serverError'],
    ['revoked', 'serverError'],
    ['network', 'unreachable'],
  ] as const)(
    'records authFailed once when the login fails with %s, and says %s in unauthenticated',
    async (failure, reason) => {
      const c = createController();
      c.account.signedIn = false;
      c.account.signInFailure = failure;
      await c.start();
      await c.send({ type: 'signIn' });
      expect(c.events).toEqual(['fxa/authStarted', 'fxa/authFailed']);
      expect(c.controller.current()).toStrictEqual({ name: 'unauthenticated', signInFailure: reason });
      expect(c.account.signOuts).toBe(0);
    },
  );

  it('undoes a login whose first proxy token failed, records authFailed, and says proxyAccess', async () => {
    const c = createController();
    c.account.signedIn = false;
    c.account.signInFailure = 'noProxyAccess';
    await c.start();
    await c.send({ type: 'signIn' });
    expect(c.account.signOuts).toBe(1);
    expect(c.events).toEqual(['fxa/authStarted', 'fxa/authFailed']);
    expect(c.controller.current()).toStrictEqual({ name: 'unauthenticated', signInFailure: 'proxyAccess' });
  });

  it('keeps authFailure, with the reason, when signing in again fails with the old account still there', async () => {
    const c = createController();
    await c.start();
    c.account.signInFailure = 'badReply';
    await c.send({ type: 'signIn' });
    expect(c.controller.current()).toStrictEqual({ name: 'authFailure', signInFailure: 'serverError' });
  });

  it('fails closed while re-authenticating from an on state', async () => {
    const c = createController();
    await c.start();
    let closeWindow: () => void = () => undefined;
    c.account.signInGate = new Promise((resolve) => {
      closeWindow = resolve;
    });
    c.account.signInFailure = 'cancelled';
    await c.send({ type: 'signIn' });
    expect(c.controller.current()).toEqual({ name: 'authenticating', failClosed: true });
    closeWindow();
    await settle();
    expect(c.controller.current()).toStrictEqual({ name: 'authFailure' });
    expect(c.events).toEqual(['fxa/authStarted']);
  });

  it('signs out to unauthenticated', async () => {
    const c = createController();
    await c.start();
    await c.send({ type: 'signOut' });
    expect(c.name()).toBe('unauthenticated');
    expect(c.account.signOuts).toBe(1);
  });

  it('ignores on/off while signed out', async () => {
    const c = createController();
    c.account.signedIn = false;
    await c.start();
    await c.send({ type: 'setEnabled', enabled: true });
    expect(c.name()).toBe('unauthenticated');
  });
});

describe('ProxyController proxy errors', () => {
  it('renews the token once on a 407 and stays active, counting the refused token', async () => {
    const c = createController();
    await c.start();
    await c.send({ type: 'proxyAuthRejected', at: c.timers.now, usedAuthorization: 'Bearer token-1' });
    expect(c.account.refreshes).toBe(1);
    expect(c.name()).toBe('active');
    expect(c.events).toEqual(['networking/407']);
  });

  it('goes to authFailure when the renewed token is refused too, counting each refused token once', async () => {
    const c = createController();
    await c.start();
    await c.send({ type: 'proxyAuthRejected', at: c.timers.now, usedAuthorization: 'Bearer token-1' });
    await c.send({ type: 'proxyAuthRejected', at: c.timers.now, usedAuthorization: 'Bearer token-2' });
    expect(c.name()).toBe('authFailure');
    expect(c.events).toEqual(['networking/407', 'networking/407']);
  });

  it('counts a token once however many of its requests are refused, and a newer token again', async () => {
    const c = createController();
    await c.start();
    for (let request = 0; request < 5; request += 1) {
      await c.send({ type: 'proxyAuthRejected', at: c.timers.now, usedAuthorization: 'Bearer token-1' });
    }
    expect([c.name(), c.events]).toEqual(['active', ['networking/407']]);
    // A scheduled renewal later gives the next token its own chance; its refusal is a new one.
    c.account.token = { value: 'token-9', expiresAt: Number.MAX_SAFE_INTEGER };
    await c.send({ type: 'renewalFinished', outcome: 'renewed' });
    await c.send({ type: 'proxyAuthRejected', at: c.timers.now, usedAuthorization: 'Bearer token-9' });
    expect([c.name(), c.events]).toEqual(['active', ['networking/407', 'networking/407']]);
  });

  it('ignores a late 407 for the token that was already replaced', async () => {
    const c = createController();
    await c.start();
    await c.send({ type: 'proxyAuthRejected', at: c.timers.now, usedAuthorization: 'Bearer token-1' });
    await c.send({ type: 'proxyAuthRejected', at: c.timers.now, usedAuthorization: 'Bearer token-1' });
    expect(c.name()).toBe('active');
  });

  it('ignores a late 407 for the replaced token even in the minute before the new one is renewed', async () => {
    const c = createController();
    await c.start();
    await c.send({ type: 'proxyAuthRejected', at: c.timers.now, usedAuthorization: 'Bearer token-1' });
    c.account.insideRenewalWindow = true;
    await c.send({ type: 'proxyAuthRejected', at: c.timers.now, usedAuthorization: 'Bearer token-1' });
    expect([c.name(), c.events]).toEqual(['active', ['networking/407']]);
  });

  it('judges by time when Firefox does not report the header', async () => {
    const c = createController();
    await c.start();
    const before = c.timers.now;
    await c.send({ type: 'proxyAuthRejected', at: before, usedAuthorization: undefined });
    await c.send({ type: 'proxyAuthRejected', at: before - 1, usedAuthorization: undefined });
    expect(c.name()).toBe('active');
    await c.timers.advance(10);
    await c.send({ type: 'proxyAuthRejected', at: c.timers.now, usedAuthorization: undefined });
    expect(c.name()).toBe('authFailure');
  });

  it('makes one refresh for 100 concurrent 407s', async () => {
    const c = createController();
    await c.start();
    await Promise.all(
      Array.from({ length: 100 }, () =>
        c.controller.dispatch({ type: 'proxyAuthRejected', at: c.timers.now, usedAuthorization: 'Bearer token-1' }),
      ),
    );
    await Promise.resolve();
    expect(c.account.refreshes).toBe(1);
  });

  it('goes to authFailure with networking/407 when the 407 refresh finds the account revoked', async () => {
    const c = createController();
    await c.start();
    c.account.refreshFailure = 'revoked';
    await c.send({ type: 'proxyAuthRejected', at: c.timers.now, usedAuthorization: 'Bearer token-1' });
    expect(c.name()).toBe('authFailure');
    expect(c.events).toEqual(['networking/407']);
  });

  it('records one networking/429 per episode: retries and new 429s count only after a request got through', async () => {
    const c = createController();
    await c.start();
    for (let cycle = 0; cycle < 5; cycle += 1) {
      await c.send({ type: 'proxyRateLimited', retryAfterMs: 1000 });
      expect(c.name()).toBe('tooManyRequests');
      // The retry reaches the proxy itself (a probe), which says nothing about the limit.
      await c.timers.advance(1000);
      expect(c.name()).toBe('active');
      expect(c.controller.awaitsRequestSuccess()).toBe(true);
    }
    expect(c.events).toEqual(['networking/429']);
    await c.send({ type: 'proxyRequestSucceeded' });
    expect(c.controller.awaitsRequestSuccess()).toBe(false);
    await c.send({ type: 'proxyRateLimited', retryAfterMs: 1000 });
    expect(c.events).toEqual(['networking/429', 'networking/429']);
  });

  it('ends a rate-limit episode when the proxy is turned off', async () => {
    const c = createController();
    await c.start();
    await c.send({ type: 'proxyRateLimited', retryAfterMs: 1000 });
    await c.send({ type: 'setEnabled', enabled: false });
    expect(c.controller.awaitsRequestSuccess()).toBe(false);
    await c.send({ type: 'setEnabled', enabled: true });
    await c.send({ type: 'proxyRateLimited', retryAfterMs: 1000 });
    expect(c.events).toEqual(['networking/429', 'networking/429']);
  });

  it('records one networking/connecting for an outage while connecting, however many retries fail', async () => {
    const c = createController({ proxyUp: false });
    await c.start();
    await retriesFail(c, [1000, 2000, 4000, 8000, 16000]);
    expect(c.probe.calls).toBe(6);
    expect([c.name(), c.events]).toEqual(['proxyError', ['networking/connecting']]);
    c.probe.up = true;
    await c.timers.advance(32_000);
    expect(c.name()).toBe('active');
    // Over: the next outage is a new one.
    c.probe.up = false;
    await c.send({ type: 'retryNow' });
    await c.send({ type: 'setEnabled', enabled: true });
    expect(c.events).toEqual(['networking/connecting']);
    await c.send({ type: 'networkChanged' });
    expect(c.name()).toBe('proxyError');
    await c.timers.advance(NETWORK_SETTLE_MS);
    expect(c.events).toEqual(['networking/connecting', 'networking/connecting']);
  });

  it('records one networking/proxyDown, and no connecting, for an outage while in use', async () => {
    const c = createController();
    await c.start();
    c.probe.up = false;
    await c.send({ type: 'proxySuspectedDown' });
    await c.timers.advance(DOWN_CONFIRMATION_DELAY_MS);
    await retriesFail(c, [1000, 2000, 4000, 8000]);
    expect([c.name(), c.events]).toEqual(['proxyError', ['networking/proxyDown']]);
    c.probe.up = true;
    await c.timers.advance(16_000);
    expect([c.name(), c.events]).toEqual(['active', ['networking/proxyDown']]);
  });

  it('records nothing for the gap after a wake-up or a network change that the proxy outlasts', async () => {
    const c = createController();
    await c.start();
    c.probe.up = false;
    await c.send({ type: 'networkChanged' });
    // Retries at 1, 2, 4 and 8 s fail: the network is still coming up.
    await retriesFail(c, [1000, 2000, 4000, 8000]);
    expect(c.name()).toBe('proxyError');
    c.probe.up = true;
    await c.timers.advance(16_000);
    expect([c.name(), c.events]).toEqual(['active', []]);
  });

  it('records the outage once when the proxy is still unreachable after the network settled', async () => {
    const c = createController();
    await c.start();
    c.probe.up = false;
    await c.send({ type: 'networkChanged' });
    await retriesFail(c, [1000, 2000, 4000, 8000]);
    expect(c.events).toEqual([]);
    // The retry 31 s after the change is past the settling time.
    await c.timers.advance(16_000);
    await c.timers.advance(32_000);
    expect([c.name(), c.events]).toEqual(['proxyError', ['networking/connecting']]);
  });

  it('gives the network its settling time when it comes back after being offline', async () => {
    const c = createController();
    await c.start();
    await c.send({ type: 'surroundingsChanged', change: { online: false } });
    c.probe.up = false;
    await c.send({ type: 'surroundingsChanged', change: { online: true } });
    await c.timers.advance(1000);
    c.probe.up = true;
    await c.timers.advance(2000);
    expect([c.name(), c.events]).toEqual(['active', []]);
  });

  it('gives no settling time when another proxy is removed: the network did not change', async () => {
    const c = createController();
    await c.start({ ...CLEAR, otherProxyConfigured: true });
    await c.send({ type: 'surroundingsChanged', change: { otherProxyConfigured: false } });
    expect(c.name()).toBe('active');
    c.probe.up = false;
    await c.send({ type: 'proxySuspectedDown' });
    await c.timers.advance(DOWN_CONFIRMATION_DELAY_MS);
    expect(c.events).toEqual(['general/otherProxyInUse', 'networking/proxyDown']);
  });

  it('enters tooManyRequests with networking/429 and recovers after Retry-After', async () => {
    const c = createController();
    await c.start();
    await c.send({ type: 'proxyRateLimited', retryAfterMs: 5000 });
    expect(c.controller.current()).toEqual({ name: 'tooManyRequests', retryAt: c.timers.now + 5000 });
    await c.send({ type: 'proxyRateLimited', retryAfterMs: 5000 });
    expect(c.events).toEqual(['networking/429']);
    await c.timers.advance(5000);
    expect(c.name()).toBe('active');
  });

  it('confirms proxyDown with two failed probes, then recovers with back-off', async () => {
    const c = createController();
    await c.start();
    c.probe.up = false;
    await c.send({ type: 'proxySuspectedDown' });
    expect(c.name()).toBe('active');
    await c.timers.advance(DOWN_CONFIRMATION_DELAY_MS);
    expect(c.name()).toBe('proxyError');
    expect(c.events).toEqual(['networking/proxyDown']);
    c.probe.up = true;
    await c.timers.advance(1000);
    expect(c.name()).toBe('active');
  });

  it('does not count a single blip as proxyDown', async () => {
    const c = createController();
    await c.start();
    c.probe.up = false;
    await c.send({ type: 'proxySuspectedDown' });
    c.probe.up = true;
    await c.timers.advance(DOWN_CONFIRMATION_DELAY_MS);
    expect(c.name()).toBe('active');
    expect(c.events).toEqual([]);
  });

  it('backs off longer after each failed retry', async () => {
    const c = createController({ proxyUp: false });
    await c.start();
    const delays: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const state = c.controller.current();
      if (state.name !== 'proxyError') throw new Error(`expected proxyError, got ${state.name}`);
      delays.push(state.retryAt - c.timers.now);
      await c.timers.advance(state.retryAt - c.timers.now);
    }
    expect(delays).toEqual([1000, 2000, 4000]);
  });

  /** The waits of the next `count` retries from proxyError, each from the state's own retryAt. */
  async function retryDelays(c: ReturnType<typeof createController>, count: number): Promise<number[]> {
    const delays: number[] = [];
    for (let attempt = 0; attempt < count; attempt += 1) {
      const state = c.controller.current();
      if (state.name !== 'proxyError') throw new Error(`expected proxyError, got ${state.name}`);
      delays.push(state.retryAt - c.timers.now);
      await c.timers.advance(state.retryAt - c.timers.now);
    }
    return delays;
  }

  it('spreads each back-off with its random draw, between half and all of it', async () => {
    const c = createController({ proxyUp: false });
    c.randoms.push(0.5, 0.25, 0.999, 0, 0.5, 0.5, 0.5, 0.75);
    await c.start();
    expect(await retryDelays(c, 8)).toEqual([750, 1750, 2002, 8000, 12_000, 24_000, 45_000, 37_500]);
  });

  it.each([
    ['a network change', [{ type: 'networkChanged' }]],
    [
      'the network coming back',
      [
        { type: 'surroundingsChanged', change: { online: false } },
        { type: 'surroundingsChanged', change: { online: true } },
      ],
    ],
    [
      'a captive portal cleared',
      [
        { type: 'surroundingsChanged', change: { captivePortalLocked: true } },
        { type: 'surroundingsChanged', change: { captivePortalLocked: false } },
      ],
    ],
  ] as const)('tries at once after %s, and starts the back-off over', async (_signal, inputs) => {
    const c = createController({ proxyUp: false });
    await c.start();
    expect(await retryDelays(c, 4)).toEqual([1000, 2000, 4000, 8000]);
    const probes = c.probe.calls;
    for (const input of inputs) await c.send(input);
    // One probe at once, without waiting the 16 s the back-off had reached.
    expect(c.probe.calls).toBe(probes + 1);
    expect(await retryDelays(c, 2)).toEqual([1000, 2000]);
  });
});

describe('ProxyController retry on request', () => {
  it('tries again at once from proxyError, without waiting for the back-off', async () => {
    const c = createController({ proxyUp: false });
    await c.start();
    c.probe.up = true;
    await c.send({ type: 'retryNow' });
    expect(c.name()).toBe('active');
  });

  it.each([
    ['active', true],
    ['authFailure', false],
  ] as const)('ignores "try again" in %s', async (expected, up) => {
    const c = createController();
    if (!up) c.account.refreshFailure = 'revoked';
    if (!up) c.account.token = undefined;
    await c.start();
    const probes = c.probe.calls;
    await c.send({ type: 'retryNow' });
    expect(c.name()).toBe(expected);
    expect(c.probe.calls).toBe(probes);
  });
});

describe('ProxyController surroundings', () => {
  it('waits in captivePortal while a portal is locked and reconnects when it opens', async () => {
    const c = createController();
    await c.start();
    await c.send({ type: 'surroundingsChanged', change: { captivePortalLocked: true } });
    expect(c.name()).toBe('captivePortal');
    await c.send({ type: 'surroundingsChanged', change: { captivePortalLocked: false } });
    expect(c.name()).toBe('active');
  });

  it('goes offline and back', async () => {
    const c = createController();
    await c.start();
    await c.send({ type: 'surroundingsChanged', change: { online: false } });
    expect(c.name()).toBe('offline');
    await c.send({ type: 'surroundingsChanged', change: { online: true } });
    expect(c.name()).toBe('active');
  });

  it('reconnects on a network change or wake-up, and stays put when off', async () => {
    const c = createController();
    await c.start();
    const probes = c.probe.calls;
    await c.send({ type: 'networkChanged' });
    expect(c.probe.calls).toBe(probes + 1);
    expect(c.published.slice(-2).map((state) => state.name)).toEqual(['connecting', 'active']);
    await c.send({ type: 'setEnabled', enabled: false });
    await c.send({ type: 'networkChanged' });
    expect(c.name()).toBe('inactive');
  });

  it('counts every network change in its epoch, and publishes the reconnect with the new one', async () => {
    const c = createController();
    await c.start();
    expect(c.controller.networkEpoch()).toBe(0);
    await c.send({ type: 'networkChanged' });
    expect(c.controller.networkEpoch()).toBe(1);
    expect(c.published.slice(-2).map((state) => state.name)).toEqual(['connecting', 'active']);
    expect(c.epochs).toEqual([0, 0, 1, 1]);
    // Off, a change still counts: the next "on" must not reuse connections from the network before it.
    await c.send({ type: 'setEnabled', enabled: false });
    await c.send({ type: 'networkChanged' });
    await c.send({ type: 'setEnabled', enabled: true });
    expect(c.controller.networkEpoch()).toBe(2);
    expect(c.epochs).toEqual([0, 0, 1, 1, 1, 2, 2]);
  });

  it('records a click on a control only when it changed whether the proxy is on', async () => {
    const c = createController();
    await c.start();
    await c.send({ type: 'setEnabled', enabled: true, via: 'toggleButton' });
    await c.send({ type: 'setEnabled', enabled: false, via: 'toggleButton' });
    await c.send({ type: 'setEnabled', enabled: false, via: 'stateButton' });
    await c.send({ type: 'setEnabled', enabled: true, via: 'stateButton' });
    expect(c.name()).toBe('active');
    expect(c.recorded).toEqual([
      { method: 'general', object: 'proxyDisabled', value: 'toggleButton' },
      { method: 'general', object: 'proxyEnabled', value: 'stateButton' },
    ]);
  });

  it('counts a warning state as on: turning on changes nothing, turning off is a click', async () => {
    const c = createController({ proxyUp: false });
    await c.start();
    expect(c.name()).toBe('proxyError');
    const before = c.events.length;
    await c.send({ type: 'setEnabled', enabled: true, via: 'stateButton' });
    expect(c.name()).toBe('proxyError');
    await c.send({ type: 'setEnabled', enabled: false, via: 'toggleButton' });
    expect(c.name()).toBe('inactive');
    expect(c.recorded.slice(before)).toEqual([{ method: 'general', object: 'proxyDisabled', value: 'toggleButton' }]);
  });

  it('records no click while signing in, and changes nothing', async () => {
    const c = createController({ wantsOn: false });
    await c.start();
    c.account.signInGate = new Promise(() => undefined);
    await c.send({ type: 'signIn' });
    await c.send({ type: 'setEnabled', enabled: true, via: 'toggleButton' });
    await c.send({ type: 'setEnabled', enabled: false, via: 'stateButton' });
    expect(c.name()).toBe('authenticating');
    expect(c.events).toEqual(['fxa/authStarted']);
  });

  it('never records general events for automatic changes', async () => {
    const c = createController();
    await c.start();
    await c.send({ type: 'surroundingsChanged', change: { captivePortalLocked: true } });
    await c.send({ type: 'surroundingsChanged', change: { captivePortalLocked: false } });
    await c.send({ type: 'networkChanged' });
    expect(c.events.filter((event) => event.startsWith('general/'))).toEqual([]);
  });
});

describe('ProxyController token renewal', () => {
  it('renews the token before it expires and republishes the routing', async () => {
    const c = createController();
    c.account.token = { value: 'token-1', expiresAt: c.timers.now + 120_000 };
    await c.start();
    const publishes = c.published.length;
    await c.timers.advance(60_000);
    expect(c.account.refreshes).toBe(1);
    expect(c.published.length).toBe(publishes + 1);
    expect(c.name()).toBe('active');
  });

  it('goes to authFailure when the renewal finds the account revoked', async () => {
    const c = createController();
    c.account.token = { value: 'token-1', expiresAt: c.timers.now + 120_000 };
    await c.start();
    c.account.refreshFailure = 'revoked';
    await c.timers.advance(60_000);
    expect(c.name()).toBe('authFailure');
  });

  it('reschedules the renewal from the token a 407 brought, so the old timer fetches nothing', async () => {
    const c = createController();
    c.account.token = { value: 'token-1', expiresAt: c.timers.now + 120_000 };
    await c.start();
    const renew = c.account.refreshProxyToken;
    // The token the 407 renewal brings is good for ten minutes, like a real one.
    c.account.refreshProxyToken = () =>
      renew().then(() => (c.account.token = { value: 'token-2', expiresAt: c.timers.now + 600_000 }));
    await c.timers.advance(30_000);
    await c.send({ type: 'proxyAuthRejected', at: c.timers.now, usedAuthorization: 'Bearer token-1' });
    expect(c.account.refreshes).toBe(1);
    // Where the refused token's renewal was due: nothing happens.
    await c.timers.advance(30_000);
    expect(c.account.refreshes).toBe(1);
    // The new token is renewed 60 s before its own end.
    await c.timers.advance(600_000 - 30_000 - 60_000 - 1);
    expect(c.account.refreshes).toBe(1);
    await c.timers.advance(1);
    expect(c.account.refreshes).toBe(2);
    expect(c.name()).toBe('active');
  });

  it('stops renewing when the proxy is turned off', async () => {
    const c = createController();
    c.account.token = { value: 'token-1', expiresAt: c.timers.now + 120_000 };
    await c.start();
    await c.send({ type: 'setEnabled', enabled: false });
    await c.timers.advance(60_000);
    expect(c.account.refreshes).toBe(0);
  });
});

describe('ProxyController and a slow or failing accounts server', () => {
  it('recovers after a network change although a token request hangs unanswered', async () => {
    const c = createController();
    c.account.token = undefined;
    c.account.hangRefreshes = true;
    await c.start();
    expect(c.name()).toBe('connecting');
    // The server answers again, but the request sent before the change never will.
    c.account.hangRefreshes = false;
    await c.send({ type: 'networkChanged' });
    expect([c.name(), c.account.abandoned, c.account.refreshes]).toEqual(['active', 1, 2]);
  });

  it('asks for one token per back-off, not one per 407, while the accounts server is down', async () => {
    const c = createController();
    await c.start();
    c.account.refreshFailure = 'network';
    const refused = () => c.send({ type: 'proxyAuthRejected', at: c.timers.now, usedAuthorization: 'Bearer token-1' });
    for (let request = 0; request < 100; request += 1) await refused();
    expect(c.account.refreshes).toBe(1);
    await c.timers.advance(1000);
    for (let request = 0; request < 100; request += 1) await refused();
    expect(c.account.refreshes).toBe(2);
    // The second failure doubles the wait.
    await c.timers.advance(1000);
    await refused();
    expect(c.account.refreshes).toBe(2);
    await c.timers.advance(1000);
    c.account.refreshFailure = undefined;
    await refused();
    // One refused token, one event, however many requests it carried (docs/metrics.md).
    expect([c.account.refreshes, c.name(), c.events]).toEqual([3, 'active', ['networking/407']]);
  });

  it('does not blame the account when, after a 407 renewal, an outage at renewal time lets the token expire', async () => {
    const c = createController();
    await c.start();
    const renew = c.account.refreshProxyToken;
    // Renewed tokens live ten minutes, like real ones.
    c.account.refreshProxyToken = () =>
      renew().then((token) => (c.account.token = { value: token.value, expiresAt: c.timers.now + 600_000 }));
    await c.send({ type: 'proxyAuthRejected', at: c.timers.now, usedAuthorization: 'Bearer token-1' });
    expect(c.account.token?.value).toBe('token-2');
    // The accounts server is down for two minutes from the renewal on; the token ends in the middle of it.
    c.account.refreshFailure = 'network';
    await c.timers.advance(540_000);
    await c.timers.advance(30_000);
    await c.timers.advance(30_000);
    const refreshes = c.account.refreshes;
    await c.send({ type: 'proxyAuthRejected', at: c.timers.now, usedAuthorization: 'Bearer token-2' });
    // Not a verdict on the account: an attempt to renew the token that ended. Each refused token counts once.
    const refusals = ['networking/407', 'networking/407'];
    expect([c.name(), c.events, c.account.refreshes]).toEqual(['active', refusals, refreshes + 1]);
    c.account.refreshFailure = undefined;
    await c.timers.advance(60_000);
    expect([c.name(), c.events, c.account.token?.value]).toEqual([
      'active',
      refusals,
      `token-${c.account.refreshes + 1}`,
    ]);
    expect(c.account.token!.expiresAt).toBe(c.timers.now + 600_000);
  });

  it('backs the scheduled renewal off while it keeps failing: 30 s, doubling, up to 5 min', async () => {
    const c = createController();
    c.account.token = { value: 'token-1', expiresAt: c.timers.now + 120_000 };
    await c.start();
    c.account.refreshFailure = 'network';
    await c.timers.advance(60_000);
    const retries: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const before = c.account.refreshes;
      let waited = 0;
      while (c.account.refreshes === before) {
        await c.timers.advance(10_000);
        waited += 10_000;
      }
      retries.push(waited);
    }
    expect(retries).toEqual([30_000, 60_000, 120_000, 240_000, 300_000, 300_000]);
  });
});

describe('ProxyController timers', () => {
  it('renews a token that lives 25 days when it is due, with no timer longer than a day', async () => {
    const c = createController();
    const lifetime = 25 * 24 * 3600_000;
    c.account.token = { value: 'token-1', expiresAt: c.timers.now + lifetime };
    await c.start();
    // A day at a time: each day's timer finds the renewal not due yet and sets the next.
    for (let day = 0; day < 24; day += 1) await c.timers.advance(MAX_RENEWAL_DELAY_MS);
    expect(c.account.refreshes).toBe(0);
    await c.timers.advance(MAX_RENEWAL_DELAY_MS - 60_000 - 1);
    expect(c.account.refreshes).toBe(0);
    await c.timers.advance(1);
    expect(c.account.refreshes).toBe(1);
    expect(Math.max(...c.timers.requested)).toBe(MAX_RENEWAL_DELAY_MS);
  });

  it('waits at most an hour on a 30-day Retry-After', async () => {
    const c = createController();
    await c.start();
    await c.send({ type: 'proxyRateLimited', retryAfterMs: 30 * 24 * 3600_000 });
    expect(c.controller.current()).toEqual({ name: 'tooManyRequests', retryAt: c.timers.now + MAX_RETRY_AFTER_MS });
    await c.timers.advance(1000);
    expect(c.name()).toBe('tooManyRequests');
    await c.timers.advance(MAX_RETRY_AFTER_MS - 1000);
    expect(c.name()).toBe('active');
  });

  it('waits the back-off on a Retry-After of 0, so repeated refusals cannot loop', async () => {
    const c = createController();
    await c.start();
    await c.send({ type: 'proxyRateLimited', retryAfterMs: 0 });
    expect(c.controller.current()).toEqual({ name: 'tooManyRequests', retryAt: c.timers.now + 1000 });
  });
});

describe('ProxyController sign-in and sign-out edges', () => {
  it('returns quietly to off when a sign-in started while off is cancelled', async () => {
    const c = createController({ wantsOn: false });
    await c.start();
    c.account.signInFailure = 'cancelled';
    await c.send({ type: 'signIn' });
    // A cancel is not a failure (docs/metrics.md): only the start is recorded.
    expect([c.name(), c.events]).toEqual(['inactive', ['fxa/authStarted']]);
  });

  it('is signed out even when storage could not be erased, and says so to the caller', async () => {
    const c = createController();
    await c.start();
    c.account.signOutFailure = new Error('signed out, but the stored account could not be erased: disk full');
    await expect(c.controller.signOut()).rejects.toThrow('could not be erased: disk full');
    expect(c.name()).toBe('unauthenticated');
    await c.send({ type: 'signOut' });
    expect([c.name(), c.logger.errors]).toEqual(['unauthenticated', ['the proxy controller failed on signOut']]);
  });
});
