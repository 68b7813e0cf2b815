import { onEveryShow } from '../../../src/settings/when-shown';

/** The part of Document onEveryShow() uses, with a visibility the test changes. */
function fakeDocument(initial: DocumentVisibilityState) {
  const listeners = new Set<() => void>();
  const doc = {
    visibilityState: initial,
    addEventListener: (_type: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: () => void) => listeners.delete(listener),
  };
  const become = (state: DocumentVisibilityState) => {
    doc.visibilityState = state;
    for (const listener of [...listeners]) listener();
  };
  return { doc: doc as unknown as Document, become };
}

describe('onEveryShow', () => {
  it('counts a page that opens in front as shown once, at once', () => {
    const { doc } = fakeDocument('visible');
    let shows = 0;
    onEveryShow(doc, () => (shows += 1));
    expect(shows).toBe(1);
  });

  it('waits for a page opened in the background to come to the front', () => {
    const { doc, become } = fakeDocument('hidden');
    let shows = 0;
    onEveryShow(doc, () => (shows += 1));
    become('hidden');
    expect(shows).toBe(0);
    become('visible');
    expect(shows).toBe(1);
  });

  it('counts every return to the page, and nothing for events that change nothing', () => {
    const { doc, become } = fakeDocument('visible');
    let shows = 0;
    onEveryShow(doc, () => (shows += 1));
    become('hidden');
    become('visible');
    // A repeated "visible" (no hidden in between) is the same showing, not a new one.
    become('visible');
    become('hidden');
    become('hidden');
    become('visible');
    expect(shows).toBe(3);
  });
});
