import { STATE_NAMES } from '../../../src/shared/state-names';

describe('STATE_NAMES', () => {
  // The compiler keeps the list in step with ProxyState as a set of names; a name listed twice it cannot see.
  it('lists each state once', () => {
    expect(STATE_NAMES.length).toBe(new Set(STATE_NAMES).size);
  });
});
