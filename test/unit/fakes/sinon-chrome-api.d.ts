// sinon-chrome ships its Api class and API list without type declarations.
declare module 'sinon-chrome/api' {
  export default class Api {
    constructor(config: readonly unknown[]);
    create(): Record<string, unknown>;
  }
}
declare module 'sinon-chrome/config/stable-api-ff.json' {
  const namespaces: {
    namespace: string;
    functions?: unknown[];
    events?: unknown[];
    properties?: Record<string, unknown>;
  }[];
  export default namespaces;
}
