import { describe, expect, it } from 'vitest';

import { axisOffset, offsetLabel, shifted } from './ticks';

/** Tick labels as @h5web/lib writes them: 3 significant digits. */
function labels(min: number, max: number, offset: number): string[] {
  const step = (max - min) / 5;
  return Array.from({ length: 6 }, (_, i) =>
    String(Number((min + i * step - offset).toPrecision(3)))
  );
}

describe('axis offsets', () => {
  it('keeps axes whose ticks are distinct at 3 digits as they are', () => {
    expect(axisOffset(8.8, 9.6)).toBe(0);
    expect(axisOffset(0, 1e-3)).toBe(0);
    expect(axisOffset(-5, 5)).toBe(0);
  });

  it('draws a narrow axis far from 0 relative to a round offset, with distinct ticks', () => {
    const offset = axisOffset(17.92108, 17.92608);
    expect(offset).toBe(17.92);
    expect(new Set(labels(17.92108, 17.92608, 0)).size).toBe(1);
    expect(new Set(labels(17.92108, 17.92608, offset)).size).toBe(6);
    expect(axisOffset(1230, 1234)).toBe(1230);
    expect(axisOffset(-1234, -1230)).toBe(-1240);
  });

  it('labels the offset and shifts the values', () => {
    expect(offsetLabel('two_theta (degrees)', 17.92)).toBe(
      'two_theta (degrees) − 17.92'
    );
    expect(offsetLabel('x', -5)).toBe('x + 5');
    expect(offsetLabel('x', 0)).toBe('x');
    expect(Array.from(shifted(new Float64Array([10.5, 11]), 10))).toEqual([
      0.5, 1
    ]);
  });
});
