import { backoffDelay, parseRetryAfter, withJitter } from '../../../../src/background/proxy/backoff';

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

describe('withJitter', () => {
  it.each([
    [1_000, 0, 1_000],
    [1_000, 0.5, 750],
    [1_000, 0.999, 501],
    [60_000, 0, 60_000],
    [60_000, 0.25, 52_500],
    [60_000, 0.999_999, 30_001],
  ])('waits %d ms with random %d as %d ms', (delay, random, expected) => {
    expect(withJitter(delay, random)).toBe(expected);
  });

  it('keeps every wait within (delay / 2, delay], so the one-minute cap holds', () => {
    const waits = [0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999_999].map((random) => withJitter(backoffDelay(20), random));
    expect(waits).toEqual([60_000, 57_000, 51_000, 45_000, 39_000, 33_000, 30_001]);
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
