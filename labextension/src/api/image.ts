// The `image` endpoint's answer: a reduced 2D frame (float32) and its statistics in headers.
import { decodeNpy, NumericArray } from './npy';

export interface IImageFrame {
  /** reduced rows × columns of `data` */
  shape: [number, number];
  data: NumericArray;
  /** shape of the full-resolution slice, when the server said */
  fullShape?: number[];
  /** bin size along rows and columns */
  factors: [number, number];
  min?: number;
  max?: number;
  /** percentile (as text, e.g. '99.9') → value */
  percentiles: Record<string, number>;
  /** the value marking "no data" (a detector's gap, pyFAI's dummy), left out by the server */
  noData?: number;
  /** full-resolution values left out (masked, no data, not finite) */
  excluded?: number;
  /** automatic display limits (low < high) the server chose for the asked percentiles */
  limits?: [number, number];
  /** the server's histogram of the valid pixels (masked, gap and saturated left out) */
  histogram?: IHistogram;
}

/** Equal bins from `low` to `high` (values above `high` counted in the last). */
export interface IHistogram {
  low: number;
  high: number;
  counts: readonly number[];
}

type ImageMetaFields = Pick<
  IImageFrame,
  'noData' | 'excluded' | 'limits' | 'histogram'
>;

const isNumber = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v);

/** The `contrast` of the JSON ImageMeta header: limits and histogram, when well formed. */
function contrastMeta(
  contrast: unknown
): Pick<IImageFrame, 'limits' | 'histogram'> {
  if (!contrast || typeof contrast !== 'object') {
    return {};
  }
  const { limits, histogram } = contrast as {
    limits?: unknown;
    histogram?: unknown;
  };
  const out: Pick<IImageFrame, 'limits' | 'histogram'> = {};
  if (
    Array.isArray(limits) &&
    limits.length === 2 &&
    limits.every(isNumber) &&
    limits[0] < limits[1]
  ) {
    out.limits = [limits[0], limits[1]];
  }
  const h = histogram as { low?: unknown; high?: unknown; counts?: unknown };
  if (
    h &&
    isNumber(h.low) &&
    isNumber(h.high) &&
    Array.isArray(h.counts) &&
    h.counts.every(isNumber)
  ) {
    out.histogram = { low: h.low, high: h.high, counts: h.counts };
  }
  return out;
}

/** `no_data`, `excluded` and `contrast` of the JSON ImageMeta header, when the server sent them. */
function imageMeta(headers: Headers): ImageMetaFields {
  const text = headerValue(headers, 'image');
  if (!text) {
    return {};
  }
  try {
    const meta = JSON.parse(text) as {
      no_data?: unknown;
      excluded?: unknown;
      contrast?: unknown;
    };
    return {
      noData: typeof meta.no_data === 'number' ? meta.no_data : undefined,
      excluded: typeof meta.excluded === 'number' ? meta.excluded : undefined,
      ...contrastMeta(meta.contrast)
    };
  } catch {
    return {};
  }
}

/** Read a header by any of the names servers of this contract use (x-nxviz-<name>, x-<name>). */
export function headerValue(headers: Headers, name: string): string | null {
  return (
    headers.get(`x-nxviz-${name}`) ??
    headers.get(`x-${name}`) ??
    headers.get(name)
  );
}

/** Parse '1065,1030', '[1065, 1030]' or '1065x1030' into numbers. */
export function parseNumbers(text: string | null): number[] | undefined {
  if (text === null || text.trim() === '') {
    return undefined;
  }
  const numbers = text
    .replace(/[[\]()\s]/g, '')
    .split(/[,x×]/)
    .filter(s => s.length > 0)
    .map(Number);
  return numbers.every(n => Number.isFinite(n)) ? numbers : undefined;
}

function parseNumber(text: string | null): number | undefined {
  if (text === null || text.trim() === '' || text === 'null') {
    return undefined;
  }
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Percentiles header: JSON {"99.9": v} or 'p=v;p=v' / 'p:v,p:v'. */
export function parsePercentiles(text: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  if (!text) {
    return out;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      for (const [key, value] of Object.entries(parsed)) {
        if (typeof value === 'number' && Number.isFinite(value)) {
          out[String(Number(key))] = value;
        }
      }
      return out;
    }
  } catch {
    // not JSON: key=value pairs
  }
  for (const pair of text.split(/[;,]/)) {
    const [key, value] = pair.split(/[=:]/);
    const p = Number(key);
    const v = Number(value);
    if (Number.isFinite(p) && Number.isFinite(v)) {
      out[String(p)] = v;
    }
  }
  return out;
}

/** Decode an `image` answer: an npy body, or raw float32 with the shape in headers. */
export function decodeImage(body: ArrayBuffer, headers: Headers): IImageFrame {
  const fullShape = parseNumbers(headerValue(headers, 'shape'));
  const factors = (parseNumbers(headerValue(headers, 'factors')) ??
    parseNumbers(headerValue(headers, 'bin-factors')) ?? [1, 1]) as [
    number,
    number
  ];
  let data: NumericArray;
  let shape: number[] | undefined;
  const bytes = new Uint8Array(body, 0, Math.min(6, body.byteLength));
  if (bytes[0] === 0x93 && bytes[1] === 0x4e) {
    const npy = decodeNpy(body);
    data = npy.data;
    shape = npy.shape;
  } else {
    data = new Float32Array(body);
    shape =
      parseNumbers(headerValue(headers, 'image-shape')) ??
      parseNumbers(headerValue(headers, 'reduced-shape'));
    if (!shape && fullShape && fullShape.length >= 2) {
      const [rows, cols] = fullShape.slice(-2);
      shape = [Math.ceil(rows / factors[0]), Math.ceil(cols / factors[1])];
    }
  }
  if (!shape || shape.length !== 2 || shape[0] * shape[1] !== data.length) {
    throw new Error(
      `the image answer holds ${data.length} values, which do not match its shape ${JSON.stringify(shape ?? null)}`
    );
  }
  return {
    shape: [shape[0], shape[1]],
    data,
    fullShape,
    factors,
    min: parseNumber(headerValue(headers, 'min')),
    max: parseNumber(headerValue(headers, 'max')),
    percentiles: parsePercentiles(headerValue(headers, 'percentiles')),
    ...imageMeta(headers)
  };
}
