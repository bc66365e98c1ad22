import { describe, expect, it } from 'vitest';

import { IChildMeta } from '../api/models';
import { frameStack, IFrameStack } from './stack';
import { frameRequest, IFrameQuery, nextIndices } from './useFrames';
import { clampIndex, runRate, stepOf } from './usePlayer';

const block = (name: string, frames: number): IChildMeta => ({
  name,
  type: 'dataset',
  shape: [frames, 100, 80],
  dtype: '<u4',
  type_info: { class: 0, dtype: '<u4', size: 4 }
});

const stack = frameStack({
  name: 'data',
  path: '/entry/data',
  type: 'group',
  children: [block('data_000001', 50), block('data_000002', 20)]
}) as IFrameStack;

const whole: IFrameQuery = {
  combine: 'none',
  combineCount: 10,
  region: [0, 100, 0, 80],
  width: 400,
  height: 500
};

describe('frameRequest', () => {
  it('asks the block holding the frame, without region for the whole frame', () => {
    expect(frameRequest(stack, 52, whole)).toEqual({
      path: '/entry/data/data_000002',
      selection: '2',
      width: 400,
      height: 500,
      region: undefined
    });
  });

  it('asks a zoomed region and a server-side sum of the series, across its files', () => {
    const r = frameRequest(stack, 45, {
      ...whole,
      combine: 'sum',
      region: [10, 20, 30, 40]
    });
    expect(r.region).toBe('10:20,30:40');
    // frames 45..54 of the series: 45..49 of data_000001 and 0..4 of data_000002
    expect(r.path).toBe('/entry/data');
    expect(r.selection).toBe('45');
    expect(r.frames).toBe('45:55');
    expect(r.combine).toBe('sum');
  });
});

describe('navigation', () => {
  it('prefetches the next frames by the stride, wrapping around', () => {
    expect(nextIndices(68, 70, 1, 3)).toEqual([69, 0, 1]);
    expect(nextIndices(0, 70, 10, 2)).toEqual([10, 20]);
    expect(nextIndices(0, 3, 5, 4)).toEqual([]);
  });

  it('asks the frames before when going back, wrapping around', () => {
    expect(nextIndices(1, 70, 1, 3, -1)).toEqual([0, 69, 68]);
    expect(nextIndices(25, 70, 10, 2, -1)).toEqual([15, 5]);
  });

  it('paces a run of steps by the steps taken in the last second', () => {
    expect(runRate([], 0)).toBe(0);
    expect(runRate([100], 100)).toBe(0); // one step is no run
    expect(runRate([0, 100, 200, 300], 300)).toBe(10);
    expect(runRate([0, 1500, 1600], 1600)).toBe(10); // the step 1.5 s before is not in it
    expect(runRate([0, 2000], 2000)).toBe(0);
  });

  it('takes a frame chosen next to the shown one as a step that way', () => {
    expect(stepOf(4, 5, 1)).toBe(1);
    expect(stepOf(5, 4, 1)).toBe(-1);
    expect(stepOf(4, 6, 1)).toBe(0); // a jump
    expect(stepOf(4, 4, 1)).toBe(0);
    expect(stepOf(10, 20, 10)).toBe(1); // by the stride of combined frames
    expect(stepOf(10, 11, 10)).toBe(0);
  });

  it('keeps the frame number within the stack', () => {
    expect(clampIndex(-3, 70)).toBe(0);
    expect(clampIndex(99, 70)).toBe(69);
    expect(clampIndex(4.6, 70)).toBe(5);
    expect(clampIndex(NaN, 70)).toBe(0);
  });
});
