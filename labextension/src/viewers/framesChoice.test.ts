import { describe, expect, it } from 'vitest';

import { IChildMeta } from '../api/models';
import { stackModes } from './framesChoice';

const u4 = { class: 0, dtype: '<u4', size: 4, order: 0, sign: 0 };

function dataset(name: string, shape: number[], dtype = '<u4'): IChildMeta {
  return {
    name,
    type: 'dataset',
    shape,
    dtype,
    type_info: dtype === '<u4' ? u4 : { class: 1, dtype, size: 8 }
  };
}

describe('stackModes', () => {
  it('opens an Eiger data block in the Frames view of its whole group', () => {
    const modes = stackModes(
      dataset('data_000001', [50, 1065, 1030]),
      '/entry/data/data_000001',
      '/entry/data'
    );
    expect(modes.preferred).toBe('frames');
    expect(modes.modes).toEqual(['frames', 'heatmap', 'line']);
    expect(modes.framesPath).toBe('/entry/data');
  });

  it('keeps the heatmap for a 2D image and never offers frames', () => {
    expect(stackModes(dataset('image', [240, 320]), '/image')).toEqual({
      modes: ['heatmap', 'line'],
      preferred: 'heatmap',
      framesPath: '/image'
    });
  });

  it('opens a float volume in the slice view of volumes', () => {
    const modes = stackModes(
      dataset('volume', [64, 128, 128], '<f8'),
      '/volume'
    );
    expect(modes.preferred).toBe('volume');
    expect(modes.modes).toEqual(['volume', 'heatmap', 'line']);
  });

  it('offers frames, not volumes, for a 4-D float stack', () => {
    const modes = stackModes(
      dataset('stack', [2, 64, 128, 128], '<f8'),
      '/stack'
    );
    expect(modes.preferred).toBe('heatmap');
    expect(modes.modes).toContain('frames');
  });
});
