// NXdetector pixel_mask bits in words, and the class each masked pixel is painted as.

export const MASK_BITS: Record<number, string> = {
  0: 'gap',
  1: 'dead',
  2: 'under-responding',
  3: 'over-responding',
  4: 'noisy',
  6: 'cluster of problematic pixels',
  8: 'user-defined mask',
  31: 'virtual pixel'
};

/** The meaning of each set bit, lowest first; bits without a meaning as 'bit N'. */
export function maskWords(value: number): string[] {
  const bits = value >>> 0;
  const words: string[] = [];
  for (let bit = 0; bit < 32; bit += 1) {
    if ((bits >>> bit) & 1) {
      words.push(MASK_BITS[bit] ?? `bit ${bit}`);
    }
  }
  return words;
}

/** Paint classes of a pixel: 0 good, then one colour each. */
export enum PixelClass {
  Good = 0,
  Gap = 1,
  Dead = 2,
  Hot = 3,
  Other = 4
}

export function maskClass(value: number): PixelClass {
  const bits = value >>> 0;
  if (bits === 0) {
    return PixelClass.Good;
  }
  if (bits & 1) {
    return PixelClass.Gap;
  }
  if (bits & 2) {
    return PixelClass.Dead;
  }
  if (bits & (8 | 16)) {
    return PixelClass.Hot;
  }
  return PixelClass.Other;
}

/**
 * A full-resolution mask (rows × cols) reduced to the bins of a displayed image: each bin takes
 * the class of its worst pixel (gap over dead over hot over other), so one-pixel defects survive.
 */
export function reduceMask(
  mask: ArrayLike<number>,
  rows: number,
  cols: number,
  region: [number, number, number, number],
  factors: [number, number],
  shape: [number, number]
): Uint8Array {
  const out = new Uint8Array(shape[0] * shape[1]);
  const [r0, r1, c0, c1] = region;
  const rank = [0, 4, 3, 2, 1]; // priority of each class
  for (let r = r0; r < Math.min(r1, rows); r += 1) {
    const orow = Math.floor((r - r0) / factors[0]);
    if (orow >= shape[0]) {
      break;
    }
    for (let c = c0; c < Math.min(c1, cols); c += 1) {
      const value = mask[r * cols + c];
      if (value === 0) {
        continue;
      }
      const ocol = Math.floor((c - c0) / factors[1]);
      if (ocol >= shape[1]) {
        break;
      }
      const k = orow * shape[1] + ocol;
      const cls = maskClass(value);
      if (rank[cls] > rank[out[k]]) {
        out[k] = cls;
      }
    }
  }
  return out;
}
