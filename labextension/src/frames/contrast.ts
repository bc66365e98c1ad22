// Percentile auto-contrast and a histogram, over valid pixels only (finite: not masked, not a
// gap, not saturated — the image answer marks those NaN and +Infinity).

export const DEFAULT_PERCENTILES: [number, number] = [0.5, 99.9];

const SAMPLE = 1 << 18;

/** Finite values of `data`, evenly strided to at most SAMPLE values. */
export function validSample(data: ArrayLike<number>): Float64Array {
  const step = Math.max(1, Math.floor(data.length / SAMPLE));
  const out: number[] = [];
  for (let i = 0; i < data.length; i += step) {
    const v = data[i];
    if (Number.isFinite(v)) {
      out.push(v);
    }
  }
  return Float64Array.from(out).sort();
}

/** The p-th percentile (0–100) of sorted values, nearest rank; undefined if there are none. */
export function percentile(
  sorted: Float64Array,
  p: number
): number | undefined {
  if (sorted.length === 0) {
    return undefined;
  }
  const rank = Math.round((p / 100) * (sorted.length - 1));
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

/** [low, high] display limits at percentiles `range` of the valid values; high > low. */
export function autoLimits(
  data: ArrayLike<number>,
  range: [number, number] = DEFAULT_PERCENTILES
): [number, number] | undefined {
  const sorted = validSample(data);
  const low = percentile(sorted, range[0]);
  const high = percentile(sorted, range[1]);
  if (low === undefined || high === undefined) {
    return undefined;
  }
  return [low, high > low ? high : low + 1];
}

export interface IHistogram {
  low: number;
  high: number;
  counts: Uint32Array;
}

/** `bins` equal bins between `low` and `high` of the finite values (others clipped to the ends). */
export function histogram(
  data: ArrayLike<number>,
  low: number,
  high: number,
  bins = 64
): IHistogram {
  const counts = new Uint32Array(bins);
  const perBin = bins / (high > low ? high - low : 1);
  const last = bins - 1;
  for (let i = 0; i < data.length; i += 1) {
    const t = (data[i] - low) * perBin;
    if (t - t !== 0) {
      continue; // NaN or an infinity: not a valid value
    }
    counts[t < 0 ? 0 : t >= last ? last : t | 0] += 1;
  }
  return { low, high, counts };
}
