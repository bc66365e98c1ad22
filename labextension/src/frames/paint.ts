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

/** One RGBA pixel packed as ImageData's bytes read through a Uint32Array on this machine. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function pack(r: number, g: number, b: number): number {
  return LITTLE_ENDIAN
    ? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0
    : ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0;
}

/** RGBA bytes (row-major, as ImageData wants them) of `data`. */
export function paint(
  data: ArrayLike<number>,
  options: IPaintOptions,
  out?: Uint8ClampedArray
): Uint8ClampedArray {
  const n = data.length;
  const rgba = out && out.length === n * 4 ? out : new Uint8ClampedArray(n * 4);
  const pixels = new Uint32Array(rgba.buffer, rgba.byteOffset, n);
  const table = lookupTable(options.colourMap);
  const colours = new Uint32Array(256);
  for (let k = 0; k < 256; k += 1) {
    colours[k] = pack(table[k * 3], table[k * 3 + 1], table[k * 3 + 2]);
  }
  const norm = normaliser(options.scale);
  const classColours = new Uint32Array(256);
  for (const [cls, rgb] of Object.entries(CLASS_COLOURS)) {
    classColours[Number(cls)] = pack(rgb[0], rgb[1], rgb[2]);
  }
  const gap = options.showMask ? classColours[PixelClass.Gap] : colours[0];
  const [sr, sg, sb] = hexToRgb(PIXEL_COLOURS.saturated);
  const saturated = options.showSaturated ? pack(sr, sg, sb) : colours[255];
  const classes =
    options.showMask && options.maskClasses?.length === n
      ? options.maskClasses
      : undefined;
  // the linear scale (the default) indexes the table straight from the value, with no call per
  // pixel; the other scales go through their normaliser
  const linear = options.scale.kind === 'linear';
  const { low, high } = options.scale;
  const toIndex = 255 / (high > low ? high - low : 1);
  for (let i = 0; i < n; i += 1) {
    if (classes !== undefined && classes[i] !== 0) {
      pixels[i] = classColours[classes[i]];
      continue;
    }
    const v = data[i];
    if (v !== v) {
      pixels[i] = gap; // NaN: a gap (or masked) bin
    } else if (v === Infinity) {
      pixels[i] = saturated;
    } else if (linear) {
      const t = (v - low) * toIndex;
      pixels[i] = colours[t <= 0 ? 0 : t >= 255 ? 255 : (t + 0.5) | 0];
    } else {
      pixels[i] = colours[Math.round(norm(v) * 255)];
    }
  }
  return rgba;
}
