// Radial profile: the azimuthal average of a frame versus q (Å⁻¹) or 2θ (°). Only finite values
// count, so masked pixels and gaps (NaN) and saturated pixels (+Infinity) are left out.
import { IGeometry, twoTheta } from './geometry';

export type RadialAxis = 'q' | 'twoTheta';

export interface IRadialProfile {
  axis: RadialAxis;
  centres: Float64Array;
  /** mean of the valid pixels of each bin; NaN for a bin without any */
  mean: Float64Array;
  counts: Uint32Array;
}

export interface IImagePlacement {
  /** rows, columns of `data` */
  shape: [number, number];
  /** full-resolution row and column of the first bin's first pixel */
  origin: [number, number];
  /** bin size along rows and columns (1 at full resolution) */
  factors: [number, number];
}

export function radialProfile(
  data: ArrayLike<number>,
  place: IImagePlacement,
  g: IGeometry,
  axis: RadialAxis = 'q',
  bins = 400
): IRadialProfile {
  const [rows, cols] = place.shape;
  const coordinate = new Float64Array(rows * cols);
  let top = 0;
  for (let r = 0; r < rows; r += 1) {
    // the centre of a bin of f pixels starting at pixel p is p + (f - 1) / 2
    const y =
      place.origin[0] + r * place.factors[0] + (place.factors[0] - 1) / 2;
    for (let c = 0; c < cols; c += 1) {
      const x =
        place.origin[1] + c * place.factors[1] + (place.factors[1] - 1) / 2;
      const angle = twoTheta(g, x, y);
      const value =
        axis === 'q'
          ? (4 * Math.PI * Math.sin(angle / 2)) / g.wavelength
          : (angle * 180) / Math.PI;
      coordinate[r * cols + c] = value;
      top = Math.max(top, value);
    }
  }
  const sums = new Float64Array(bins);
  const counts = new Uint32Array(bins);
  const width = top > 0 ? top / bins : 1;
  for (let i = 0; i < coordinate.length; i += 1) {
    const v = data[i];
    if (!Number.isFinite(v)) {
      continue;
    }
    const k = Math.min(bins - 1, Math.floor(coordinate[i] / width));
    sums[k] += v;
    counts[k] += 1;
  }
  const centres = new Float64Array(bins);
  const mean = new Float64Array(bins);
  for (let k = 0; k < bins; k += 1) {
    centres[k] = (k + 0.5) * width;
    mean[k] = counts[k] > 0 ? sums[k] / counts[k] : NaN;
  }
  return { axis, centres, mean, counts };
}

/** Indices of local maxima of a profile that stand `prominence` × the median above it. */
export function profilePeaks(mean: Float64Array, prominence = 1.5): number[] {
  const finite = Array.from(mean)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (finite.length === 0) {
    return [];
  }
  const median = finite[Math.floor(finite.length / 2)];
  const peaks: number[] = [];
  for (let k = 1; k < mean.length - 1; k += 1) {
    const v = mean[k];
    if (v > median * prominence && v >= mean[k - 1] && v > mean[k + 1]) {
      peaks.push(k);
    }
  }
  return peaks;
}
