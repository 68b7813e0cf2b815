import { retryText, secondsUntil } from '../../../src/popup/retry-countdown';

jest.mock('webextension-polyfill', () => jest.requireActual<typeof import('../fakes/polyfill-mock')>('../fakes/polyfill-mock').polyfillMock());

describe('secondsUntil', () => {
  it.each([
    [10_000, 0, 10],
    // Rounded up: 0.1 s left still shows 1, so "now" appears only once the retry is due.
    [10_000, 9_900, 1],
    [10_000, 10_000, 0],
    [10_000, 12_000, 0],
  ])('retryAt %d at %d is %d s away', (retryAt, now, seconds) => {
    expect(secondsUntil(retryAt, now)).toBe(seconds);
  });
});

describe('retryText', () => {
  it.each([
    [0, 'popupRetryNow'],
    [1_000, 'popupRetryInSeconds:1'],
    [89_000, 'popupRetryInSeconds:89'],
    // From 90 s on, minutes, rounded up.
    [90_000, 'popupRetryInMinutes:2'],
    [600_000, 'popupRetryInMinutes:10'],
  ])('%d ms before the retry says %s', (msLeft, text) => {
    expect(retryText(50_000 + msLeft, 50_000)).toBe(text);
  });
});
