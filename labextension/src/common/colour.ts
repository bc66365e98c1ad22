// Colour scales (linear, log, sqrt, gamma) and colour maps as 256-entry lookup tables, shared by
// the views that paint pixels themselves (frames, volumes).

export type ScaleKind = 'linear' | 'log' | 'sqrt' | 'gamma';
export const SCALES: ScaleKind[] = ['linear', 'log', 'sqrt', 'gamma'];

export type ColourMapName = 'greys-inverted' | 'greys' | 'viridis' | 'inferno';
export const COLOUR_MAPS: ColourMapName[] = [
  'greys-inverted',
  'greys',
  'viridis',
  'inferno'
];

/** Anchor colours, evenly spaced from 0 to 1, linearly interpolated between. */
const ANCHORS: Record<ColourMapName, string[]> = {
  'greys-inverted': ['#ffffff', '#000000'],
  greys: ['#000000', '#ffffff'],
  viridis: [
    '#440154',
    '#472d7b',
    '#3b528b',
    '#2c728e',
    '#21918c',
    '#28ae80',
    '#5ec962',
    '#addc30',
    '#fde725'
  ],
  inferno: [
    '#000004',
    '#1b0c41',
    '#4a0c6b',
    '#781c6d',
    '#a52c60',
    '#cf4446',
    '#ed6925',
    '#fb9b06',
    '#f7d13d',
    '#fcffa4'
  ]
};

export function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const tables = new Map<ColourMapName, Uint8Array>();

/** 256 RGB triples of a colour map (cached). */
export function lookupTable(name: ColourMapName): Uint8Array {
  const cached = tables.get(name);
  if (cached) {
    return cached;
  }
  const anchors = ANCHORS[name].map(hexToRgb);
  const table = new Uint8Array(256 * 3);
  const last = anchors.length - 1;
  for (let i = 0; i < 256; i += 1) {
    const t = (i / 255) * last;
    const k = Math.min(Math.floor(t), last - 1);
    const f = t - k;
    for (let c = 0; c < 3; c += 1) {
      table[i * 3 + c] = Math.round(
        anchors[k][c] + (anchors[k + 1][c] - anchors[k][c]) * f
      );
    }
  }
  tables.set(name, table);
  return table;
}

export interface IScale {
  kind: ScaleKind;
  low: number;
  high: number;
  /** exponent of the gamma scale */
  gamma: number;
}

/**
 * Value to [0, 1]: linear; log as log(1 + v - low) / log(1 + high - low) so zero counts are
 * drawn; sqrt of the linear fraction; gamma as the linear fraction to the power 1/gamma.
 */
export function normaliser(scale: IScale): (v: number) => number {
  const { low, high } = scale;
  const span = high > low ? high - low : 1;
  switch (scale.kind) {
    case 'linear':
      return v => clamp01((v - low) / span);
    case 'sqrt':
      return v => Math.sqrt(clamp01((v - low) / span));
    case 'gamma': {
      const inverse = 1 / (scale.gamma > 0 ? scale.gamma : 1);
      return v => Math.pow(clamp01((v - low) / span), inverse);
    }
    case 'log': {
      const top = Math.log1p(span);
      return v => clamp01(Math.log1p(Math.max(0, v - low)) / top);
    }
  }
}

function clamp01(t: number): number {
  return t < 0 ? 0 : t > 1 ? 1 : t;
}
