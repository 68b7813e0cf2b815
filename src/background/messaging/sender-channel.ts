import type { Runtime } from 'webextension-polyfill';

/**
 * Who sent a message:
 * - `extensionPage`: one of our own pages (popup, settings), whatever tab it is shown in;
 * - `contentScript`: our content script, running in a web page's tab.
 * Anything else (another add-on, a page without our script) has no channel and is refused.
 */
export type Channel = 'extensionPage' | 'contentScript';

/** How a channel reads in an error message. */
export const CHANNEL_NAMES: Record<Channel, string> = {
  extensionPage: 'an extension page',
  contentScript: 'a content script',
};

export interface ExtensionIdentity {
  id: string;
  /** `moz-extension://<uuid>/`, the origin of our own pages. */
  baseUrl: string;
}

export function channelOf(sender: Runtime.MessageSender, self: ExtensionIdentity): Channel | undefined {
  if (sender.id !== self.id || typeof sender.url !== 'string') return undefined;
  if (sender.url.startsWith(self.baseUrl)) return 'extensionPage';
  return sender.tab?.id !== undefined ? 'contentScript' : undefined;
}
