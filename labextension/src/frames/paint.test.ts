import { describe, expect, it } from 'vitest';

import { hexToRgb, lookupTable, normaliser } from './colour';
import { PixelClass } from './maskBits';
import { paint, PIXEL_COLOURS } from './paint';

describe('scales', () => {
  it('maps limits to 0 and 1 and clips beyond', () => {
    const lin = normaliser({ kind: 'linear', low: 10, high: 20, gamma: 1 });
    expect([lin(5), lin(10), lin(15), lin(20), lin(99)]).toEqual([
      0, 0, 0.5, 1, 1
    ]);
  });

  it('sqrt, gamma and log bend the middle', () => {
    const sqrt = normaliser({ kind: 'sqrt', low: 0, high: 100, gamma: 1 });
    expect(sqrt(25)).toBeCloseTo(0.5, 12);
    const gamma = normaliser({ kind: 'gamma', low: 0, high: 100, gamma: 3 });
    expect(gamma(12.5)).toBeCloseTo(0.5, 12);
    const log = normaliser({ kind: 'log', low: 0, high: 99, gamma: 1 });
    // log(1 + 9) / log(1 + 99) = 1 / 2
    expect(log(9)).toBeCloseTo(0.5, 12);
    expect(log(0)).toBe(0);
  });
});

describe('colour maps', () => {
  it('inverted grey runs from white to black', () => {
    const table = lookupTable('greys-inverted');
    expect(Array.from(table.slice(0, 3))).toEqual([255, 255, 255]);
    expect(Array.from(table.slice(765, 768))).toEqual([0, 0, 0]);
    expect(table[128 * 3]).toBe(127);
  });

  it('viridis ends on its anchors', () => {
    const table = lookupTable('viridis');
    expect(Array.from(table.slice(0, 3))).toEqual(hexToRgb('#440154'));
    expect(Array.from(table.slice(765, 768))).toEqual(hexToRgb('#fde725'));
  });
});

describe('paint', () => {
  const scale = { kind: 'linear' as const, low: 0, high: 10, gamma: 1 };

  it('paints masked classes, gaps and saturation in their own colours', () => {
    const data = new Float32Array([0, 10, NaN, Infinity, 5]);
    const classes = new Uint8Array([0, 0, 0, 0, PixelClass.Dead]);
    const rgba = paint(data, {
      scale,
      colourMap: 'greys-inverted',
      maskClasses: classes,
      showMask: true,
      showSaturated: true
    });
    const px = (i: number) => Array.from(rgba.slice(i * 4, i * 4 + 3));
    expect(px(0)).toEqual([255, 255, 255]);
    expect(px(1)).toEqual([0, 0, 0]);
    expect(px(2)).toEqual(hexToRgb(PIXEL_COLOURS.gap));
    expect(px(3)).toEqual(hexToRgb(PIXEL_COLOURS.saturated));
    expect(px(4)).toEqual(hexToRgb(PIXEL_COLOURS.dead));
    expect(rgba[3]).toBe(255);
  });

  it('hides the mask and saturation when toggled off', () => {
    const data = new Float32Array([NaN, Infinity]);
    const rgba = paint(data, {
      scale,
      colourMap: 'greys-inverted',
      showMask: false,
      showSaturated: false
    });
    expect(Array.from(rgba.slice(0, 3))).toEqual([255, 255, 255]);
    expect(Array.from(rgba.slice(4, 7))).toEqual([0, 0, 0]);
  });
});
