import type { ProxyController } from '../../proxy/controller';
import type { HandlerTable } from '../message-router';
import { type SnapshotSource, snapshotAfter, snapshotNow } from '../snapshot';
import { pageCommand } from './page-command';

export interface AccountHandlerServices extends SnapshotSource {
  controller: SnapshotSource['controller'] & Pick<ProxyController, 'signOut'>;
}

/** Signing in and out, from our own pages; the answer is the state it led to, never a token. */
export function accountHandlers(
  services: Promise<AccountHandlerServices>,
): Pick<HandlerTable, 'auth.signIn' | 'auth.signOut'> {
  return {
    'auth.signIn': pageCommand('auth.signIn', () => snapshotAfter(services, { type: 'signIn' })),
    // Through controller.signOut(), which rejects when storage kept the account: the page is told, not "signed out".
    'auth.signOut': pageCommand('auth.signOut', async () => {
      const ready = await services;
      await ready.controller.signOut();
      return snapshotNow(ready);
    }),
  };
}
