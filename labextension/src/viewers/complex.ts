// Parts of complex values, from (real, imaginary) pairs as the npy decoder gives them.
import { NumericArray } from '../api/npy';

export type ComplexPart = 'amplitude' | 'phase' | 'real' | 'imaginary';

export const COMPLEX_PARTS: ComplexPart[] = [
  'amplitude',
  'phase',
  'real',
  'imaginary'
];

/** One real number per element: |z|, arg z (radians, −π..π), Re z or Im z. */
export function complexPart(
  pairs: NumericArray,
  part: ComplexPart
): Float64Array {
  const n = Math.floor(pairs.length / 2);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k += 1) {
    const re = pairs[2 * k];
    const im = pairs[2 * k + 1];
    switch (part) {
      case 'amplitude':
        out[k] = Math.hypot(re, im);
        break;
      case 'phase':
        out[k] = Math.atan2(im, re);
        break;
      case 'real':
        out[k] = re;
        break;
      case 'imaginary':
        out[k] = im;
        break;
    }
  }
  return out;
}

/** Step along an axis of `length` so that at most `limit` points are read. */
export function strideFor(length: number, limit: number): number {
  return Math.max(1, Math.ceil(length / limit));
}
