/**
 * Times decide() over a trace of 100,000 requests against an empty function of the same shape, in one run, and
 * prints the median cost per decision of each and their ratio. Run with `npm run bench`.
 */
import { decide, type RequestFacts } from '../../src/background/routing/decide';
import type { Routing } from '../../src/background/routing/routing';
import { buildRouting } from '../../src/background/routing/build-routing';

const TRACE_LENGTH = 100_000;
const BATCH = 1_000;
const ROUNDS = 5;

const HOSTS = [
  'www.example.com',
  'cdn.example.net',
  'api.example.org',
  'fonts.gstatic.example',
  'accounts.example.com',
  'localhost',
  '192.168.1.20',
  '10.0.0.8',
  'tracker.example.io',
  'images.example.com',
];
const PATHS = ['/', '/index.html', '/static/app.js?v=12', '/api/v1/items?page=2', '/img/logo.png', '/socket'];

/** A deterministic trace: mostly ordinary sites, with local addresses, exempt hosts and an exempt tab mixed in. */
function trace(): RequestFacts[] {
  let seed = 42;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  return Array.from({ length: TRACE_LENGTH }, () => {
    const scheme = next(4) === 0 ? 'http' : 'https';
    const port = next(10) === 0 ? ':8443' : '';
    return { url: `${scheme}://${HOSTS[next(HOSTS.length)]!}${port}${PATHS[next(PATHS.length)]!}`, tabId: next(50) };
  });
}

const routing: Routing = buildRouting(
  { name: 'active' },
  {
    proxy: { host: 'proxy.example.net', port: 2486 },
    token: 'a'.repeat(64),
    networkEpoch: 1,
    exemptHosts: new Set(['proxy.example.net', 'accounts.example.com']),
    exemptTabs: new Set([13]),
    captivePortalUrl: undefined,
  },
);

function empty(_request: RequestFacts, _routing: Routing): undefined {
  return undefined;
}

/** Nanoseconds per call for each batch of the trace. */
function perCallNs(fn: (request: RequestFacts, routing: Routing) => unknown, requests: RequestFacts[]): number[] {
  const samples: number[] = [];
  let sink = 0;
  for (let start = 0; start < requests.length; start += BATCH) {
    const began = process.hrtime.bigint();
    for (let index = start; index < start + BATCH; index += 1)
      if (fn(requests[index]!, routing) !== undefined) sink += 1;
    samples.push(Number(process.hrtime.bigint() - began) / BATCH);
  }
  if (sink < 0) console.log(sink);
  return samples;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const requests = trace();
// Warm both paths up so the JIT has compiled them before anything is measured.
perCallNs(decide, requests);
perCallNs(empty, requests);
const decideSamples: number[] = [];
const emptySamples: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  decideSamples.push(...perCallNs(decide, requests));
  emptySamples.push(...perCallNs(empty, requests));
}
const decideNs = median(decideSamples);
const emptyNs = median(emptySamples);
console.log(`decide(): ${TRACE_LENGTH.toLocaleString('en-US')} requests x ${ROUNDS} rounds, median per decision`);
console.log(
  `  decide ${decideNs.toFixed(1)} ns   empty function ${emptyNs.toFixed(1)} ns   ratio ${(decideNs / emptyNs).toFixed(1)}x`,
);
console.log(`  target <= 1000 ns per decision: ${decideNs <= 1000 ? 'met' : 'NOT met'}`);
