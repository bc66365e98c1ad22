// A reduced float32 slice to RGBA pixels through a colour map (NaN drawn as the lowest colour).
import { ColourMapName, IScale, lookupTable, normaliser } from './colour';

export function paintSlice(
  data: ArrayLike<number>,
  scale: IScale,
  colourMap: ColourMapName
): Uint8ClampedArray {
  const n = data.length;
  const rgba = new Uint8ClampedArray(n * 4);
  const table = lookupTable(colourMap);
  const norm = normaliser(scale);
  for (let i = 0; i < n; i += 1) {
    const v = data[i];
    const k = v === v ? Math.round(norm(v) * 255) * 3 : 0;
    rgba[i * 4] = table[k];
    rgba[i * 4 + 1] = table[k + 1];
    rgba[i * 4 + 2] = table[k + 2];
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

/** The contrast limits of a slice: the server's percentiles, else its min and max. */
export function sliceLimits(
  percentiles: Record<string, number | null>,
  min: number | null,
  max: number | null
): [number, number] {
  const values = Object.entries(percentiles)
    .filter(
      (e): e is [string, number] => e[1] !== null && Number.isFinite(e[1])
    )
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(e => e[1]);
  const low = values.length >= 2 ? values[0] : (min ?? 0);
  const high = values.length >= 2 ? values[values.length - 1] : (max ?? 1);
  return high > low ? [low, high] : [low, low + 1];
}
