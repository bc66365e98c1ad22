// Statistics of a rectangle of pixels: sum, mean and max of the valid (finite) values.

export interface IRoiStats {
  sum: number;
  mean: number;
  max: number;
  /** valid pixels counted */
  count: number;
  /** pixels left out (masked, gap, saturated) */
  excluded: number;
}

export function roiStats(data: ArrayLike<number>): IRoiStats {
  let sum = 0;
  let max = -Infinity;
  let count = 0;
  for (let i = 0; i < data.length; i += 1) {
    const v = data[i];
    if (Number.isFinite(v)) {
      sum += v;
      count += 1;
      if (v > max) {
        max = v;
      }
    }
  }
  return {
    sum,
    mean: count > 0 ? sum / count : NaN,
    max: count > 0 ? max : NaN,
    count,
    excluded: data.length - count
  };
}

/** A rectangle between two pixel corners, ordered and clipped to the frame: [r0, r1, c0, c1). */
export function normaliseRect(
  a: [number, number],
  b: [number, number],
  frame: [number, number]
): [number, number, number, number] | undefined {
  const r0 = Math.max(0, Math.floor(Math.min(a[0], b[0])));
  const r1 = Math.min(frame[0], Math.ceil(Math.max(a[0], b[0])));
  const c0 = Math.max(0, Math.floor(Math.min(a[1], b[1])));
  const c1 = Math.min(frame[1], Math.ceil(Math.max(a[1], b[1])));
  return r1 > r0 && c1 > c0 ? [r0, r1, c0, c1] : undefined;
}

/** The region parameter of the image endpoint. */
export function regionParam(rect: [number, number, number, number]): string {
  return `${rect[0]}:${rect[1]},${rect[2]}:${rect[3]}`;
}
