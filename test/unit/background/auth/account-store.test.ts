import { ACCOUNT_STORAGE_KEY, loadAccount, saveAccount } from '../../../../src/background/auth/account-store';
import { MemoryStore } from '../../fakes/memory-store';

const UNREADABLE = 'the stored account is unreadable; signing in again is needed';

async function storeHolding(value: unknown): Promise<MemoryStore> {
  const store = new MemoryStore();
  await store.set(ACCOUNT_STORAGE_KEY, value);
  return store;
}

describe('account store', () => {
  it('finds no account, and no problem, in an empty store', async () => {
    await expect(loadAccount(new MemoryStore())).resolves.toEqual({ account: undefined });
  });

  it('finds no account, and no problem, after a sign-out saved none', async () => {
    const store = await storeHolding({ refreshToken: 'r1', email: 'a@example.com' });
    await saveAccount(store, undefined);
    await expect(loadAccount(store)).resolves.toEqual({ account: undefined });
  });

  it('reads back what it saved, proxy token included', async () => {
    const store = new MemoryStore();
    const account = { refreshToken: 'r1', email: 'a@example.com', proxyToken: { value: 'p1', expiresAt: 99 } };
    await saveAccount(store, account);
    await expect(loadAccount(store)).resolves.toEqual({ account });
  });

  it('keeps the account but drops a proxy token it cannot use', async () => {
    const store = await storeHolding({
      refreshToken: 'r1',
      email: 'a@example.com',
      proxyToken: { value: '', expiresAt: 99 },
    });
    await expect(loadAccount(store)).resolves.toEqual({ account: { refreshToken: 'r1', email: 'a@example.com' } });
  });

  it('keeps an account without an email: OpenID Connect releases one only under the email scope', async () => {
    await expect(loadAccount(await storeHolding({ refreshToken: 'r1' }))).resolves.toEqual({
      account: { refreshToken: 'r1' },
    });
  });

  it.each([
    ['a string', 'r1'],
    ['no refresh token', { email: 'a@example.com' }],
    ['an empty refresh token', { refreshToken: '', email: 'a@example.com' }],
    ['an email that is not a string', { refreshToken: 'r1', email: 42 }],
  ])('reports %s as unreadable and signs out', async (_, value) => {
    await expect(loadAccount(await storeHolding(value))).resolves.toEqual({ account: undefined, problem: UNREADABLE });
  });
});
