import type { ServerResponse } from 'node:http';
import { sendJson, sendText } from './http-io';
import type { FailingEndpoint, Failure } from './types';

/**
 * One-shot failures, each used up by the next request to its endpoint, or by a later one: `after` requests are let
 * through first. The token endpoint serves a sign-in twice (the code, then the first proxy token), so `after: 1`
 * fails the proxy token of a login that worked.
 */
export class FailurePlan {
  private readonly armed = new Map<FailingEndpoint, { failure: Failure; after: number }>();

  arm(endpoint: FailingEndpoint, failure: Failure, after = 0): void {
    this.armed.set(endpoint, { failure, after });
  }

  take(endpoint: FailingEndpoint): Failure | undefined {
    const plan = this.armed.get(endpoint);
    if (plan === undefined) return undefined;
    if (plan.after > 0) {
      plan.after -= 1;
      return undefined;
    }
    this.armed.delete(endpoint);
    return plan.failure;
  }
}

/**
 * Sends the bad reply instead of handling the request, so nothing is consumed or issued:
 * `incomplete` is the endpoint's reply with its required fields left out. A `hang` sends nothing at all: the
 * connection stays open until the client gives up or the stand-in closes (close() ends every connection).
 */
export function sendFailure(
  res: ServerResponse,
  failure: Failure,
  incomplete: Record<string, unknown> | undefined,
): void {
  if (failure === 'hang') return;
  if (failure === 'malformedJson') {
    sendText(res, 200, 'application/json; charset=utf-8', '{"access_token": ');
  } else if (failure === 'missingFields' && incomplete !== undefined) {
    sendJson(res, 200, incomplete);
  } else {
    sendJson(res, 500, { error: 'server_error', error_description: 'failure injected by failNext()' });
  }
}
