import { describe, expect, it } from 'vitest';

import { maskClass, maskWords, PixelClass, reduceMask } from './maskBits';

describe('maskWords', () => {
  it.each([
    [0, []],
    [1, ['gap']],
    [2, ['dead']],
    [4, ['under-responding']],
    [8, ['over-responding']],
    [16, ['noisy']],
    [17, ['gap', 'noisy']],
    [256, ['user-defined mask']],
    [32, ['bit 5']],
    [2 ** 31 + 2, ['dead', 'virtual pixel']]
  ])('decodes %d', (value, words) => {
    expect(maskWords(value)).toEqual(words);
  });

  it('reads -1 of a signed mask as all 32 bits', () => {
    const words = maskWords(-1);
    expect(words).toHaveLength(32);
    expect(words[0]).toBe('gap');
    expect(words[31]).toBe('virtual pixel');
  });
});

describe('maskClass and reduceMask', () => {
  it('classifies the worst bit', () => {
    expect(maskClass(0)).toBe(PixelClass.Good);
    expect(maskClass(3)).toBe(PixelClass.Gap);
    expect(maskClass(2)).toBe(PixelClass.Dead);
    expect(maskClass(8)).toBe(PixelClass.Hot);
    expect(maskClass(256)).toBe(PixelClass.Other);
  });

  it('keeps a single dead pixel in a 2×2 bin and prefers a gap over it', () => {
    // 4 × 4 mask, bins of 2 × 2: dead pixel at (0,1), gap at (3,3) and hot at (2,2)
    const mask = new Uint32Array(16);
    mask[1] = 2;
    mask[15] = 1;
    mask[10] = 8;
    const out = reduceMask(mask, 4, 4, [0, 4, 0, 4], [2, 2], [2, 2]);
    expect(Array.from(out)).toEqual([PixelClass.Dead, 0, 0, PixelClass.Gap]);
  });

  it('reduces only the region asked', () => {
    const mask = new Uint32Array(16);
    mask[5] = 2; // (1,1)
    const out = reduceMask(mask, 4, 4, [1, 3, 1, 3], [1, 1], [2, 2]);
    expect(Array.from(out)).toEqual([PixelClass.Dead, 0, 0, 0]);
  });
});
