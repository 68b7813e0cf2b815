/**
 * Medians and their ratio with a bootstrap confidence interval, for measurements taken side by side in rounds.
 * Rounds are resampled as pairs, so a slow moment of the machine weighs on both sides of a ratio alike.
 */

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface RatioEstimate {
  ratio: number;
  low: number;
  high: number;
}

/** A small deterministic generator, so two runs over the same data print the same interval. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * median(a) / median(b), with the 95 % percentile-bootstrap interval over rounds: `a[i]` and `b[i]` were measured in
 * the same round.
 */
export function ratioOfMedians(a: readonly number[], b: readonly number[], resamples = 2000): RatioEstimate {
  if (a.length !== b.length || a.length === 0) throw new Error('paired samples of equal, non-zero length needed');
  const random = generator(20261201);
  const ratios: number[] = [];
  for (let r = 0; r < resamples; r += 1) {
    const pickA: number[] = [];
    const pickB: number[] = [];
    for (let i = 0; i < a.length; i += 1) {
      const round = Math.floor(random() * a.length);
      pickA.push(a[round]!);
      pickB.push(b[round]!);
    }
    ratios.push(median(pickA) / median(pickB));
  }
  ratios.sort((x, y) => x - y);
  return {
    ratio: median(a) / median(b),
    low: ratios[Math.floor(resamples * 0.025)]!,
    high: ratios[Math.ceil(resamples * 0.975) - 1]!,
  };
}

export function formatRatio(name: string, estimate: RatioEstimate): string {
  return `${name} ${estimate.ratio.toFixed(3)} (95 % CI ${estimate.low.toFixed(3)} to ${estimate.high.toFixed(3)})`;
}
