import { describe, expect, it } from 'vitest';

import { FileApi, ISliceAnswer, ISliceRequest } from '../api/endpoints';
import { keepAhead, takeAhead } from './useSlice';

function answer(complete: boolean, index: number): ISliceAnswer {
  return {
    frame: { data: new Float32Array(4), shape: [2, 2] },
    meta: { complete, index }
  } as unknown as ISliceAnswer;
}

const request: ISliceRequest = {
  path: '/entry/v',
  axis: 0,
  index: 5,
  width: 512,
  height: 512
};

describe('slices asked ahead of a step', () => {
  const api = { file: 'a.h5' } as FileApi;
  const other = { file: 'b.h5' } as FileApi;

  it('gives the kept final answer once, for the same file and request only', () => {
    keepAhead(api, request, answer(true, 5));
    expect(takeAhead(other, request)).toBeUndefined();
    expect(takeAhead(api, { ...request, width: 1024 })).toBeUndefined();
    expect(takeAhead(api, { ...request, level: 2 })?.meta.index).toBe(5);
    expect(takeAhead(api, request)).toBeUndefined();
  });

  it('never gives a picture still being refined', () => {
    keepAhead(api, request, answer(false, 5));
    expect(takeAhead(api, request)).toBeUndefined();
  });

  it('keeps a few, the oldest dropped first', () => {
    for (let i = 0; i < 10; i++) {
      keepAhead(api, { ...request, index: i }, answer(true, i));
    }
    expect(takeAhead(api, { ...request, index: 0 })).toBeUndefined();
    expect(takeAhead(api, { ...request, index: 9 })?.meta.index).toBe(9);
  });
});
