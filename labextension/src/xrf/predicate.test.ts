import { describe, expect, it } from 'vitest';

import { IChildMeta, IEntityMeta, INexusInfo } from '../api/models';
import { isSpectraCube, pymcaDefaultOf, pymcaResultOf } from './predicate';

function dataset(name: string, shape: number[], dtype = '<u4'): IChildMeta {
  return { name, type: 'dataset', shape, dtype };
}

function group(
  path: string,
  children: IChildMeta[],
  nx_class: string | null = null
): IEntityMeta {
  const name = path.split('/').pop() ?? '';
  return { name, path, type: 'group', nx_class, children };
}

function child(name: string, nx_class: string | null = null): IChildMeta {
  return { name, type: 'group', nx_class };
}

function nexus(definition: string | null, chain: string[] = []): INexusInfo {
  return {
    default: chain.length ? chain[chain.length - 1] : null,
    default_chain: chain,
    entries: [
      {
        path: '/entry',
        definition,
        title: null,
        default_plot: null,
        nxdata: null,
        detectors: []
      }
    ]
  };
}

describe('isSpectraCube', () => {
  const cube = dataset('data', [40, 50, 1024]);
  const path = '/entry/xrf/data';

  it('takes an NXdata signal whose last axis is energy or channels', () => {
    for (const last of ['energy', 'channels', 'channel', 'mca_energy']) {
      expect(
        isSpectraCube(cube, path, {
          parentClass: 'NXdata',
          axisNames: [null, null, last]
        })
      ).toBe(true);
    }
  });

  it("takes a dataset whose own @axes end in a channel axis (SPEC's _mca_)", () => {
    const mca = dataset('_mca_', [11, 11, 91], '<f8');
    const context = {
      parentClass: 'NXdata',
      ownAxes: ['eta', 'chi', '_mca_channel_']
    };
    expect(isSpectraCube(mca, '/S22/data/_mca_', context)).toBe(true);
    // its own axes ending in a position: an image stack, not spectra
    expect(
      isSpectraCube(mca, '/S22/data/_mca_', {
        parentClass: 'NXdata',
        ownAxes: ['frame', 'y', 'x']
      })
    ).toBe(false);
  });

  it('leaves an NXdata whose last axis is something else (an image stack)', () => {
    const context = { parentClass: 'NXdata', axisNames: ['z', 'y', 'x'] };
    expect(isSpectraCube(cube, path, context)).toBe(false);
    // even when named like a detector's spectra: the axes say otherwise
    expect(isSpectraCube(dataset('mca', [40, 50, 1024]), path, context)).toBe(
      false
    );
  });

  it('takes a dataset PyMca marked @interpretation="spectrum"', () => {
    expect(isSpectraCube(cube, path, { interpretation: 'spectrum' })).toBe(
      true
    );
    expect(isSpectraCube(cube, path, { interpretation: 'image' })).toBe(false);
  });

  it('takes a stack of spectra named as detectors name them, or in NXfluo/NXxrf', () => {
    for (const name of ['mca', 'mca_0', 'spectra', 'xrf']) {
      expect(isSpectraCube(dataset(name, [10, 10, 2048]), `/e/${name}`)).toBe(
        true
      );
    }
    expect(isSpectraCube(cube, path, { parentClass: 'NXfluo' })).toBe(true);
    expect(isSpectraCube(cube, path, { nexus: nexus('NXxrf') })).toBe(true);
  });

  it('decides from metadata, not from size: a plain cube of any size is not one', () => {
    expect(isSpectraCube(dataset('data', [500, 500, 4096]), '/data')).toBe(
      false
    );
    expect(isSpectraCube(dataset('volume', [64, 64, 64], '<f4'), '/v')).toBe(
      false
    );
  });

  it('refuses what cannot be a map of spectra', () => {
    const context = { interpretation: 'spectrum' };
    expect(isSpectraCube(dataset('mca', [100, 1024]), '/mca', context)).toBe(
      false
    );
    expect(
      isSpectraCube(dataset('mca', [2, 10, 10, 1024]), '/mca', context)
    ).toBe(false);
    expect(
      isSpectraCube(dataset('mca', [10, 10, 1024], '|b1'), '/mca', context)
    ).toBe(false);
    expect(
      isSpectraCube(dataset('mca', [10, 10, 1024], '|S8'), '/mca', context)
    ).toBe(false);
    expect(
      isSpectraCube(
        { name: 'mca', type: 'group', shape: [10, 10, 1024] },
        '/mca',
        context
      )
    ).toBe(false);
  });

  it('leaves the frames of a tomography scan to the volumes', () => {
    expect(
      isSpectraCube(dataset('data', [180, 64, 64]), '/entry/data/data', {
        nexus: nexus('NXtomo'),
        interpretation: 'spectrum'
      })
    ).toBe(false);
  });
});

describe('pymcaResultOf', () => {
  const process = group(
    '/images/xrf_fit',
    [child('configuration', 'NXnote'), child('results', 'NXcollection')],
    'NXprocess'
  );
  const results = group(
    '/images/xrf_fit/results',
    [child('parameters', 'NXdata'), child('uncertainties', 'NXdata')],
    'NXcollection'
  );

  it('finds the NXprocess PyMca writes, from itself, its results or their NXdata', () => {
    expect(pymcaResultOf(process, process.path)).toBe('/images/xrf_fit');
    expect(pymcaResultOf(results, results.path)).toBe('/images/xrf_fit');
    const parameters = group(
      '/images/xrf_fit/results/parameters',
      [dataset('Fe_K', [20, 30])],
      'NXdata'
    );
    expect(pymcaResultOf(parameters, parameters.path)).toBe('/images/xrf_fit');
  });

  it('leaves other groups alone', () => {
    expect(
      pymcaResultOf(
        group('/entry/process', [child('results', 'NXcollection')]),
        '/entry/process'
      )
    ).toBe(null);
    expect(
      pymcaResultOf(
        group('/entry/results', [child('data', 'NXdata')]),
        '/entry/results'
      )
    ).toBe(null);
    expect(
      pymcaResultOf(
        group('/entry/parameters', [dataset('a', [2, 2])], 'NXdata'),
        '/entry/parameters'
      )
    ).toBe(null);
    expect(pymcaResultOf(dataset('results', [3]) as IEntityMeta, '/r')).toBe(
      null
    );
    // pyFAI's NXprocess: `results` is the NXdata, `configuration` its worker's settings
    expect(
      pymcaResultOf(
        group(
          '/entry_0000/integrate',
          [child('configuration', 'NXnote'), child('results', 'NXdata')],
          'NXprocess'
        ),
        '/entry_0000/integrate'
      )
    ).toBe(null);
  });
});

describe('pymcaDefaultOf', () => {
  it('follows the @default chain into a fit result', () => {
    const chain = [
      '/images',
      '/images/xrf_fit',
      '/images/xrf_fit/results',
      '/images/xrf_fit/results/parameters'
    ];
    expect(pymcaDefaultOf(nexus(null, chain))).toBe('/images/xrf_fit');
  });

  it('answers null for a chain that leads elsewhere', () => {
    expect(pymcaDefaultOf(nexus(null, ['/entry', '/entry/data']))).toBe(null);
    expect(pymcaDefaultOf(nexus(null, ['/entry', '/entry/results/data']))).toBe(
      null
    );
    expect(pymcaDefaultOf(null)).toBe(null);
    // pyFAI's chain ends at its NXdata `results`
    expect(
      pymcaDefaultOf(
        nexus(null, ['/entry_0000', '/entry_0000/integrate/results'])
      )
    ).toBe(null);
  });
});
