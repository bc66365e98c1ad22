// Three maps as the red, green and blue of one picture, each with its own contrast.

/** RGBA bytes: channel k is 255 · (v − low) / (high − low), clipped; NaN is black. */
export function composeRgb(
  channels: (ArrayLike<number> | null)[],
  limits: [number, number][],
  length: number
): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(length * 4);
  for (let i = 0; i < length; i += 1) {
    rgba[i * 4 + 3] = 255;
  }
  channels.forEach((data, k) => {
    if (!data || data.length !== length) {
      return;
    }
    const [low, high] = limits[k];
    const span = high > low ? high - low : 1;
    for (let i = 0; i < length; i += 1) {
      const v = data[i];
      rgba[i * 4 + k] = v === v ? Math.round(((v - low) / span) * 255) : 0;
    }
  });
  return rgba;
}

/** The value at `percent` of the way from min to max. */
export function atPercent(range: [number, number], percent: number): number {
  return range[0] + ((range[1] - range[0]) * percent) / 100;
}
