// A reduced float32 frame to RGBA pixels: colour map for valid values, own colours for masked
// classes, gaps (NaN) and saturated pixels (+Infinity), each toggleable.
import {
  hexToRgb,
  IScale,
  lookupTable,
  normaliser,
  ColourMapName
} from './colour';
import { PixelClass } from './maskBits';

export const PIXEL_COLOURS = {
  gap: '#3c6e9f',
  dead: '#2ca02c',
  hot: '#ff7f0e',
  other: '#9467bd',
  saturated: '#ff00ff'
};

export interface IPaintOptions {
  scale: IScale;
  colourMap: ColourMapName;
  /** classes of the displayed bins from pixel_mask (see reduceMask), if known */
  maskClasses?: Uint8Array;
  showMask: boolean;
  showSaturated: boolean;
}

const CLASS_COLOURS: Record<number, [number, number, number]> = {
  [PixelClass.Gap]: hexToRgb(PIXEL_COLOURS.gap),
  [PixelClass.Dead]: hexToRgb(PIXEL_COLOURS.dead),
  [PixelClass.Hot]: hexToRgb(PIXEL_COLOURS.hot),
  [PixelClass.Other]: hexToRgb(PIXEL_COLOURS.other)
};

/** RGBA bytes (row-major, as ImageData wants them) of `data`. */
export function paint(
  data: ArrayLike<number>,
  options: IPaintOptions,
  out?: Uint8ClampedArray
): Uint8ClampedArray {
  const n = data.length;
  const rgba = out && out.length === n * 4 ? out : new Uint8ClampedArray(n * 4);
  const table = lookupTable(options.colourMap);
  const norm = normaliser(options.scale);
  const saturated = hexToRgb(PIXEL_COLOURS.saturated);
  const hidden = [table[0], table[1], table[2]];
  const classes = options.maskClasses;
  for (let i = 0; i < n; i += 1) {
    const v = data[i];
    const j = i * 4;
    let rgb: ArrayLike<number>;
    const cls = classes && classes.length === n ? classes[i] : 0;
    if (cls !== 0 && options.showMask) {
      rgb = CLASS_COLOURS[cls];
    } else if (Number.isNaN(v)) {
      rgb = options.showMask ? CLASS_COLOURS[PixelClass.Gap] : hidden;
    } else if (v === Infinity) {
      rgb = options.showSaturated
        ? saturated
        : [table[765], table[766], table[767]];
    } else {
      const k = Math.round(norm(v) * 255) * 3;
      rgba[j] = table[k];
      rgba[j + 1] = table[k + 1];
      rgba[j + 2] = table[k + 2];
      rgba[j + 3] = 255;
      continue;
    }
    rgba[j] = rgb[0];
    rgba[j + 1] = rgb[1];
    rgba[j + 2] = rgb[2];
    rgba[j + 3] = 255;
  }
  return rgba;
}
