import { CONTENT, POPUP, setup } from './services-fixture';

describe('account messages', () => {
  it('passes sign-in and sign-out to the controller', async () => {
    const { router, dispatched } = setup();
    await router.dispatch({ type: 'auth.signIn' }, POPUP);
    await router.dispatch({ type: 'auth.signOut' }, POPUP);
    expect(dispatched).toEqual([{ type: 'signIn' }, { type: 'signOut' }]);
  });

  it.each(['hung', 'failed'] as const)('signs in and out when telemetry start-up is %s', async (telemetry) => {
    const { router, dispatched } = setup({ telemetry });
    expect(await router.dispatch({ type: 'auth.signIn' }, POPUP)).toMatchObject({ ok: true });
    expect(await router.dispatch({ type: 'auth.signOut' }, POPUP)).toMatchObject({ ok: true });
    expect(dispatched).toEqual([{ type: 'signIn' }, { type: 'signOut' }]);
  });

  it('reports a sign-out whose storage write failed, instead of answering as if all went well', async () => {
    const { router } = setup({
      signOutFailure: new Error('signed out, but the stored account could not be erased: disk full'),
    });
    expect(await router.dispatch({ type: 'auth.signOut' }, POPUP)).toEqual({
      ok: false,
      error: 'auth.signOut failed: signed out, but the stored account could not be erased: disk full',
    });
  });

  it('answers with the state the command led to, never a token', async () => {
    const { router } = setup({ state: { name: 'authenticating', failClosed: false } });
    expect(await router.dispatch({ type: 'auth.signIn' }, POPUP)).toEqual({
      ok: true,
      result: { state: 'authenticating', email: 'user@example.com' },
    });
  });

  it.each([[{ type: 'auth.signIn', scope: 'everything' }, 'auth.signIn: unexpected fields: scope']])(
    'refuses malformed %j',
    async (message, error) => {
      const { router, dispatched } = setup();
      expect(await router.dispatch(message, POPUP)).toEqual({ ok: false, error });
      expect(dispatched).toEqual([]);
    },
  );

  it.each(['auth.signIn', 'auth.signOut'])('refuses %s from a content script', async (type) => {
    const { router, dispatched } = setup();
    expect(await router.dispatch({ type }, CONTENT)).toEqual({
      ok: false,
      error: `${type} may not be sent by a content script`,
    });
    expect(dispatched).toEqual([]);
  });
});
