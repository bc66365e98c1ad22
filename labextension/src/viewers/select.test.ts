import { describe, expect, it } from 'vitest';

import { IChildMeta } from '../api/models';
import { datasetModes, isRgbCandidate } from './modes';
import { describeDtype, dtypeKind } from '../common/dtype';
import { chooseView, frameSelection } from './select';

const u4 = { class: 0, dtype: '<u4', size: 4, order: 0, sign: 0 };
const f8 = { class: 1, dtype: '<f8', size: 8, order: 0 };

function dataset(
  shape: number[] | null,
  type_info: IChildMeta['type_info'] = f8
): IChildMeta {
  return {
    name: 'd',
    type: 'dataset',
    shape,
    dtype: type_info?.dtype,
    type_info
  };
}

describe('chooseView', () => {
  it('plots numeric data by rank: value, line, heatmap (with slicing beyond 2D)', () => {
    expect(chooseView(dataset([]))).toEqual({ kind: 'value' });
    expect(chooseView(dataset([1]))).toEqual({ kind: 'value' });
    expect(chooseView(dataset([200]))).toEqual({ kind: 'line', length: 200 });
    expect(chooseView(dataset([1, 200]))).toEqual({
      kind: 'sliced-line',
      shape: [1, 200]
    });
    expect(chooseView(dataset([1065, 1030], u4))).toEqual({
      kind: 'heatmap',
      shape: [1065, 1030]
    });
    expect(chooseView(dataset([50, 1065, 1030], u4))).toEqual({
      kind: 'heatmap',
      shape: [50, 1065, 1030]
    });
  });

  it('shows scalar strings, enums and scalar compounds as values', () => {
    const str = { class: 3, dtype: '|O', size: 8, vlen: true };
    expect(chooseView(dataset([], str)).kind).toBe('value');
    expect(chooseView(dataset([3], str)).kind).toBe('matrix');
    const enumType = {
      class: 8,
      dtype: '|i1',
      size: 1,
      members: { OFF: 0, ON: 1 }
    };
    expect(chooseView(dataset([4], enumType)).kind).toBe('value');
    expect(chooseView(dataset([5000], enumType))).toEqual({
      kind: 'matrix',
      shape: [5000]
    });
    const compound = {
      class: 6,
      dtype: { a: '<f4', b: '<i4' },
      size: 8,
      members: [
        { name: 'a', ...f8 },
        { name: 'b', ...u4 }
      ]
    };
    expect(chooseView(dataset([], compound)).kind).toBe('value');
  });

  it('gives groups the group view (the @default plot)', () => {
    expect(
      chooseView({ name: 'entry', type: 'group', nx_class: 'NXentry' })
    ).toEqual({
      kind: 'group'
    });
  });

  it('explains dangling links, links leaving the root, empty and unsupported datasets', () => {
    const dangling = chooseView({
      name: 'flat',
      type: 'soft_link',
      target_path: '/entry/missing',
      dangling: true
    });
    expect(dangling.kind).toBe('problem');
    expect(dangling.kind === 'problem' && dangling.message).toContain(
      '/entry/missing'
    );
    const outside = chooseView({
      name: 'x',
      type: 'external_link',
      target_file: '../secret.h5',
      target_path: '/data',
      outside_root: true
    });
    expect(outside.kind === 'problem' && outside.message).toContain(
      '../secret.h5:/data'
    );
    const refused = chooseView({
      ...dataset([4, 4]),
      refused: '/entry/data: a dataset stored in an external file outside'
    });
    expect(refused.kind === 'problem' && refused.message).toContain(
      "outside the server's root folder"
    );
    expect(chooseView(dataset(null)).kind).toBe('problem');
    expect(chooseView(dataset([0, 5])).kind).toBe('problem');
    const opaque = { class: 5, dtype: '|V4', size: 4 };
    const problem = chooseView(dataset([3], opaque));
    expect(problem.kind === 'problem' && problem.message).toMatch(
      /cannot be shown/
    );
  });
});

