import * as oauth from 'oauth4webapi';
import { loadedOAuthLibrary, loadOAuthLibrary } from '../../../../src/background/auth/oauth-library';

describe('the lazily loaded oauth4webapi', () => {
  it('is absent until asked for, then loaded once and kept', async () => {
    expect(loadedOAuthLibrary()).toBeUndefined();
    const first = await loadOAuthLibrary();
    expect(first.generateRandomState).toBe(oauth.generateRandomState);
    expect(loadedOAuthLibrary()).toBe(first);
    expect(await loadOAuthLibrary()).toBe(first);
  });
});
