import { whenShown } from '../../../src/settings/when-shown';

/** The part of Document whenShown() uses, with a visibility the test changes. */
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
  return { doc: doc as unknown as Document, become, listeners };
}

const settle = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

describe('whenShown', () => {
  it('resolves at once for a visible document, without listening', async () => {
    const { doc, listeners } = fakeDocument('visible');
    await whenShown(doc);
    expect(listeners.size).toBe(0);
  });

  it('waits for a hidden document to become visible, then stops listening', async () => {
    const { doc, become, listeners } = fakeDocument('hidden');
    let shown = false;
    void whenShown(doc).then(() => (shown = true));
    become('hidden');
    await settle();
    expect([shown, listeners.size]).toEqual([false, 1]);
    become('visible');
    await settle();
    expect([shown, listeners.size]).toEqual([true, 0]);
  });
});
