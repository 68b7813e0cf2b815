/** @jest-environment jsdom */
import { actionButton, startFixture, view } from './popup-fixture';

jest.mock('webextension-polyfill', () =>
  jest.requireActual<typeof import('../fakes/polyfill-mock')>('../fakes/polyfill-mock').polyfillMock(),
);

const LOADING_ERROR = { type: 'ui.event', event: { method: 'general', object: 'loadingError', value: null } };

describe('the popup app while it waits for the first state', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('shows the loading view until 5 s have passed without a state', () => {
    const popup = startFixture();
    jest.advanceTimersByTime(4_999);
    expect(view().dataset.view).toBe('loading');
    expect(popup.sent()).toEqual([]);
  });

  it('shows the error view and reports general/loadingError exactly once after 5 s without a state', () => {
    const popup = startFixture();
    jest.advanceTimersByTime(5_000);
    expect(view().dataset.view).toBe('loadError');
    expect(actionButton()?.dataset.action).toBe('reload');
    jest.advanceTimersByTime(60_000);
    expect(popup.sent()).toEqual([LOADING_ERROR]);
    expect(popup.performance.mark).not.toHaveBeenCalled();
  });

  it('does not retry a report that failed', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const popup = startFixture({ reply: () => undefined });
    jest.advanceTimersByTime(5_000);
    await popup.settle();
    jest.advanceTimersByTime(60_000);
    await popup.settle();
    expect(popup.sent()).toEqual([LOADING_ERROR]);
    expect(log).toHaveBeenCalledWith('[secure-proxy] could not report the loading error', expect.any(Error));
    log.mockRestore();
  });

  it('reports nothing when a state arrives in time', () => {
    const popup = startFixture();
    jest.advanceTimersByTime(4_000);
    popup.push({ state: 'active' });
    jest.advanceTimersByTime(60_000);
    expect(view().dataset.view).toBe('active');
    expect(popup.sent()).toEqual([]);
  });

  it('keeps waiting while the background itself is still loading', () => {
    const popup = startFixture();
    popup.push({ state: 'loading' });
    jest.advanceTimersByTime(5_000);
    expect(view().dataset.view).toBe('loadError');
    expect(popup.sent()).toEqual([LOADING_ERROR]);
  });

  it('replaces the error view with a state that arrives late', () => {
    const popup = startFixture();
    jest.advanceTimersByTime(6_000);
    popup.push({ state: 'inactive' });
    expect(view().dataset.view).toBe('inactive');
    expect(popup.sent()).toEqual([LOADING_ERROR]);
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
