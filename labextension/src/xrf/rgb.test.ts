import { describe, expect, it } from 'vitest';

import { atPercent, composeRgb } from './rgb';

describe('composeRgb', () => {
  it('puts each map in its own channel with its own limits', () => {
    const red = [0, 10, 20, 5];
    const green = [100, 100, 300, 200];
    const blue = [0, 1, 0, Number.NaN];
    const rgba = composeRgb(
      [red, green, blue],
      [
        [0, 20],
        [100, 300],
        [0, 1]
      ],
      4
    );
    const pixels = Array.from({ length: 4 }, (_, i) =>
      Array.from(rgba.slice(i * 4, i * 4 + 4))
    );
    expect(pixels).toEqual([
      [0, 0, 0, 255],
      [128, 0, 255, 255],
      [255, 255, 0, 255],
      [64, 128, 0, 255]
    ]);
  });

  it('clips values outside the limits and leaves a missing channel dark', () => {
    const rgba = composeRgb(
      [[-5, 50], null, [1, 2]],
      [
        [0, 10],
        [0, 1],
        [1, 1]
      ],
      2
    );
    expect(Array.from(rgba)).toEqual([0, 0, 0, 255, 255, 0, 255, 255]);
  });
});

describe('atPercent', () => {
  it('interpolates between min and max', () => {
    expect(atPercent([10, 20], 25)).toBe(12.5);
  });
});
