import type { Runtime } from 'webextension-polyfill';
import { StatePorts } from '../../../../src/background/messaging/state-ports';
import { STATE_PORT_NAME } from '../../../../src/shared/protocol';
import { TEST_ADDON_ID } from '../../fakes/fake-browser';
import { RecordingLogger } from '../../fakes/recording-logger';

const SELF = { id: TEST_ADDON_ID, baseUrl: 'moz-extension://uuid/' };

function fakePort(name: string, sender: Runtime.MessageSender) {
  const posted: unknown[] = [];
  const disconnectListeners: (() => void)[] = [];
  const messageListeners: ((message: unknown) => void)[] = [];
  const port = {
    name,
    sender,
    posted,
    disconnected: false,
    postMessage: (message: unknown) => posted.push(message),
    disconnect: () => {
      port.disconnected = true;
    },
    onDisconnect: { addListener: (listener: () => void) => disconnectListeners.push(listener) },
    onMessage: { addListener: (listener: (message: unknown) => void) => messageListeners.push(listener) },
    /** The page posting on its port. */
    send: (message: unknown) => messageListeners.forEach((listener) => listener(message)),
    close: () => disconnectListeners.forEach((listener) => listener()),
  };
  return port;
}

function setup() {
  let connect: (port: Runtime.Port) => void = () => undefined;
  const opened = { count: 0 };
  const failedLoads = { count: 0 };
  const logger = new RecordingLogger();
  const ports = new StatePorts(SELF, logger, () => void (failedLoads.count += 1));
  ports.listen({ onConnect: { addListener: (listener) => (connect = listener) } }, () => void (opened.count += 1));
  return {
    ports,
    opened,
    failedLoads,
    logger,
    connect: (port: ReturnType<typeof fakePort>) => connect(port as unknown as Runtime.Port),
  };
}

const POPUP_SENDER = { id: TEST_ADDON_ID, url: 'moz-extension://uuid/popup/popup.html' };
const SHOWS_ERROR = { type: 'loadingErrorShown' };

describe('StatePorts', () => {
  it('sends our pages the latest state on connect and every change after', () => {
    const { ports, connect } = setup();
    ports.publish({ state: 'connecting' });
    const popup = fakePort(STATE_PORT_NAME, { id: TEST_ADDON_ID, url: 'moz-extension://uuid/popup/popup.html' });
    connect(popup);
    ports.publish({ state: 'active', email: 'a@b.c' });
    expect(popup.posted).toEqual([{ state: 'connecting' }, { state: 'active', email: 'a@b.c' }]);
  });

  it('tells the background each time one of our pages opens, and only then', () => {
    const { connect, opened } = setup();
    connect(fakePort(STATE_PORT_NAME, { id: TEST_ADDON_ID, url: 'moz-extension://uuid/popup/popup.html' }));
    const contentScript = { id: TEST_ADDON_ID, url: 'https://example.com/', tab: { id: 1 } };
    connect(fakePort(STATE_PORT_NAME, contentScript as Runtime.MessageSender));
    connect(fakePort(STATE_PORT_NAME, { id: TEST_ADDON_ID, url: 'moz-extension://uuid/settings/settings.html' }));
    expect(opened.count).toBe(2);
  });

  it('stops sending to a closed port', () => {
    const { ports, connect } = setup();
    const popup = fakePort(STATE_PORT_NAME, { id: TEST_ADDON_ID, url: 'moz-extension://uuid/popup/popup.html' });
    connect(popup);
    popup.close();
    ports.publish({ state: 'active' });
    expect(popup.posted).toEqual([]);
  });

  it.each([
    ['a content script', STATE_PORT_NAME, { id: TEST_ADDON_ID, url: 'https://example.com/', tab: { id: 1 } }],
    ['another add-on', STATE_PORT_NAME, { id: 'other@example.com', url: 'moz-extension://other/page.html' }],
    ['an unknown port name', 'tokens', { id: TEST_ADDON_ID, url: 'moz-extension://uuid/popup/popup.html' }],
  ])('refuses %s', (_, name, sender) => {
    const { ports, connect } = setup();
    const port = fakePort(name, sender as Runtime.MessageSender);
    connect(port);
    ports.publish({ state: 'active', email: 'a@b.c' });
    expect(port.disconnected).toBe(true);
    expect(port.posted).toEqual([]);
  });

  describe('a page that fails to load', () => {
    it('counts once when the page showed its loading error and closed without ever being sent a state', () => {
      const { ports, connect, failedLoads } = setup();
      const popup = fakePort(STATE_PORT_NAME, POPUP_SENDER);
      connect(popup);
      // The background's own start-up is no state the popup can show.
      ports.publish({ state: 'loading' });
      popup.send(SHOWS_ERROR);
      popup.send(SHOWS_ERROR);
      expect(failedLoads.count).toBe(0);
      popup.close();
      expect(failedLoads.count).toBe(1);
    });

    it('does not count a state that arrives late, while the page still shows its error', () => {
      const { ports, connect, failedLoads } = setup();
      const popup = fakePort(STATE_PORT_NAME, POPUP_SENDER);
      connect(popup);
      popup.send(SHOWS_ERROR);
      ports.publish({ state: 'inactive' });
      popup.close();
      expect(failedLoads.count).toBe(0);
    });

    it('does not count a page that got the state on connect, nor one closed before it gave up waiting', () => {
      const { ports, connect, failedLoads } = setup();
      const quick = fakePort(STATE_PORT_NAME, POPUP_SENDER);
      connect(quick);
      quick.close();
      ports.publish({ state: 'active' });
      const served = fakePort(STATE_PORT_NAME, POPUP_SENDER);
      connect(served);
      served.send(SHOWS_ERROR);
      served.close();
      expect(failedLoads.count).toBe(0);
    });

    it('ignores, and logs, anything else a page posts on its port', () => {
      const { connect, failedLoads, logger } = setup();
      const popup = fakePort(STATE_PORT_NAME, POPUP_SENDER);
      connect(popup);
      popup.send({ type: 'loadingErrorShown', times: 2 });
      popup.send('loadingErrorShown');
      popup.close();
      expect(failedLoads.count).toBe(0);
      expect(logger.warnings).toEqual(['ignored a message on a state port', 'ignored a message on a state port']);
    });
  });
});