describe('dtypes in words', () => {
  it('names integer, float, bool, enum, compound and big-endian types', () => {
    expect(describeDtype({ dtype: '<u4', type_info: u4 })).toBe('uint32');
    expect(describeDtype({ dtype: '>f8' })).toBe('float64 (big-endian)');
    expect(dtypeKind({ dtype: '|b1' })).toBe('bool');
    expect(
      describeDtype({
        dtype: '|i1',
        type_info: {
          class: 8,
          dtype: '|i1',
          size: 1,
          members: { OFF: 0, ON: 1 }
        }
      })
    ).toBe('enum {OFF, ON}');
    expect(
      dtypeKind({
        type_info: {
          class: 8,
          dtype: '|b1',
          size: 1,
          members: { FALSE: 0, TRUE: 1 }
        }
      })
    ).toBe('bool');
    expect(dtypeKind({ dtype: '<c16' })).toBe('complex');
  });
});

describe('frameSelection', () => {
  it('indexes the sliced axes and takes whole displayed axes', () => {
    expect(frameSelection([3], 2)).toBe('3,:,:');
    expect(frameSelection([], 1)).toBe(':');
    expect(frameSelection([0, 7], 1)).toBe('0,7,:');
  });
});

describe('views of strings, compounds, complex and RGB data', () => {
  const str = { class: 3, dtype: '|O', size: 8, vlen: true };
  const cplx = {
    class: 6,
    dtype: '<c16',
    size: 16,
    members: [
      { class: 1, dtype: '<f8', size: 8, name: 'r' },
      { class: 1, dtype: '<f8', size: 8, name: 'i' }
    ]
  };
  const comp = {
    class: 6,
    dtype: { a: '<i4', b: '<f8' },
    size: 12,
    members: [
      { class: 0, dtype: '<i4', size: 4, name: 'a' },
      { class: 1, dtype: '<f8', size: 8, name: 'b' }
    ]
  };
  const u1 = { class: 0, dtype: '|u1', size: 1, order: 0, sign: 0 };

  it('opens string arrays in the matrix, compound arrays in the table', () => {
    expect(chooseView(dataset([5], str))).toEqual({
      kind: 'matrix',
      shape: [5]
    });
    expect(chooseView(dataset([1], str))).toEqual({ kind: 'value' });
    expect(chooseView(dataset([4, 2], comp))).toEqual({
      kind: 'compound',
      shape: [4, 2]
    });
    expect(chooseView(dataset([], comp))).toEqual({ kind: 'value' });
    const compound = datasetModes(
      chooseView(dataset([9], comp)),
      dataset([9], comp),
      '/c'
    );
    expect(compound.modes).toEqual(['matrix']);
  });

  it('gives complex arrays the complex view: line in 1D, heatmap beyond', () => {
    const line = chooseView(dataset([100], cplx));
    expect(line).toEqual({ kind: 'complex', shape: [100] });
    expect(datasetModes(line, dataset([100], cplx), '/z')).toMatchObject({
      modes: ['line', 'matrix'],
      preferred: 'line'
    });
    const map = chooseView(dataset([3, 40, 50], cplx));
    expect(datasetModes(map, dataset([3, 40, 50], cplx), '/z')).toMatchObject({
      modes: ['heatmap', 'line', 'matrix'],
      preferred: 'heatmap'
    });
  });

  it('offers the matrix for every numeric array', () => {
    const meta = dataset([200]);
    expect(datasetModes(chooseView(meta), meta, '/l').modes).toEqual([
      'line',
      'matrix'
    ]);
    const image = dataset([30, 40]);
    expect(datasetModes(chooseView(image), image, '/i')).toMatchObject({
      modes: ['heatmap', 'line', 'matrix'],
      preferred: 'heatmap'
    });
  });

  it('opens (…, H, W, 3) uint8 data or @interpretation="rgb-image" as RGB', () => {
    const rgb8 = dataset([20, 30, 3], u1);
    expect(isRgbCandidate(rgb8)).toBe(true);
    expect(datasetModes(chooseView(rgb8), rgb8, '/p')).toMatchObject({
      modes: ['rgb', 'heatmap', 'line', 'matrix'],
      preferred: 'rgb'
    });
    const floats = dataset([2, 20, 30, 3]);
    expect(datasetModes(chooseView(floats), floats, '/f').preferred).toBe(
      'heatmap'
    );
    expect(
      datasetModes(chooseView(floats), floats, '/f', 'rgb-image').preferred
    ).toBe('rgb');
    expect(isRgbCandidate(dataset([20, 30, 4], u1))).toBe(false);
    expect(isRgbCandidate(dataset([20, 3], u1))).toBe(false);
    expect(isRgbCandidate(dataset([20, 30, 3], str))).toBe(false);
  });
});
