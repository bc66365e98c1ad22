import { describe, expect, it } from 'vitest';

import { unravel } from './ArrayView';

describe('unravel', () => {
  it('turns a flat frame number into indices over the sliced dimensions (C order)', () => {
    expect(unravel(0, [4, 3])).toEqual([0, 0]);
    expect(unravel(7, [4, 3])).toEqual([2, 1]);
    expect(unravel(11, [4, 3])).toEqual([3, 2]);
    expect(unravel(5, [10])).toEqual([5]);
  });

  it('holds a number beyond the end at the last frame', () => {
    expect(unravel(12, [4, 3])).toEqual([3, 2]);
    expect(unravel(99, [10])).toEqual([9]);
    expect(unravel(3, [])).toEqual([]);
  });
});
