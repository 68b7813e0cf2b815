import type { Runtime } from 'webextension-polyfill';
import type { MessageType, Reply, RequestOf, ResponseOf } from '../../shared/protocol';
import { errorMessage, type Logger } from '../util/logger';
import { type Check, describeValue } from './message-check';
import { type Channel, CHANNEL_NAMES, channelOf, type ExtensionIdentity } from './sender-channel';

export interface HandlerContext {
  channel: Channel;
  sender: Runtime.MessageSender;
}

export interface Handler<T extends MessageType> {
  /** The channels allowed to send this message; every other sender is refused before validation. */
  channels: readonly Channel[];
  /** Turns unknown data into a typed request, or says what is wrong with it. */
  parse(message: Record<string, unknown>, context: HandlerContext): Check<RequestOf<T>>;
  handle(request: RequestOf<T>, context: HandlerContext): Promise<ResponseOf<T>>;
}

/** One handler per message type: a missing or extra entry fails to compile where the table uses `satisfies`. */
export type HandlerTable = { [T in MessageType]: Handler<T> };

interface RuntimeMessages {
  onMessage: {
    addListener(listener: (message: unknown, sender: Runtime.MessageSender) => Promise<unknown>): void;
  };
}

/**
 * The background's only runtime.onMessage listener. It fails closed: a message from an unknown sender, of an
 * unknown type, malformed, or not allowed on the sender's channel gets an error reply and reaches no handler.
 */
export class Router {
  private listening = false;

  constructor(
    private readonly handlers: HandlerTable,
    private readonly self: ExtensionIdentity,
    private readonly logger: Logger,
  ) {}

  listen(runtime: RuntimeMessages): void {
    if (this.listening) throw new Error('the message router is already listening');
    this.listening = true;
    runtime.onMessage.addListener((message, sender) => this.dispatch(message, sender));
  }

  async dispatch(message: unknown, sender: Runtime.MessageSender): Promise<Reply<MessageType>> {
    const channel = channelOf(sender, this.self);
    if (!channel) return this.refuse('the sender is not part of this add-on', message);
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return this.refuse('a message must be an object with a type', message);
    }
    const fields = message as Record<string, unknown>;
    const type = fields.type;
    if (typeof type !== 'string' || !Object.hasOwn(this.handlers, type)) {
      return this.refuse(`unknown message type ${describeValue(type)}`, message);
    }
    // The table is indexed by a type we only know at run time; each entry is still the handler for that type.
    const handler = this.handlers[type as MessageType] as unknown as Handler<MessageType>;
    const context: HandlerContext = { channel, sender };
    if (!handler.channels.includes(channel))
      return this.refuse(`${type} may not be sent by ${CHANNEL_NAMES[channel]}`, message);
    let parsed: Check<RequestOf<MessageType>>;
    try {
      parsed = handler.parse(fields, context);
    } catch {
      // A check that cannot even describe a value (a BigInt or a cycle deep inside) still refuses; never rejects.
      return this.refuse(`${type}: the message holds a value that cannot be checked`, message);
    }
    if (!parsed.ok) return this.refuse(`${type}: ${parsed.error}`, message);
    try {
      return { ok: true, result: await handler.handle(parsed.value, context) };
    } catch (error) {
      this.logger.error(`${type} failed`, error);
      return { ok: false, error: `${type} failed: ${errorMessage(error)}` };
    }
  }

  private refuse(error: string, message: unknown): Reply<MessageType> {
    this.logger.warn(`refused a message: ${error}`, message);
    return { ok: false, error };
  }
}
