/**
 * Times hostOf() on short URLs and on 32 KB tracking URLs of the same hosts, interleaved in one run, and prints the
 * median cost of each and their ratio: the long URL should cost no more than the short one, because only the
 * authority is read. Run with `npm run bench`.
 */
import { hostOf } from '../../src/background/routing/address';

const CALLS = 10_000;
const ROUNDS = 21;
const HOSTS = ['www.example.com', 'tracker.example.io', 'cdn.example.net', 'api.example.org'];
const LONG_QUERY = `?data=${'x'.repeat(32 * 1024)}`;

const shortUrls = HOSTS.map((host) => `https://${host}/collect`);
const longUrls = HOSTS.map((host) => `https://${host}/collect${LONG_QUERY}`);

/** Nanoseconds per call over one batch. */
function perCallNs(urls: readonly string[]): number {
  let sink = 0;
  const began = process.hrtime.bigint();
  for (let index = 0; index < CALLS; index += 1) sink += hostOf(urls[index % urls.length]!).length;
  const elapsed = Number(process.hrtime.bigint() - began) / CALLS;
  if (sink < 0) console.log(sink);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

// Warm up so both shapes are compiled before anything is measured.
perCallNs(shortUrls);
perCallNs(longUrls);
const short: number[] = [];
const long: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  short.push(perCallNs(shortUrls));
  long.push(perCallNs(longUrls));
}
const shortNs = median(short);
const longNs = median(long);
console.log(`hostOf(): ${CALLS.toLocaleString('en-US')} calls x ${ROUNDS} rounds, interleaved, median per call`);
console.log(
  `  short URL ${shortNs.toFixed(1)} ns   32 KB URL ${longNs.toFixed(1)} ns   ratio ${(longNs / shortNs).toFixed(2)}x`,
);
