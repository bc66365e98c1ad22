import { describe, expect, it } from 'vitest';

import { IChildMeta, INexusInfo } from '../api/models';
import { isVolume } from './predicate';

function dataset(name: string, shape: number[], dtype = '<u2'): IChildMeta {
  return { name, type: 'dataset', shape, dtype };
}

function nexus(definition: string | null, detectors: number): INexusInfo {
  return {
    default: null,
    default_chain: [],
    entries: [
      {
        path: '/entry',
        definition,
        title: null,
        default_plot: null,
        nxdata: null,
        detectors: new Array(detectors).fill({}) as never[]
      }
    ]
  };
}

describe('isVolume', () => {
  const frames = dataset('data', [200, 512, 512]);
  const path = '/entry/instrument/detector/data';

  it('takes the frames of an NXtomo scan', () => {
    expect(isVolume(frames, path, { nexus: nexus('NXtomo', 1) })).toBe(true);
  });

  it('leaves a detector stack to the Frames view', () => {
    expect(isVolume(frames, path, { nexus: nexus('NXmx', 1) })).toBe(false);
    expect(isVolume(frames, path, { nexus: null })).toBe(false);
  });

  it('takes an unsigned data volume with coordinates in an entry without a detector', () => {
    const path = '/entry/reconstruction/data';
    const axisNames = ['z', 'y', 'x'];
    expect(isVolume(frames, path, { nexus: nexus(null, 0), axisNames })).toBe(
      true
    );
  });

  it("leaves a detector's data file (frames without coordinates) to the Frames view", () => {
    const path = '/entry/data/data';
    const axisNames = [null, null, null];
    expect(isVolume(frames, path, { nexus: nexus(null, 0), axisNames })).toBe(
      false
    );
  });

  it('leaves what the Frames view takes as a detector stack to it', () => {
    const stack = dataset('stack', [5, 64, 80], '<f4');
    expect(isVolume(stack, '/stack', { nexus: null }, true)).toBe(false);
    expect(isVolume(stack, '/stack', { nexus: null }, false)).toBe(true);
  });

  it('takes any other 3-D numeric dataset', () => {
    expect(
      isVolume(dataset('volume', [64, 64, 64], '<f4'), '/v', { nexus: null })
    ).toBe(true);
  });

  it('refuses what is not a 3-D numeric volume', () => {
    expect(isVolume(dataset('v', [64, 64], '<f4'), '/v', { nexus: null })).toBe(
      false
    );
    expect(
      isVolume(dataset('v', [4, 64, 64, 3], '<f4'), '/v', { nexus: null })
    ).toBe(false);
    expect(
      isVolume(dataset('v', [1, 64, 64], '<f4'), '/v', { nexus: null })
    ).toBe(false);
    expect(
      isVolume(dataset('v', [8, 8, 8], '|S4'), '/v', { nexus: null })
    ).toBe(false);
  });
});
