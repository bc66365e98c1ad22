// (H, W, 3) values as RGBA pixels for a canvas.
import { NumericArray } from '../api/npy';

/**
 * RGBA bytes of an H×W×3 image. Integers are clamped to 0–255; floats all within 0–1 are
 * scaled by 255 (floats beyond 1 are taken as 0–255 values). NaN is black.
 */
export function rgbaPixels(
  data: NumericArray,
  height: number,
  width: number,
  integer: boolean
): Uint8ClampedArray {
  const n = height * width;
  let scale = 1;
  if (!integer) {
    let max = -Infinity;
    for (let i = 0; i < n * 3; i += 1) {
      if (data[i] > max) {
        max = data[i];
      }
    }
    scale = max <= 1 ? 255 : 1;
  }
  const out = new Uint8ClampedArray(n * 4);
  for (let p = 0; p < n; p += 1) {
    for (let c = 0; c < 3; c += 1) {
      const v = data[3 * p + c] * scale;
      out[4 * p + c] = Number.isNaN(v) ? 0 : Math.round(v);
    }
    out[4 * p + 3] = 255;
  }
  return out;
}
