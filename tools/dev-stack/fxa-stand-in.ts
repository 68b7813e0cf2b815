/**
 * A local stand-in for the Firefox Accounts OAuth/OIDC server, for development and tests.
 * See docs/fxa-stand-in.md for what it implements and how it differs from the real one.
 */
import { createServer } from 'node:http';
import { createContext } from './fxa/context';
import { route } from './fxa/router';
import type { FxaStandIn, FxaStandInOptions } from './fxa/types';
import { listenOnLoopback } from './listen-loopback';

export type {
  FailingEndpoint,
  Failure,
  FlowEvent,
  FxaStandIn,
  FxaStandInOptions,
  Introspection,
  RequestRecord,
} from './fxa/types';

export async function startFxaStandIn(options: FxaStandInOptions): Promise<FxaStandIn> {
  if (options.clientId === '') throw new Error('startFxaStandIn: clientId must not be empty');
  const ctx = createContext(options);
  const server = createServer((req, res) => void route(ctx, req, res));
  const port = await listenOnLoopback(server, options.port ?? 0);
  ctx.url = `http://127.0.0.1:${port}`;
  return {
    url: ctx.url,
    setAutoApprove: (on) => {
      ctx.autoApprove = on;
    },
    revokeAll: () => {
      ctx.tokens.revokeAll();
    },
    failNext: (endpoint, failure, options) => {
      ctx.failures.arm(endpoint, failure, options?.after);
    },
    claimLifetime: (seconds) => {
      ctx.claimedLifetime = seconds;
    },
    introspect: (token) => ctx.tokens.introspect(token),
    flowEvents: () => ctx.flows.all(),
    requests: (path) => ctx.requests.list(path),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        // Keep-alive connections (fetch keeps them) would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
