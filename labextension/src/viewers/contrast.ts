// Colour domains: percentile auto-contrast and domains valid for a scale.

export type ScaleName = 'linear' | 'log' | 'sqrt' | 'symlog';

export const SCALES: ScaleName[] = ['linear', 'log', 'sqrt', 'symlog'];

export type Domain = [number, number];

export interface IPercentileRange {
  low: number;
  high: number;
}

const SAMPLE = 1 << 18;

type Numbers = ArrayLike<number>;

/** Values to leave out: non-finite, or equal to `ignore` (a detector's gap value). */
function sample(data: Numbers, ignore?: number): Float64Array {
  const step = Math.max(1, Math.floor(data.length / SAMPLE));
  const out = new Float64Array(Math.ceil(data.length / step));
  let n = 0;
  for (let i = 0; i < data.length; i += step) {
    const v = data[i];
    if (Number.isFinite(v) && v !== ignore) {
      out[n] = v;
      n += 1;
    }
  }
  return out.subarray(0, n).sort();
}

function quantile(sorted: Float64Array, p: number): number {
  const position = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** [low, high] percentiles of the finite values (from a strided sample of big arrays). */
export function percentileDomain(
  data: Numbers,
  range: IPercentileRange,
  ignore?: number
): Domain | undefined {
  const sorted = sample(data, ignore);
  if (sorted.length === 0) {
    return undefined;
  }
  return [quantile(sorted, range.low), quantile(sorted, range.high)];
}

/** Min and max of the finite values (all of them, not a sample). */
export function fullDomain(data: Numbers, ignore?: number): Domain | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i += 1) {
    const v = data[i];
    if (Number.isFinite(v) && v !== ignore) {
      if (v < min) {
        min = v;
      }
      if (v > max) {
        max = v;
      }
    }
  }
  return min <= max ? [min, max] : undefined;
}

/** Smallest strictly positive finite value, for log scales. */
export function positiveMin(
  data: Numbers,
  ignore?: number
): number | undefined {
  let min = Infinity;
  for (let i = 0; i < data.length; i += 1) {
    const v = data[i];
    if (v > 0 && Number.isFinite(v) && v !== ignore && v < min) {
      min = v;
    }
  }
  return Number.isFinite(min) ? min : undefined;
}

/**
 * Limits from the data that is there: percentiles that coincide (a mask mostly 0, a sparse
 * ARPES cut) give way to the frame's min and max; `constant` when every value is the same.
 */
export function dataDomain(
  percentiles: Domain | undefined,
  min: number | undefined,
  max: number | undefined
): { domain: Domain | undefined; constant: number | null } {
  if (percentiles && percentiles[0] < percentiles[1]) {
    return { domain: percentiles, constant: null };
  }
  if (min !== undefined && max !== undefined && min < max) {
    return { domain: [min, max], constant: null };
  }
  const value = min ?? percentiles?.[0];
  return value === undefined
    ? { domain: undefined, constant: null }
    : { domain: [value, value], constant: value };
}

/** A domain the scale can draw: log needs positive bounds, all need min < max. */
export function drawableDomain(
  domain: Domain | undefined,
  scale: ScaleName,
  data: Numbers,
  ignore?: number
): Domain {
  let [min, max] = domain ?? [0, 1];
  if (scale === 'log') {
    const positive = positiveMin(data, ignore) ?? 1;
    if (min <= 0) {
      min = positive;
    }
    if (max <= min) {
      max = min * 10;
    }
  }
  if (scale === 'sqrt' && min < 0) {
    min = 0;
  }
  if (max <= min) {
    // one value everywhere: a range that starts at it (never −1…1 around a 0)
    return [min, min + (min === 0 ? 1 : Math.abs(min) * 0.01)];
  }
  return [min, max];
}

/** Parse a percentile-range setting like '0.1-99.9'; falls back to min-max. */
export function parseRange(text: string): IPercentileRange {
  const match = /^\s*([\d.]+)\s*[-–,]\s*([\d.]+)\s*$/.exec(text);
  if (!match) {
    return { low: 0, high: 100 };
  }
  const low = Number(match[1]);
  const high = Number(match[2]);
  if (!(low >= 0 && high <= 100 && low < high)) {
    return { low: 0, high: 100 };
  }
  return { low, high };
}

/** The server's percentiles header, when it holds both bounds. */
export function serverDomain(
  percentiles: Record<string, number>,
  range: IPercentileRange
): Domain | undefined {
  const low = percentiles[String(range.low)];
  const high = percentiles[String(range.high)];
  return low !== undefined && high !== undefined && low <= high
    ? [low, high]
    : undefined;
}
