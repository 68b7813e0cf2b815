import browser from 'webextension-polyfill';
import type { MessageType, Reply, RequestOf, ResponseOf } from './protocol';

export class BackgroundError extends Error {
  override readonly name = 'BackgroundError';
}

/** Sends a typed message to the background and returns its result, or throws the background's refusal. */
export async function sendToBackground<T extends MessageType>(request: RequestOf<T>): Promise<ResponseOf<T>> {
  const reply: Reply<T> | undefined = await browser.runtime.sendMessage(request);
  if (!reply) throw new BackgroundError(`no reply to ${request.type}`);
  if (!reply.ok) throw new BackgroundError(reply.error);
  return reply.result;
}
