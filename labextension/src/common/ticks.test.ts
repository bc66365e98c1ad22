import { describe, expect, it } from 'vitest';

import { niceTicks, tickLabels } from './ticks';

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten within the range', () => {
    expect(niceTicks(0, 4.6, 5)).toEqual([0, 1, 2, 3, 4]);
    const ticks = niceTicks(2.3, 2.9, 4);
    expect(ticks[0]).toBeGreaterThanOrEqual(2.3);
    expect(ticks[ticks.length - 1]).toBeLessThanOrEqual(2.9);
  });

  it('gives one tick for an empty range', () => {
    expect(niceTicks(3, 3)).toEqual([3]);
  });
});

describe('tickLabels', () => {
  it('never repeats a label', () => {
    for (const [low, high] of [
      [10.28, 10.34],
      [0, 1.2e6],
      [1230, 1236],
      [0, 4.6],
      [1e-5, 9e-5]
    ]) {
      const labels = tickLabels(niceTicks(low, high, 6));
      expect(new Set(labels).size).toBe(labels.length);
    }
  });

  it('shows the decimals the step needs', () => {
    expect(tickLabels([0, 0.5, 1, 1.5])).toEqual(['0.0', '0.5', '1.0', '1.5']);
    expect(tickLabels([0, 20, 40])).toEqual(['0', '20', '40']);
  });
});
