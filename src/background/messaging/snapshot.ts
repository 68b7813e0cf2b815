import type { StateSnapshot } from '../../shared/protocol';
import type { AccountService } from '../auth/account-service';
import type { ProxyController } from '../proxy/controller';
import type { ControllerInput } from '../proxy/inputs';
import type { ProxyState } from '../proxy/state';

/** What our pages may see: the state's name, its retry time, why a sign-in failed, the email. Never a token. */
export function snapshotOf(state: ProxyState, email: string | undefined): StateSnapshot {
  const snapshot: StateSnapshot = { state: state.name };
  if ('retryAt' in state) snapshot.retryAt = state.retryAt;
  if ('signInFailure' in state) snapshot.signInFailure = state.signInFailure;
  if (email !== undefined) snapshot.email = email;
  return snapshot;
}

/** Where a snapshot is read from, and where a page's command goes. */
export interface SnapshotSource {
  controller: Pick<ProxyController, 'current' | 'dispatch'>;
  account: Pick<AccountService, 'email'>;
}

export function snapshotNow({ controller, account }: SnapshotSource): StateSnapshot {
  return snapshotOf(controller.current(), account.email());
}

/** Passes a page's command to the controller, then answers with the state it led to. */
export async function snapshotAfter(services: Promise<SnapshotSource>, input: ControllerInput): Promise<StateSnapshot> {
  const ready = await services;
  await ready.controller.dispatch(input);
  return snapshotNow(ready);
}
