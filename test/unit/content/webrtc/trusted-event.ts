/**
 * jsdom marks every event a test dispatches as untrusted, as a browser does for page scripts: `dispatchEvent`
 * clears the flag. Tests that stand for real user input therefore dispatch through jsdom's internal `_dispatch`
 * with the flag set; tests of forged input use plain `dispatchEvent`.
 */
interface JsdomImpl {
  isTrusted: boolean;
  _dispatch(event: JsdomImpl): boolean;
}

function implOf(wrapper: object): JsdomImpl {
  const implKey = Object.getOwnPropertySymbols(wrapper).find((symbol) => symbol.description === 'impl');
  if (implKey === undefined) throw new Error('not a jsdom object');
  return (wrapper as Record<symbol, JsdomImpl>)[implKey]!;
}

export function dispatchTrusted(target: EventTarget, event: Event): void {
  const eventImpl = implOf(event);
  eventImpl.isTrusted = true;
  implOf(target)._dispatch(eventImpl);
}

export function userClick(target: Element): void {
  dispatchTrusted(target, new MouseEvent('click', { bubbles: true, composed: true }));
}

export function userKey(target: Element, key: string, shiftKey = false): void {
  dispatchTrusted(
    target,
    new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, composed: true, cancelable: true }),
  );
}
