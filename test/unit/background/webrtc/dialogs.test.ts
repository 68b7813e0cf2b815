import { type DialogTabEvents, WebRtcDialogs } from '../../../../src/background/webrtc/dialogs';

/** Tab events the test fires by hand. */
function fakeTabs() {
  const removed: ((tabId: number) => void)[] = [];
  const updated: ((tabId: number, changeInfo: { status?: string; url?: string }) => void)[] = [];
  const tabs: DialogTabEvents = {
    onRemoved: { addListener: (listener) => void removed.push(listener) },
    onUpdated: { addListener: (listener) => void updated.push(listener) },
  };
  return {
    tabs,
    remove: (tabId: number) => removed.forEach((listener) => listener(tabId)),
    update: (tabId: number, changeInfo: { status?: string; url?: string }) =>
      updated.forEach((listener) => listener(tabId, changeInfo)),
  };
}

function onDialogs() {
  const dialogs = new WebRtcDialogs();
  dialogs.setOn(true);
  return dialogs;
}

describe('WebRtcDialogs', () => {
  it('opens nothing before the proxy is first on', () => {
    expect(new WebRtcDialogs().seen(7)).toBeUndefined();
  });

  it('opens one dialog per tab and takes exactly one answer from it', () => {
    const dialogs = onDialogs();
    expect(dialogs.seen(7)).toBe('1.1');
    expect(dialogs.seen(7)).toBeUndefined();
    expect(dialogs.seen(8)).toBe('1.2');
    expect(dialogs.answer(7, '1.2')).toBe(false);
    expect(dialogs.answer(7, '1.1')).toBe(true);
    expect(dialogs.answer(7, '1.1')).toBe(false);
    // Answered is still open for the page: no second dialog in it.
    expect(dialogs.seen(7)).toBeUndefined();
    expect(dialogs.answer(8, '1.2')).toBe(true);
  });

  it('forgets every dialog when the proxy turns off, and refuses their answers from then on', () => {
    const dialogs = onDialogs();
    const id = dialogs.seen(7)!;
    dialogs.setOn(false);
    expect(dialogs.answer(7, id)).toBe(false);
    expect(dialogs.seen(7)).toBeUndefined();
    // The next "on" period has new ids; the old one still does not count.
    dialogs.setOn(true);
    expect(dialogs.answer(7, id)).toBe(false);
    expect(dialogs.seen(7)).toBe('3.2');
  });

  it('tells each unanswered dialog to close when the proxy turns off, and only those', () => {
    const closed: [number, unknown][] = [];
    const dialogs = new WebRtcDialogs((tabId, message) => {
      closed.push([tabId, message]);
      return Promise.resolve();
    });
    dialogs.setOn(true);
    const open = dialogs.seen(7)!;
    const answered = dialogs.seen(8)!;
    expect(dialogs.answer(8, answered)).toBe(true);
    dialogs.setOn(true);
    expect(closed).toEqual([]);
    dialogs.setOn(false);
    expect(closed).toEqual([[7, { type: 'webrtc.close', dialog: open }]]);
    // Forgotten: turning on again and off again closes nothing twice.
    dialogs.setOn(true);
    dialogs.setOn(false);
    expect(closed).toHaveLength(1);
  });

  it('survives a tab that cannot hear the close', async () => {
    const dialogs = new WebRtcDialogs(() => Promise.reject(new Error('no content script')));
    dialogs.setOn(true);
    dialogs.seen(7);
    dialogs.setOn(false);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(dialogs.seen(7)).toBeUndefined();
  });

  it('keeps its dialogs through states that stay on', () => {
    const dialogs = onDialogs();
    const id = dialogs.seen(7)!;
    dialogs.setOn(true);
    expect(dialogs.answer(7, id)).toBe(true);
  });

  it("starts afresh when the tab's page loads again or the tab closes", () => {
    const dialogs = onDialogs();
    const { tabs, remove, update } = fakeTabs();
    dialogs.listen(tabs);
    const first = dialogs.seen(7)!;
    // Other updates (a title, the page finishing its load, a same-page URL change) keep the dialog.
    update(7, { status: 'complete' });
    update(7, { url: 'https://meet.example.com/#room' });
    expect(dialogs.seen(7)).toBeUndefined();
    update(7, { status: 'loading' });
    expect(dialogs.answer(7, first)).toBe(false);
    const second = dialogs.seen(7)!;
    expect(second).toBe('1.2');
    remove(7);
    expect(dialogs.answer(7, second)).toBe(false);
    expect(dialogs.seen(7)).toBe('1.3');
  });

  it('lets a dialog that could not be shown be opened again, but not one that was replaced', () => {
    const dialogs = onDialogs();
    const first = dialogs.seen(7)!;
    dialogs.notShown(7, first);
    const second = dialogs.seen(7)!;
    dialogs.notShown(7, first);
    expect(dialogs.answer(7, second)).toBe(true);
  });
});
