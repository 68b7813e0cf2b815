/** @jest-environment jsdom */
import { actionButton, startFixture, view } from './popup-fixture';

jest.mock('webextension-polyfill', () =>
  jest.requireActual<typeof import('../fakes/polyfill-mock')>('../fakes/polyfill-mock').polyfillMock(),
);

describe('the popup app while it waits for the first state', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('shows the loading view until 5 s have passed without a state', () => {
    const popup = startFixture();
    jest.advanceTimersByTime(4_999);
    expect(view().dataset.view).toBe('loading');
    expect(popup.loadingErrorShown).not.toHaveBeenCalled();
    expect(popup.sent()).toEqual([]);
  });

  it('shows the error view after 5 s without a state and says so once on the state port, never to the router', () => {
    const popup = startFixture();
    jest.advanceTimersByTime(5_000);
    expect(view().dataset.view).toBe('loadError');
    expect(actionButton()?.dataset.action).toBe('reload');
    jest.advanceTimersByTime(60_000);
    expect(popup.loadingErrorShown).toHaveBeenCalledTimes(1);
    // The background records general/loadingError from the port: a ui.event too would count the failure twice, and
    // needs the very router that may not have started.
    expect(popup.sent()).toEqual([]);
    expect(popup.performance.mark).not.toHaveBeenCalled();
  });

  it('says nothing when a state arrives in time', () => {
    const popup = startFixture();
    jest.advanceTimersByTime(4_000);
    popup.push({ state: 'active' });
    jest.advanceTimersByTime(60_000);
    expect(view().dataset.view).toBe('active');
    expect(popup.loadingErrorShown).not.toHaveBeenCalled();
  });

  it('keeps waiting while the background itself is still loading', () => {
    const popup = startFixture();
    popup.push({ state: 'loading' });
    jest.advanceTimersByTime(5_000);
    expect(view().dataset.view).toBe('loadError');
    expect(popup.loadingErrorShown).toHaveBeenCalledTimes(1);
  });

  it('replaces the error view with a state that arrives late', () => {
    const popup = startFixture();
    jest.advanceTimersByTime(6_000);
    popup.push({ state: 'inactive' });
    expect(view().dataset.view).toBe('inactive');
    expect(popup.loadingErrorShown).toHaveBeenCalledTimes(1);
  });

  it('reloads the popup from the error view', () => {
    const popup = startFixture();
    jest.advanceTimersByTime(5_000);
    actionButton()!.click();
    expect(popup.reload).toHaveBeenCalledTimes(1);
  });

  it('marks and measures the first real render once', () => {
    const popup = startFixture();
    popup.push({ state: 'loading' });
    expect(popup.performance.mark).not.toHaveBeenCalled();
    popup.push({ state: 'active' });
    popup.push({ state: 'inactive' });
    expect(popup.performance.mark.mock.calls).toEqual([['popup-first-render']]);
    expect(popup.performance.measure.mock.calls).toEqual([
      ['popup-time-to-first-render', 'popup-start', 'popup-first-render'],
    ]);
  });
});
