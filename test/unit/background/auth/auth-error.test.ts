import * as oauth from 'oauth4webapi';
import { AuthError, classifyAuthError } from '../../../../src/background/auth/auth-error';

function serverSaid(error: string, status: number): oauth.ResponseBodyError {
  return new oauth.ResponseBodyError('server error', { cause: { error }, response: new Response('', { status }) });
}

function authorizationFailed(error: string): oauth.AuthorizationResponseError {
  return new oauth.AuthorizationResponseError('authorization error', { cause: new URLSearchParams({ error }) });
}

const kindAndMessage = (error: AuthError) => [error.kind, error.message];

describe('classifyAuthError', () => {
  it.each<[string, unknown, [string, string]]>([
    [
      'a refused grant is a revoked account',
      serverSaid('invalid_grant', 400),
      ['revoked', 'refresh: the server said invalid_grant (400)'],
    ],
    [
      'any other server error is a bad reply',
      serverSaid('invalid_client', 401),
      ['badReply', 'refresh: the server said invalid_client (401)'],
    ],
    [
      'the user saying no is a cancellation',
      authorizationFailed('access_denied'),
      ['cancelled', 'refresh: the authorization failed with access_denied'],
    ],
    [
      'another authorization error is a bad reply',
      authorizationFailed('server_error'),
      ['badReply', 'refresh: the authorization failed with server_error'],
    ],
    [
      'an unusable response is a bad reply',
      new oauth.OperationProcessingError('no access_token'),
      ['badReply', 'refresh: unusable reply: no access_token'],
    ],
    [
      'an unsupported operation is a bad reply',
      new oauth.UnsupportedOperationError('no such alg'),
      ['badReply', 'refresh: unusable reply: no such alg'],
    ],
    // fetch rejects with a TypeError when there is no answer at all.
    [
      'a failed fetch is the network',
      new TypeError('NetworkError'),
      ['network', 'refresh: no answer from the server: NetworkError'],
    ],
    ['anything else is a bad reply', new Error('odd'), ['badReply', 'refresh: odd']],
    ['even a thrown string', 'odd', ['badReply', 'refresh: odd']],
  ])('%s', (_, error, expected) => {
    expect(kindAndMessage(classifyAuthError(error, 'refresh', oauth))).toEqual(expected);
  });

  // Before oauth4webapi has loaded (oauth-library.ts) the failure can only be fetch's, or the load's own.
  it.each<[string, unknown, [string, string]]>([
    [
      'a failed fetch is the network',
      new TypeError('NetworkError'),
      ['network', 'refresh: no answer from the server: NetworkError'],
    ],
    [
      'a library that failed to load is a bad reply',
      new Error('Loading chunk oauth failed'),
      ['badReply', 'refresh: Loading chunk oauth failed'],
    ],
  ])('without the library loaded, %s', (_, error, expected) => {
    expect(kindAndMessage(classifyAuthError(error, 'refresh', undefined))).toEqual(expected);
  });

  it('passes an AuthError through unchanged', () => {
    const original = new AuthError('cancelled', 'closed the window');
    expect(classifyAuthError(original, 'sign-in', oauth)).toBe(original);
  });
});
