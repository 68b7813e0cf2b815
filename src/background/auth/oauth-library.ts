/**
 * oauth4webapi, loaded the first time the accounts server is contacted. It is a quarter of the background script,
 * and a start-up with a stored token needs none of it: held requests wait for that script to load, not for this one.
 */
export type OAuthLibrary = typeof import('oauth4webapi');

let loading: Promise<OAuthLibrary> | undefined;
let loaded: OAuthLibrary | undefined;

export function loadOAuthLibrary(): Promise<OAuthLibrary> {
  loading ??= import(/* webpackChunkName: "oauth" */ 'oauth4webapi').then(
    (library) => (loaded = library),
    (error: unknown) => {
      // A failed load is tried again by the next request rather than remembered.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The library if it has loaded: until then, nothing it throws can exist. */
export function loadedOAuthLibrary(): OAuthLibrary | undefined {
  return loaded;
}
