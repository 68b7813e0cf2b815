/**
 * The proxy's state names, as our pages see them in a StateSnapshot. The background's `ProxyState` in
 * background/proxy/state.ts gives each name its data; it is checked at compile time to name exactly these states,
 * so a state added on one side only does not build.
 */
export const STATE_NAMES = [
  'loading',
  'unauthenticated',
  'authenticating',
  'inactive',
  'connecting',
  'active',
  'otherProxyInUse',
  'captivePortal',
  'offline',
  'proxyError',
  'tooManyRequests',
  'authFailure',
] as const;

export type StateName = (typeof STATE_NAMES)[number];
