/**
 * Calls `onShow` each time the document comes on screen: at once if it is visible now, then on every change from
 * hidden back to visible (the user returns to the settings tab, or restores its window). Firefox fires
 * visibilitychange for both directions; an event that does not change what the user sees calls nothing.
 */
export function onEveryShow(doc: Document, onShow: () => void): void {
  let visible = doc.visibilityState === 'visible';
  doc.addEventListener('visibilitychange', () => {
    const nowVisible = doc.visibilityState === 'visible';
    if (nowVisible && !visible) onShow();
    visible = nowVisible;
  });
  if (visible) onShow();
}
