import { backoffDelay, parseRetryAfter } from '../../../../src/background/proxy/backoff';

describe('backoffDelay', () => {
  it('doubles from 1 s and stops at one minute', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map((attempt) => backoffDelay(attempt))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('treats a negative attempt as the first', () => {
    expect(backoffDelay(-3)).toBe(1_000);
  });

  it('takes its own first delay and cap', () => {
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, 100, 300))).toEqual([100, 200, 300, 300]);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');

  it.each([
    ['120', 120_000],
    [' 7 ', 7_000],
    ['0', 0],
    ['Tue, 01 Dec 2026 12:00:30 GMT', 30_000],
    // A date already past means "now", never a negative wait.
    ['Tue, 01 Dec 2026 11:00:00 GMT', 0],
  ])('reads %j as %d ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });

  it.each([[undefined], [''], ['   '], ['soon']])('gives undefined for %j', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});
