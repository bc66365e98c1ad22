import { describe, expect, it } from 'vitest';

import { normaliseRect, regionParam, roiStats } from './roi';
import {
  fit,
  fullRegion,
  integerRegion,
  pan,
  toPixel,
  toScreen,
  zoomAbout
} from './view';

describe('view', () => {
  const frame: [number, number] = [100, 200];

  it('fits a frame with square pixels, centred', () => {
    const f = fit(fullRegion(frame), 400, 400);
    expect(f).toEqual({ scale: 2, ox: 0, oy: 100 });
    expect(toPixel(fullRegion(frame), f, 10, 110)).toEqual([5, 5]);
    expect(toScreen(fullRegion(frame), f, 5, 5)).toEqual([10, 110]);
  });

  it('zooms about a pixel that stays put, down to single pixels', () => {
    const region = zoomAbout(fullRegion(frame), 4, 50, 100, frame);
    expect(region).toEqual({ r0: 37.5, r1: 62.5, c0: 75, c1: 125 });
    const tiny = zoomAbout(region, 100, 50, 100, frame);
    expect(tiny.r1 - tiny.r0).toBe(8);
  });

  it('pans within the frame only', () => {
    const region = { r0: 0, r1: 10, c0: 0, c1: 10 };
    expect(pan(region, -5, 500, frame)).toEqual({
      r0: 0,
      r1: 10,
      c0: 190,
      c1: 200
    });
  });

  it('covers a fractional region with whole pixels', () => {
    expect(integerRegion({ r0: 1.5, r1: 3.2, c0: 0, c1: 200 }, frame)).toEqual([
      1, 4, 0, 200
    ]);
  });
});

describe('roi', () => {
  it('sums, averages and maxes valid pixels only', () => {
    const s = roiStats(new Float32Array([1, 2, 3, NaN, Infinity]));
    expect(s).toEqual({ sum: 6, mean: 2, max: 3, count: 3, excluded: 2 });
  });

  it('orders and clips a dragged rectangle', () => {
    expect(normaliseRect([10.2, 30], [2.5, -4], [8, 20])).toEqual([
      2, 8, 0, 20
    ]);
    expect(normaliseRect([1, 1], [1, 5], [8, 20])).toBeUndefined();
    expect(regionParam([2, 8, 0, 20])).toBe('2:8,0:20');
  });
});
