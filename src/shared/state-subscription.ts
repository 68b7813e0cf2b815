import browser from 'webextension-polyfill';
import { STATE_PORT_NAME, type StatePortMessage, type StateSnapshot } from './protocol';

/** A page's hold on the proxy's state: it can stop following, and say it gave up waiting for the first state. */
export interface StateFollower {
  stop(): void;
  /** Tells the background this page shows its loading error; see StatePortMessage for what is recorded. */
  loadingErrorShown(): void;
}

/**
 * Follows the proxy's state: `onSnapshot` gets the current state as soon as the background answers, then every
 * change.
 */
export function followState(onSnapshot: (snapshot: StateSnapshot) => void): StateFollower {
  const port = browser.runtime.connect({ name: STATE_PORT_NAME });
  port.onMessage.addListener((message) => {
    onSnapshot(message as StateSnapshot);
  });
  return {
    stop: () => {
      port.disconnect();
    },
    loadingErrorShown: () => {
      const message: StatePortMessage = { type: 'loadingErrorShown' };
      try {
        port.postMessage(message);
      } catch (error) {
        // The port is gone when nothing in the background listens: nothing can record it then, and the page shows
        // the error anyway.
        console.error('[secure-proxy] could not tell the background about the loading error', error);
      }
    },
  };
}

/** Follows the proxy's state, as followState does; returns a function that stops following. */
export function subscribeToState(onSnapshot: (snapshot: StateSnapshot) => void): () => void {
  const follower = followState(onSnapshot);
  return () => {
    follower.stop();
  };
}
