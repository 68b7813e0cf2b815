import browser from 'webextension-polyfill';
import { STATE_PORT_NAME, type StateSnapshot } from './protocol';

/**
 * Follows the proxy's state: `onSnapshot` gets the current state as soon as the background answers, then every
 * change. Returns a function that stops following.
 */
export function subscribeToState(onSnapshot: (snapshot: StateSnapshot) => void): () => void {
  const port = browser.runtime.connect({ name: STATE_PORT_NAME });
  port.onMessage.addListener((message) => {
    onSnapshot(message as StateSnapshot);
  });
  return () => {
    port.disconnect();
  };
}
