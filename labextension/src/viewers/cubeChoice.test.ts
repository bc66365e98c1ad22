import { describe, expect, it } from 'vitest';

import { IChildMeta } from '../api/models';
import { plotContext, stackModes } from './framesChoice';

function dataset(name: string, shape: number[], dtype = '<u4'): IChildMeta {
  return { name, type: 'dataset', shape, dtype };
}

describe('the view a spectra cube opens in', () => {
  const counts = dataset('counts', [20, 16, 2048]);
  const axes = [
    { path: '/entry/spectra/y', label: 'y (mm)' },
    { path: '/entry/spectra/x', label: 'x (mm)' },
    { path: '/entry/spectra/energy', label: 'energy (keV)' }
  ];

  it('is the XRF view, before frames and volumes, for an NXdata whose last axis is energy', () => {
    const modes = stackModes(
      counts,
      '/entry/spectra/counts',
      '/entry/spectra',
      plotContext(null, axes)
    );
    expect(modes.preferred).toBe('xrf');
    expect(modes.modes).toEqual(['xrf', 'heatmap', 'line']);
  });

  it('is the XRF view for a cube PyMca marked as spectra', () => {
    const model = dataset('model', [20, 16, 2048], '<f4');
    expect(
      stackModes(model, '/r/fit/model', undefined, {
        interpretation: 'spectrum'
      }).preferred
    ).toBe('xrf');
  });

  it('leaves an NXdata image stack of the same size to the volumes', () => {
    const stack = stackModes(
      dataset('data', [20, 16, 2048], '<f4'),
      '/entry/stack/data',
      '/entry/stack',
      plotContext(null, [
        { path: '/entry/stack/z', label: 'z' },
        { path: '/entry/stack/y', label: 'y' },
        { path: '/entry/stack/x', label: 'x' }
      ])
    );
    expect(stack.preferred).toBe('volume');
    expect(stack.modes).not.toContain('xrf');
  });
});
