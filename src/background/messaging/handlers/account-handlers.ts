import type { HandlerTable } from '../message-router';
import { type SnapshotSource, snapshotAfter } from '../snapshot';
import { pageCommand } from './page-command';

/** Signing in and out, from our own pages; the answer is the state it led to, never a token. */
export function accountHandlers(services: Promise<SnapshotSource>): Pick<HandlerTable, 'auth.signIn' | 'auth.signOut'> {
  return {
    'auth.signIn': pageCommand('auth.signIn', () => snapshotAfter(services, { type: 'signIn' })),
    'auth.signOut': pageCommand('auth.signOut', () => snapshotAfter(services, { type: 'signOut' })),
  };
}
