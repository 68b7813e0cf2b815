import { CONTENT, POPUP, setup } from './services-fixture';

describe('proxy messages', () => {
  it('gives our pages the state and the email, never a token', async () => {
    const { router } = setup({ state: { name: 'tooManyRequests', retryAt: 99 } });
    expect(await router.dispatch({ type: 'state.get' }, POPUP)).toEqual({
      ok: true,
      result: { state: 'tooManyRequests', retryAt: 99, email: 'user@example.com' },
    });
  });

  it.each([
    [true, 'toggleButton'],
    [false, 'stateButton'],
  ] as const)('passes on=%s from the %s to the controller, which decides what is recorded', async (enabled, via) => {
    const { router, dispatched, recorded } = setup();
    expect((await router.dispatch({ type: 'proxy.setEnabled', enabled, via }, POPUP)).ok).toBe(true);
    expect(dispatched).toEqual([{ type: 'setEnabled', enabled, via }]);
    expect(recorded).toEqual([]);
  });

  it("turns the proxy on and off from the settings page's switch and records nothing: the plan counts popup controls", async () => {
    const { router, dispatched, recorded } = setup();
    expect((await router.dispatch({ type: 'proxy.setEnabled', enabled: false, via: 'settingsSwitch' }, POPUP)).ok).toBe(
      true,
    );
    expect((await router.dispatch({ type: 'proxy.setEnabled', enabled: true, via: 'settingsSwitch' }, POPUP)).ok).toBe(
      true,
    );
    expect(dispatched).toEqual([
      { type: 'setEnabled', enabled: false },
      { type: 'setEnabled', enabled: true },
    ]);
    expect(recorded).toEqual([]);
  });

  it('refuses on/off while signed out and records nothing', async () => {
    const { router, recorded } = setup({ signedIn: false });
    expect(await router.dispatch({ type: 'proxy.setEnabled', enabled: true, via: 'toggleButton' }, POPUP)).toEqual({
      ok: false,
      error: 'proxy.setEnabled failed: sign in before turning the proxy on or off',
    });
    expect(recorded).toEqual([]);
  });

  it.each([
    [
      { type: 'proxy.setEnabled', enabled: 'yes', via: 'toggleButton' },
      'proxy.setEnabled: enabled must be true or false',
    ],
    [
      { type: 'proxy.setEnabled', enabled: true, via: 'keyboard' },
      'proxy.setEnabled: via must be one of toggleButton, stateButton, settingsSwitch, got "keyboard"',
    ],
  ])('refuses malformed %j', async (message, error) => {
    const { router, dispatched } = setup();
    expect(await router.dispatch(message, POPUP)).toEqual({ ok: false, error });
    expect(dispatched).toEqual([]);
  });

  it.each(['state.get'])('refuses %s from a content script', async (type) => {
    const { router, dispatched } = setup();
    expect(await router.dispatch({ type }, CONTENT)).toEqual({
      ok: false,
      error: `${type} may not be sent by a content script`,
    });
    expect(dispatched).toEqual([]);
  });

  it('passes "try again" to the controller', async () => {
    const { router, dispatched } = setup({ state: { name: 'proxyError', retryAt: 5, cause: 'proxyUnreachable' } });
    expect(await router.dispatch({ type: 'proxy.retry' }, POPUP)).toMatchObject({ ok: true });
    expect(dispatched).toEqual([{ type: 'retryNow' }]);
  });

  it.each(['hung', 'failed'] as const)(
    'answers state and on/off, and passes "try again", when telemetry start-up is %s',
    async (telemetry) => {
      const { router, dispatched, logger } = setup({ telemetry });
      expect(await router.dispatch({ type: 'state.get' }, POPUP)).toEqual({
        ok: true,
        result: { state: 'active', email: 'user@example.com' },
      });
      expect(await router.dispatch({ type: 'proxy.setEnabled', enabled: false, via: 'toggleButton' }, POPUP)).toEqual({
        ok: true,
        result: { state: 'active', email: 'user@example.com' },
      });
      expect(await router.dispatch({ type: 'proxy.retry' }, POPUP)).toMatchObject({ ok: true });
      expect(dispatched).toEqual([{ type: 'setEnabled', enabled: false, via: 'toggleButton' }, { type: 'retryNow' }]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(logger.errors).toEqual([]);
    },
  );
});
