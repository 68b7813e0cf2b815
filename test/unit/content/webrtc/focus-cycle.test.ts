import { nextInCycle } from '../../../../src/content/webrtc/focus-cycle';

describe('nextInCycle', () => {
  it('wraps around both ways', () => {
    expect(nextInCycle(['a', 'b', 'c'], 'c', false)).toBe('a');
    expect(nextInCycle(['a', 'b', 'c'], 'a', true)).toBe('c');
    expect(nextInCycle(['a', 'b', 'c'], 'a', false)).toBe('b');
  });

  it('enters at the first or last control when focus is elsewhere', () => {
    expect(nextInCycle(['a', 'b'], null, false)).toBe('a');
    expect(nextInCycle(['a', 'b'], 'x', true)).toBe('b');
    expect(nextInCycle<string>([], null, false)).toBeUndefined();
  });
});
