import { describe, expect, it } from 'vitest';

import { IChildMeta, IEntityMeta } from '../api/models';
import {
  combineRange,
  frameSelection,
  frameStack,
  isFrameStack,
  locate,
  pixelSelection,
  stackPathOf
} from './stack';

const U4 = { class: 0, dtype: '<u4', size: 4 };

function block(
  name: string,
  frames: number,
  extra: Partial<IChildMeta> = {}
): IChildMeta {
  return {
    name,
    type: 'dataset',
    shape: [frames, 1065, 1030],
    dtype: '<u4',
    type_info: U4,
    ...extra
  };
}

function group(children: IChildMeta[]): IEntityMeta {
  return { name: 'data', path: '/entry/data', type: 'group', children };
}

describe('frameStack', () => {
  it('numbers the frames of data_000001 and data_000002 as one series', () => {
    const stack = frameStack(
      group([block('data_000002', 20), block('data_000001', 50)])
    );
    expect(stack?.count).toBe(70);
    expect(stack?.frameShape).toEqual([1065, 1030]);
    const at = (i: number) => {
      const a = locate(stack!, i);
      return [a.path, a.local];
    };
    expect(at(0)).toEqual(['/entry/data/data_000001', 0]);
    expect(at(49)).toEqual(['/entry/data/data_000001', 49]);
    expect(at(50)).toEqual(['/entry/data/data_000002', 0]);
    expect(at(69)).toEqual(['/entry/data/data_000002', 19]);
    expect(() => locate(stack!, 70)).toThrow(RangeError);
    expect(() => locate(stack!, -1)).toThrow(RangeError);
  });

  it('ends the series at a dangling link', () => {
    const dangling: IChildMeta = {
      name: 'data_000002',
      type: 'external_link',
      dangling: true
    };
    const stack = frameStack(
      group([block('data_000001', 5), dangling, block('data_000003', 4)])
    );
    expect(stack?.count).toBe(5);
  });

  it('takes a 3D data child, and a 4D dataset with its first leading index', () => {
    const stack = frameStack(group([block('data', 7)]));
    expect(stack?.blocks[0].path).toBe('/entry/data/data');
    const meta: IEntityMeta = {
      ...block('images', 3, { shape: [3, 2, 16, 16] }),
      path: '/scan/images'
    };
    const four = frameStack(meta)!;
    expect(four.count).toBe(3);
    expect(frameSelection(locate(four, 2))).toBe('2,0');
  });

  it('takes a 2D image as one frame asked without an index', () => {
    const stack = frameStack({
      ...block('x', 1, { shape: [10, 12] }),
      path: '/x'
    });
    expect(stack?.count).toBe(1);
    expect(stack?.frameShape).toEqual([10, 12]);
    const address = locate(stack!, 0);
    expect(frameSelection(address)).toBe('');
    expect(pixelSelection(address, 3, 4)).toBe('3,4');
  });

  it('refuses text and groups without frames', () => {
    expect(
      isFrameStack({
        ...block('s', 3, {
          type_info: { class: 3, dtype: '|S5', size: 5 },
          dtype: '|S5'
        }),
        path: '/s'
      })
    ).toBe(false);
    expect(
      isFrameStack(group([{ name: 'x', type: 'dataset', shape: [3] }]))
    ).toBe(false);
    expect(isFrameStack(group([block('data_000001', 2)]))).toBe(true);
  });

  it('combines across the files of an Eiger series, cut at its end', () => {
    const stack = frameStack(
      group([block('data_000001', 50), block('data_000002', 20)])
    )!;
    // an Eiger series counts its own frames, across the data files, cut at its end
    expect(stack.group).toBe('/entry/data');
    expect(combineRange(stack, 10, 5)).toEqual({ frames: '10:15', count: 5 });
    expect(combineRange(stack, 48, 5)).toEqual({ frames: '48:53', count: 5 });
    expect(combineRange(stack, 68, 5)).toEqual({ frames: '68:70', count: 2 });
  });

  it('combines within one dataset in its own numbering', () => {
    const stack = frameStack({
      name: 'images',
      path: '/entry/images',
      type: 'dataset',
      shape: [30, 8, 9],
      dtype: '<u2',
      type_info: U4
    })!;
    expect(stack.group).toBeUndefined();
    expect(combineRange(stack, 25, 10)).toEqual({ frames: '25:30', count: 5 });
  });
});

describe('stackPathOf', () => {
  it('opens the group of data_NNNNNN blocks, else the signal', () => {
    expect(stackPathOf('/entry/data', '/entry/data/data_000001')).toBe(
      '/entry/data'
    );
    expect(stackPathOf('/entry/data', '/entry/data/images')).toBe(
      '/entry/data/images'
    );
  });
});
