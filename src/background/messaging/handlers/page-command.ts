import type { MessageMap, MessageType, ResponseOf } from '../../../shared/protocol';
import { parseEmpty } from '../message-check';
import type { Handler } from '../message-router';

/** The message types whose request carries nothing but its type. */
export type EmptyRequestType = {
  [T in MessageType]: keyof MessageMap[T]['request'] extends never ? T : never;
}[MessageType];

/**
 * The handler for a command from our own pages that carries nothing but its type: only extension pages may send
 * it, and a message with any other field is refused.
 */
export function pageCommand<T extends EmptyRequestType>(type: T, handle: () => Promise<ResponseOf<T>>): Handler<T> {
  return {
    channels: ['extensionPage'],
    parse: (message) => parseEmpty(message, { type }),
    handle,
  };
}
