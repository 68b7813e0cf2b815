/**
 * A small page on 127.0.0.1 that drives the dev stack while `npm start` runs, so a developer can bring the add-on
 * into each state by hand: stop and start the proxy, make it answer 429, revoke every token, make the next sign-in
 * fail (at the login, or at its first proxy token). It does what the real-Firefox tests do through the same objects.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FxaStandIn } from './fxa-stand-in';
import { listenOnLoopback } from './listen-loopback';
import type { TlsProxy } from './tls-proxy';

/** What the page needs of the stack; the tests give it fakes. */
export interface ControlledStack {
  proxy: Pick<TlsProxy, 'stop' | 'start' | 'setRateLimit'>;
  fxa: Pick<FxaStandIn, 'revokeAll' | 'failNext'>;
}

export interface ControlPage {
  readonly url: string;
  close(): Promise<void>;
}

/** How long the forced 429 tells the add-on to wait before it tries again. */
export const FORCED_RETRY_AFTER_S = 30;

interface Action {
  label: string;
  explains: string;
  run(stack: ControlledStack): Promise<void> | void;
}

/** Each action by the path it is posted to, in the order the page lists them. */
export const ACTIONS: Record<string, Action> = {
  '/proxy/stop': {
    label: 'Stop the proxy',
    explains: 'The proxy refuses connections: the popup shows proxyError.',
    run: (stack) => stack.proxy.stop(),
  },
  '/proxy/start': {
    label: 'Start the proxy',
    explains: 'The proxy listens again; the add-on reconnects at its next try.',
    run: (stack) => stack.proxy.start(),
  },
  '/proxy/limit': {
    label: 'Answer 429 to everything',
    explains: `Every request gets 429 with Retry-After: ${FORCED_RETRY_AFTER_S}: the popup shows tooManyRequests.`,
    run: (stack) => {
      stack.proxy.setRateLimit({ maxRequests: 0, windowMs: 60_000, retryAfterSeconds: FORCED_RETRY_AFTER_S });
    },
  },
  '/proxy/unlimit': {
    label: 'Stop answering 429',
    explains: 'The proxy admits requests again.',
    run: (stack) => {
      stack.proxy.setRateLimit(undefined);
    },
  },
  '/fxa/revoke': {
    label: 'Revoke all tokens',
    explains: 'The proxy refuses the current proxy token (407) and refreshing fails: the popup shows authFailure.',
    run: (stack) => {
      stack.fxa.revokeAll();
    },
  },
  '/fxa/fail-next-sign-in': {
    label: 'Make the next sign-in fail',
    explains:
      'The next token request answers 500, so the sign-in that follows fails: the popup says the server failed.',
    run: (stack) => {
      stack.fxa.failNext('token', 'status500');
    },
  },
  '/fxa/fail-next-proxy-token': {
    label: 'Make the next sign-in fail after the login',
    explains:
      'The next sign-in logs in, then its first proxy token answers 500: the add-on signs out again and the popup says why.',
    run: (stack) => {
      stack.fxa.failNext('token', 'status500', { after: 1 });
    },
  },
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(done: string | null): string {
  const rows = Object.entries(ACTIONS)
    .map(
      ([path, action]) =>
        `<li><form method="post" action="${path}"><button>${escapeHtml(action.label)}</button></form> ${escapeHtml(action.explains)}</li>`,
    )
    .join('\n');
  const status = done === null ? '' : `<p role="status">Done: ${escapeHtml(done)}</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Secure Proxy dev stack controls</title></head>
<body><h1>Secure Proxy dev stack controls</h1>
${status}
<ul>
${rows}
</ul>
</body></html>
`;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(body);
}

/** Starts the page on 127.0.0.1:`port` (0 picks a free port). */
export async function startControlPage(stack: ControlledStack, options: { port?: number } = {}): Promise<ControlPage> {
  let origin = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    if (req.method === 'GET' && url.pathname === '/') {
      const done = url.searchParams.get('done');
      send(res, 200, page(done !== null && done in ACTIONS ? ACTIONS[done]!.label : null));
      return;
    }
    const action = ACTIONS[url.pathname];
    if (req.method !== 'POST' || action === undefined) {
      send(res, 404, 'Not found\n', { 'content-type': 'text/plain; charset=utf-8' });
      return;
    }
    // Any page open in the browser can post a form to 127.0.0.1: only this page's own forms may act.
    if (req.headers.origin !== origin) {
      send(res, 403, 'Only the control page itself may do this.\n', { 'content-type': 'text/plain; charset=utf-8' });
      return;
    }
    await action.run(stack);
    send(res, 303, '', { location: `/?done=${encodeURIComponent(url.pathname)}` });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, `Failed: ${escapeHtml(error instanceof Error ? error.message : String(error))}\n`);
    });
  });
  const port = await listenOnLoopback(server, options.port ?? 0);
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
