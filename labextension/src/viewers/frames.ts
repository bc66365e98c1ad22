// Loading frames and 1D slices for the plots, with fallbacks for servers without `image`.
import { FileApi } from '../api/endpoints';
import { IImageFrame } from '../api/image';
import { INpyArray, NumericArray } from '../api/npy';
import { isMissingEndpoint } from '../common/problems';

/** The detector gap value 2^N-1 of unsigned integer data, which contrast leaves out. */
export function gapValue(dtype: string): number | undefined {
  const match = /^[<>|=]?u(\d)$/.exec(dtype);
  return match ? 2 ** (8 * Number(match[1])) - 1 : undefined;
}

export function frameFromArray(array: INpyArray): IImageFrame {
  const shape = array.shape.filter((n, i) => i >= array.shape.length - 2);
  if (shape.length !== 2) {
    throw new Error(`a ${array.shape.length}D answer is not an image`);
  }
  return {
    shape: [shape[0], shape[1]],
    data: array.data,
    fullShape: shape,
    factors: [1, 1],
    percentiles: {}
  };
}

export interface ILoadedFrame {
  frame: IImageFrame;
  /** value painted as bad and left out of contrast */
  ignore?: number;
}

/** A frame at screen size from `image`, or the full slice from `data` on older servers. */
export async function loadFrame(
  api: FileApi,
  path: string,
  selection: string,
  size: { width: number; height: number },
  signal: AbortSignal,
  region?: [number, number, number, number],
  percentiles?: string
): Promise<ILoadedFrame> {
  try {
    const frame = await api.image(
      {
        path,
        selection,
        width: size.width,
        height: size.height,
        region: region
          ? `${region[0]}:${region[1]},${region[2]}:${region[3]}`
          : undefined,
        percentiles
      },
      signal
    );
    return { frame };
  } catch (error) {
    if (!isMissingEndpoint(error) || region) {
      throw error;
    }
  }
  const array = await api.array(path, selection, signal);
  return { frame: frameFromArray(array), ignore: gapValue(array.dtype) };
}

/** Edges of a physical axis for a reduced image: length `reduced` + 1. */
export function reducedAxis(
  values: NumericArray,
  factor: number,
  reduced: number
): Float64Array | undefined {
  const n = values.length;
  if (n < 2) {
    return undefined;
  }
  const out = new Float64Array(reduced + 1);
  for (let j = 0; j <= reduced; j += 1) {
    const index = Math.min(j * factor, n - 1);
    out[j] = values[index];
  }
  if (reduced * factor >= n) {
    // extrapolate the last edge by one step
    out[reduced] = values[n - 1] + (values[n - 1] - values[n - 2]);
  }
  return out;
}
