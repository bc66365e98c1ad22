import { describe, expect, it } from 'vitest';

import { IChildMeta, INexusInfo } from '../api/models';
import { framesFit, hasDiffractionGeometry } from './choice';

function dataset(
  name: string,
  shape: number[],
  dtype = '<u4',
  extra: Partial<IChildMeta> = {}
): IChildMeta {
  const info =
    dtype[1] === 'f'
      ? { class: 1, dtype, size: 4 }
      : { class: 0, dtype, size: 4, sign: dtype[1] === 'u' ? 0 : 1 };
  return { name, type: 'dataset', shape, dtype, type_info: info, ...extra };
}

function nexus(definition: string | null, detectorData?: string): INexusInfo {
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
        detectors: detectorData
          ? [
              {
                path: '/entry/instrument/detector',
                beam_center: { x: 0.04, y: 0.04 },
                distance: 0.2,
                wavelength: 1e-10,
                pixel_size: { x: 7.5e-5, y: 7.5e-5 },
                pixel_mask: null,
                saturation_value: null,
                data: detectorData
              }
            ]
          : []
      }
    ]
  };
}

describe('framesFit', () => {
  it('opens NXmx detector stacks, even signed, and single detector images', () => {
    const info = nexus('NXmx', '/entry/instrument/detector/data');
    const int32 = dataset('data', [10, 512, 512], '<i4');
    expect(
      framesFit(int32, '/entry/instrument/detector/data', { nexus: info })
    ).toBe('detector');
    // the NXdata signal reached through a soft link to the detector's data
    const linked = {
      ...int32,
      link: {
        type: 'soft' as const,
        target_path: '/entry/instrument/detector/data'
      }
    };
    expect(
      framesFit(linked, '/entry/data/data', {
        nexus: info,
        parentClass: 'NXdata'
      })
    ).toBe('detector');
    const image = dataset('data', [1065, 1030]);
    expect(
      framesFit(image, '/entry/instrument/detector/data', {
        parentClass: 'NXdetector'
      })
    ).toBe('detector');
    expect(framesFit(image, '/image', {})).toBe('none');
  });

  it('keeps spectrum cubes and tomography volumes out of frames', () => {
    const cube = dataset('data', [60, 80, 1024], '<u2');
    expect(
      framesFit(cube, '/entry/spectra/data', {
        parentClass: 'NXdata',
        axisNames: ['y', 'x', 'energy']
      })
    ).toBe('none');
    const projections = dataset('data', [180, 128, 128], '<u2');
    expect(
      framesFit(projections, '/entry/instrument/detector/data', {
        nexus: nexus('NXtomo', '/entry/instrument/detector/data'),
        parentClass: 'NXdetector'
      })
    ).toBe('none');
    const volume = dataset('data', [64, 64, 64], '<u2');
    expect(
      framesFit(volume, '/entry/volume/data', { parentClass: 'NXdata' })
    ).toBe('stack');
  });

  it('opens an unsigned stack named data outside NeXus, offers other stacks', () => {
    expect(framesFit(dataset('data', [5, 64, 80]), '/data', {})).toBe(
      'detector'
    );
    expect(framesFit(dataset('stack', [5, 64, 80]), '/stack', {})).toBe(
      'stack'
    );
  });

  it('takes one image with singleton leading axes (a pyFAI cake) for an image', () => {
    const cake = dataset('data', [1, 360, 500], '<f4');
    expect(
      framesFit(cake, '/entry_0000/integrate/results/data', {
        parentClass: 'NXdata'
      })
    ).toBe('none');
    expect(framesFit(dataset('data', [1, 1, 64, 80], '<f4'), '/x', {})).toBe(
      'none'
    );
    // a detector's single image still opens in frames
    expect(
      framesFit(
        dataset('data', [1, 64, 80]),
        '/entry/instrument/detector/data',
        {
          parentClass: 'NXdetector'
        }
      )
    ).toBe('detector');
  });
});

describe('hasDiffractionGeometry', () => {
  it('needs a distance, a wavelength or a beam centre', () => {
    const detector = nexus('NXmx', '/d').entries[0].detectors[0];
    expect(hasDiffractionGeometry(detector)).toBe(true);
    expect(
      hasDiffractionGeometry({
        ...detector,
        beam_center: { x: null, y: null },
        distance: null,
        wavelength: null
      })
    ).toBe(false);
    expect(hasDiffractionGeometry(undefined)).toBe(false);
  });
});
