import type { OAuthLibrary } from './oauth-library';

/**
 * Why talking to the accounts server failed, in the terms the state machine acts on:
 * - `revoked`: the server no longer accepts our refresh token; only signing in again helps;
 * - `cancelled`: the user closed the sign-in window or declined;
 * - `badReply`: the server answered something we cannot use (an error status, malformed JSON, missing fields);
 * - `network`: no answer at all.
 */
export type AuthFailureKind = 'revoked' | 'cancelled' | 'badReply' | 'network';

export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly kind: AuthFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Signing in got the account (the login worked), then its first proxy token failed for `kind`. Kept apart from a
 * failed login because the user's next step differs: the login is not what went wrong.
 */
export class ProxyAccessError extends AuthError {}

function explanation(description: string | undefined): string {
  return description === undefined || description === '' ? '' : `: ${description}`;
}

/**
 * Turns whatever oauth4webapi or fetch threw into an AuthError with a readable message. `oauth` is the library if it
 * has loaded (oauth-library.ts): its error classes live there.
 */
export function classifyAuthError(error: unknown, during: string, oauth: OAuthLibrary | undefined): AuthError {
  if (error instanceof AuthError) return error;
  if (oauth === undefined) return unclassified(error, during);
  if (error instanceof oauth.ResponseBodyError) {
    const kind = error.error === 'invalid_grant' ? 'revoked' : 'badReply';
    // The server's own explanation is for developers and logs; the user sees a state, never this text.
    return new AuthError(
      kind,
      `${during}: the server said ${error.error} (${error.status})${explanation(error.error_description)}`,
    );
  }
  if (error instanceof oauth.AuthorizationResponseError) {
    const kind = error.error === 'access_denied' ? 'cancelled' : 'badReply';
    return new AuthError(
      kind,
      `${during}: the authorization failed with ${error.error}${explanation(error.error_description)}`,
    );
  }
  if (error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError) {
    return new AuthError('badReply', `${during}: unusable reply: ${error.message}`);
  }
  return unclassified(error, during);
}

/** An error from fetch, or from anywhere else outside oauth4webapi. */
function unclassified(error: unknown, during: string): AuthError {
  if (error instanceof TypeError)
    return new AuthError('network', `${during}: no answer from the server: ${error.message}`);
  return new AuthError('badReply', `${during}: ${error instanceof Error ? error.message : String(error)}`);
}
