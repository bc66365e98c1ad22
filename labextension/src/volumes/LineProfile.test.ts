import { describe, expect, it } from 'vitest';

import { profilePoints } from './LineProfile';

describe('profilePoints', () => {
  it('spans the values from the bottom to the top and the distance across', () => {
    const { points, low, high } = profilePoints(
      [0, 1, 2, 4],
      [10, 30, 20, 10],
      100,
      50
    );
    expect([low, high]).toEqual([10, 30]);
    expect(points).toBe('0.00,50.00 25.00,0.00 50.00,25.00 100.00,50.00');
  });

  it('leaves out values that are not finite (null from the server)', () => {
    const { points } = profilePoints([0, 1, 2], [1, null, 3], 10, 10);
    expect(points).toBe('0.00,10.00 10.00,0.00');
  });

  it('draws a flat profile at the bottom', () => {
    const { points } = profilePoints([0, 1], [5, 5], 10, 10);
    expect(points).toBe('0.00,10.00 10.00,10.00');
  });
});
