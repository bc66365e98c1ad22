import { describe, expect, it } from 'vitest';

import { complexPart, strideFor } from './complex';
import {
  BlockCache,
  blockSelection,
  blocksFor,
  formatNumber,
  ICellBlock,
  MAX_SCROLL_PX,
  visibleStart
} from './matrix';
import { formatComplex } from './matrixSources';
import { rgbaPixels } from './rgb';

function block(r0: number, c0: number, rows: number, cols: number): ICellBlock {
  return { rows, cols, text: (r, c) => `${r0 + r},${c0 + c}` };
}

describe('matrix blocks', () => {
  it('covers the visible cells with 100×50 blocks', () => {
    expect(blocksFor({ first: 0, last: 30 }, { first: 0, last: 9 })).toEqual([
      [0, 0]
    ]);
    expect(
      blocksFor({ first: 95, last: 120 }, { first: 45, last: 55 })
    ).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1]
    ]);
  });

  it('reads missing blocks once, caches them and aborts the ones scrolled away', async () => {
    const asked: string[] = [];
    const signals = new Map<string, AbortSignal>();
    let changes = 0;
    const cache = new BlockCache(
      1000,
      120,
      (rows, cols, signal) => {
        const key = `${rows.join(':')}/${cols.join(':')}`;
        asked.push(key);
        signals.set(key, signal);
        return new Promise<ICellBlock>(resolve => {
          if (rows[0] === 0) {
            resolve(
              block(rows[0], cols[0], rows[1] - rows[0], cols[1] - cols[0])
            );
          }
        });
      },
      () => (changes += 1)
    );
    cache.want({ first: 0, last: 20 }, { first: 0, last: 60 });
    expect(asked).toEqual(['0:100/0:50', '0:100/50:100']);
    await Promise.resolve();
    expect(cache.cell(12, 55)).toBe('12,55');
    expect(changes).toBe(2);
    cache.want({ first: 500, last: 520 }, { first: 100, last: 110 });
    expect(asked.at(-1)).toBe('500:600/100:120');
    cache.want({ first: 0, last: 20 }, { first: 0, last: 10 });
    expect(signals.get('500:600/100:120')?.aborted).toBe(true);
    expect(asked.length).toBe(3);
    expect(cache.cell(3, 4)).toBe('3,4');
    expect(cache.cell(510, 101)).toBeNull();
    cache.dispose();
  });

  it('maps a scroll position to the first visible row, proportionally beyond the size cap', () => {
    expect(visibleStart(0, 400, 1000, 22)).toEqual({ first: 0, offset: 0 });
    expect(visibleStart(230, 400, 1000, 22)).toEqual({
      first: 10,
      offset: -10
    });
    const rows = 10_000_000;
    const end = visibleStart(MAX_SCROLL_PX - 400, 400, rows, 22);
    expect(end.first).toBeGreaterThan(rows - 20);
  });

  it('writes block selections after the sliced indices', () => {
    expect(blockSelection([3], [100, 200], [0, 50])).toBe('3,100:200,0:50');
    expect(blockSelection([], [0, 100], null)).toBe('0:100');
  });

  it('formats numbers and complex values for cells', () => {
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(1.5e-9)).toBe('1.5e-9');
    expect(formatComplex(1.5, -2)).toBe('1.5−2i');
    expect(formatComplex(0, 0.25)).toBe('0+0.25i');
  });
});

describe('complex parts and RGB pixels', () => {
  it('computes amplitude, phase, real and imaginary parts from pairs', () => {
    const pairs = new Float64Array([3, 4, -1, 0, 0, 2]);
    expect(Array.from(complexPart(pairs, 'amplitude'))).toEqual([5, 1, 2]);
    expect(Array.from(complexPart(pairs, 'phase'))).toEqual([
      Math.atan2(4, 3),
      Math.PI,
      Math.PI / 2
    ]);
    expect(Array.from(complexPart(pairs, 'real'))).toEqual([3, -1, 0]);
    expect(Array.from(complexPart(pairs, 'imaginary'))).toEqual([4, 0, 2]);
    expect(strideFor(1000, 1024)).toBe(1);
    expect(strideFor(3000, 1024)).toBe(3);
  });

  it('turns uint8 and 0–1 floats into opaque RGBA pixels', () => {
    const bytes = new Uint8Array([255, 0, 0, 0, 128, 255]);
    expect(Array.from(rgbaPixels(bytes, 1, 2, true))).toEqual([
      255, 0, 0, 255, 0, 128, 255, 255
    ]);
    const floats = new Float32Array([1, 0.5, 0, 0, 0, 1]);
    expect(Array.from(rgbaPixels(floats, 2, 1, false))).toEqual([
      255, 128, 0, 255, 0, 0, 255, 255
    ]);
  });
});
