import type { KeyValueStore } from '../util/key-value-store';
import type { ProxyToken } from './fxa-client';

export const ACCOUNT_STORAGE_KEY = 'account';

/** What survives a restart: who is signed in and how to get a new proxy token. */
export interface StoredAccount {
  /** The newest refresh token: a rotated one replaces its predecessor in the same write as the proxy token. */
  refreshToken: string;
  /** Absent when the identity provider released none (OpenID Connect releases it only under the email scope). */
  email?: string;
  proxyToken?: ProxyToken;
}

function isProxyToken(value: unknown): value is ProxyToken {
  const token = value as Partial<ProxyToken> | null;
  return (
    typeof token === 'object' &&
    token !== null &&
    typeof token.value === 'string' &&
    token.value !== '' &&
    typeof token.expiresAt === 'number'
  );
}

export type LoadedAccount = { account: StoredAccount | undefined; problem?: string };

/** Reads the stored account; anything unreadable means signed out, and says why so it can be logged. */
export async function loadAccount(store: KeyValueStore): Promise<LoadedAccount> {
  const stored = (await store.get(ACCOUNT_STORAGE_KEY)) as
    Partial<Record<keyof StoredAccount, unknown>> | null | undefined;
  // `null` is what sign-out saves: signed out on purpose, nothing to warn about.
  if (stored === undefined || stored === null) return { account: undefined };
  if (
    typeof stored !== 'object' ||
    typeof stored.refreshToken !== 'string' ||
    stored.refreshToken === '' ||
    (stored.email !== undefined && typeof stored.email !== 'string')
  ) {
    return { account: undefined, problem: 'the stored account is unreadable; signing in again is needed' };
  }
  const account: StoredAccount = { refreshToken: stored.refreshToken };
  if (typeof stored.email === 'string') account.email = stored.email;
  if (isProxyToken(stored.proxyToken)) account.proxyToken = stored.proxyToken;
  return { account };
}

export function saveAccount(store: KeyValueStore, account: StoredAccount | undefined): Promise<void> {
  return store.set(ACCOUNT_STORAGE_KEY, account ?? null);
}
