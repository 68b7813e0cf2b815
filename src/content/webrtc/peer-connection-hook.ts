/**
 * Tells the content script when the page creates an RTCPeerConnection, by replacing the page's own constructor.
 *
 * Content scripts see the page through Xray wrappers, so patching `window.RTCPeerConnection` here would change only
 * our view. The hook goes into the page's compartment instead: a page-side `Proxy` around the page's constructor,
 * whose `construct` trap is the only function we export to the page. The trap calls the page's own
 * `Reflect.construct` with the page's own arguments and `new.target`, so the page gets a genuine RTCPeerConnection
 * (subclasses too), `instanceof RTCPeerConnection` still works (the proxy forwards `prototype`), and nothing of the
 * page's arguments is read by us. The trap returns before any page data could influence what we do next: it only
 * signals "created".
 */

/** Firefox's content-script helpers for sharing with the page; absent in tests and other browsers. */
interface XrayHelpers {
  cloneInto<T>(value: T, target: object, options?: { cloneFunctions?: boolean }): T;
}

/** The page's own globals, reached through `window.wrappedJSObject`. */
interface PageGlobals {
  RTCPeerConnection?: object;
  Proxy: ProxyConstructor;
  Reflect: typeof Reflect;
}

function xrayHelpers(): XrayHelpers | undefined {
  const scope = globalThis as unknown as Partial<XrayHelpers>;
  return scope.cloneInto ? { cloneInto: scope.cloneInto } : undefined;
}

/**
 * Hooks the page's RTCPeerConnection; `onCreated` runs (in the content script) each time the page constructs one.
 * Returns false when there is nothing to hook (no WebRTC, or not Firefox's content-script sandbox).
 */
export function hookPeerConnection(pageWindow: Window, onCreated: () => void): boolean {
  const helpers = xrayHelpers();
  const page = (pageWindow as unknown as { wrappedJSObject?: PageGlobals }).wrappedJSObject;
  const original = page?.RTCPeerConnection;
  if (!helpers || !page || typeof original !== 'function') return false;

  type Constructor = new (...params: unknown[]) => object;
  const construct = (target: Constructor, args: unknown[], newTarget: Constructor): object => {
    // Report first, and never let our side break the page: if the page's arguments make the constructor throw,
    // the page still tried to use WebRTC.
    try {
      onCreated();
    } catch (error) {
      console.warn('[secure-proxy] the WebRTC dialog failed', error);
    }
    return page.Reflect.construct(target, args, newTarget);
  };
  // cloneFunctions exports `construct` to the page: the one function of ours the page can reach.
  const handler = helpers.cloneInto({ construct }, page, { cloneFunctions: true });
  page.RTCPeerConnection = new page.Proxy(original, handler);
  return true;
}
