import { CONTENT, POPUP, setup } from './services-fixture';

describe('the captivePortal.open message', () => {
  it('opens the captive portal, or says why it cannot', async () => {
    const { router, portalsOpened } = setup();
    expect(await router.dispatch({ type: 'captivePortal.open' }, POPUP)).toEqual({ ok: true, result: {} });
    expect(portalsOpened).toEqual([1]);
    expect(await setup({ portal: false }).router.dispatch({ type: 'captivePortal.open' }, POPUP)).toEqual({
      ok: false,
      error: 'captivePortal.open failed: Firefox has no captive portal address',
    });
  });

  it('is not for content scripts', async () => {
    const { router, portalsOpened } = setup();
    expect(await router.dispatch({ type: 'captivePortal.open' }, CONTENT)).toEqual({
      ok: false,
      error: 'captivePortal.open may not be sent by a content script',
    });
    expect(portalsOpened).toEqual([]);
  });
});
