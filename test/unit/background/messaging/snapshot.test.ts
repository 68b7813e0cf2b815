import { snapshotAfter, snapshotOf, type SnapshotSource } from '../../../../src/background/messaging/snapshot';
import type { ControllerInput } from '../../../../src/background/proxy/inputs';
import type { ProxyState } from '../../../../src/background/proxy/state';

describe('snapshotOf', () => {
  it('gives the state name, its retry time and the email, and nothing else of the state', () => {
    const state: ProxyState = { name: 'proxyError', retryAt: 1234, cause: 'accountsUnreachable' };
    expect(snapshotOf(state, 'user@example.com')).toStrictEqual({
      state: 'proxyError',
      retryAt: 1234,
      email: 'user@example.com',
    });
  });

  it('gives why the last sign-in failed, in the state it led to', () => {
    expect(snapshotOf({ name: 'unauthenticated', signInFailure: 'proxyAccess' }, undefined)).toStrictEqual({
      state: 'unauthenticated',
      signInFailure: 'proxyAccess',
    });
    expect(snapshotOf({ name: 'authFailure', signInFailure: 'unreachable' }, 'a@b.c')).toStrictEqual({
      state: 'authFailure',
      signInFailure: 'unreachable',
      email: 'a@b.c',
    });
  });

  it('leaves out what is not there rather than sending undefined', () => {
    expect(snapshotOf({ name: 'authenticating', failClosed: true }, undefined)).toStrictEqual({
      state: 'authenticating',
    });
  });
});

describe('snapshotAfter', () => {
  it('answers with the state the command led to, read after the controller took it', async () => {
    const dispatched: ControllerInput[] = [];
    let state: ProxyState = { name: 'inactive' };
    const source: SnapshotSource = {
      controller: {
        current: () => state,
        dispatch: (input) => {
          dispatched.push(input);
          state = { name: 'unauthenticated' };
          return Promise.resolve();
        },
      },
      account: { email: () => undefined },
    };
    expect(await snapshotAfter(Promise.resolve(source), { type: 'signOut' })).toStrictEqual({
      state: 'unauthenticated',
    });
    expect(dispatched).toEqual([{ type: 'signOut' }]);
  });
});
