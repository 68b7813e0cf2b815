import { viewModelFor } from '../../../src/popup/view-model';

describe('viewModelFor', () => {
  it('gives the loading error its own view with a reload button and no switch', () => {
    expect(viewModelFor('loadError')).toEqual({
      id: 'loadError',
      tone: 'warning',
      titleKey: 'popupLoadErrorTitle',
      bodyKeys: ['popupLoadErrorBody'],
      stepKeys: [],
      action: { kind: 'reload', labelKey: 'popupActionReload' },
      toggle: 'hidden',
    });
  });

  it('carries the retry time into a view whose button retries', () => {
    expect(viewModelFor({ state: 'proxyError', retryAt: 1234 })).toEqual({
      id: 'proxyError',
      tone: 'warning',
      titleKey: 'popupProxyErrorTitle',
      bodyKeys: ['popupProxyErrorBody', 'popupBlockedMeanwhile'],
      stepKeys: [],
      action: { kind: 'retry', labelKey: 'popupActionRetry' },
      retryAt: 1234,
      toggle: 'on',
    });
  });

  it('marks the view while private windows are not protected, and only then', () => {
    expect(viewModelFor({ state: 'active', privateBrowsingAllowed: false }).privateWindowsUnprotected).toBe(true);
    expect(viewModelFor({ state: 'active' }).privateWindowsUnprotected).toBeUndefined();
  });

  it('drops a retry time where no button retries, so no countdown shows without a way to act on it', () => {
    expect(viewModelFor({ state: 'active', retryAt: 1234 }).retryAt).toBeUndefined();
    expect(viewModelFor({ state: 'authFailure', retryAt: 1234 }).retryAt).toBeUndefined();
  });
});
