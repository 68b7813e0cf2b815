import { nativeServices, onDialogMessages, reportSeen } from '../../../../src/content/webrtc/extension-api';

function withBrowser(reply: unknown, messages: Record<string, string> = {}) {
  const sent: unknown[] = [];
  const listeners: ((message: unknown) => void)[] = [];
  (globalThis as unknown as Record<string, unknown>).browser = {
    i18n: { getMessage: (key: string) => messages[key] ?? '', getUILanguage: () => 'fr' },
    runtime: {
      sendMessage: (message: unknown) => {
        sent.push(message);
        return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply);
      },
      onMessage: { addListener: (listener: (message: unknown) => void) => void listeners.push(listener) },
    },
  };
  const receive = (message: unknown) => listeners.forEach((listener) => listener(message));
  return { services: nativeServices('1.4'), sent, receive };
}

afterEach(() => {
  delete (globalThis as unknown as Record<string, unknown>).browser;
});

describe("the content script's native extension services", () => {
  it("sends exactly the webrtc.choice message with its dialog's id, and reports whether it was accepted", async () => {
    const accepted = withBrowser({ ok: true, result: { outcome: 'recorded' } });
    expect(await accepted.services.sendChoice('exemptTab')).toBe(true);
    expect(accepted.sent).toEqual([{ type: 'webrtc.choice', choice: 'exemptTab', dialog: '1.4' }]);
    expect(await withBrowser({ ok: false, error: 'refused' }).services.sendChoice('ignoreTab')).toBe(false);
    expect(await withBrowser(undefined).services.sendChoice('ignoreTab')).toBe(false);
    await expect(withBrowser(new Error('no background')).services.sendChoice('ignoreTab')).rejects.toThrow(
      'no background',
    );
  });

  it('reports a peer connection with exactly the webrtc.seen message', async () => {
    const { sent } = withBrowser({ ok: true, result: { opened: true } });
    await reportSeen();
    expect(sent).toEqual([{ type: 'webrtc.seen' }]);
  });

  it('passes on the id of each "show" and "close" message, and nothing else it receives', () => {
    const { receive } = withBrowser(undefined);
    const heard: string[] = [];
    onDialogMessages(
      (dialog) => heard.push(`show ${dialog}`),
      (dialog) => heard.push(`close ${dialog}`),
    );
    for (const message of [
      undefined,
      null,
      'webrtc.show',
      { type: 'webrtc.show' },
      { type: 'webrtc.show', dialog: 7 },
      { type: 'other', dialog: '1.1' },
      { type: 'webrtc.show', dialog: '1.2' },
      { type: 'webrtc.close' },
      { type: 'webrtc.close', dialog: 1 },
      { type: 'webrtc.close', dialog: '1.2' },
    ]) {
      receive(message);
    }
    expect(heard).toEqual(['show 1.2', 'close 1.2']);
  });

  it("reads Firefox's strings and language, and shows a missing string's key", () => {
    const { services } = withBrowser(undefined, { webrtcKeepOn: 'Garder le proxy activé' });
    expect(services.t('webrtcKeepOn')).toBe('Garder le proxy activé');
    expect(services.t('webrtcReload')).toBe('webrtcReload');
    expect(services.language).toBe('fr');
  });
});
