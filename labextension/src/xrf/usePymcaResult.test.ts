import { describe, expect, it } from 'vitest';

import { IChildMeta, IEntityMeta } from '../api/models';
import { findPymcaResult } from './usePymcaResult';

function g(name: string, nx_class: string): IChildMeta {
  return { name, type: 'group', nx_class };
}

function d(name: string): IChildMeta {
  return { name, type: 'dataset', shape: [], dtype: '|O' };
}

/** Listings of a file laid out as PyMca 5.9 writes its fit (steel_map_fit.h5). */
const PYMCA: Record<string, IEntityMeta> = {
  '/': {
    name: '',
    path: '/',
    type: 'group',
    nx_class: 'NXroot',
    children: [g('steel_map', 'NXentry')]
  },
  '/steel_map': {
    name: 'steel_map',
    path: '/steel_map',
    type: 'group',
    nx_class: 'NXentry',
    children: [d('end_time'), d('start_time'), g('xrf_fit', 'NXprocess')]
  },
  '/steel_map/xrf_fit': {
    name: 'xrf_fit',
    path: '/steel_map/xrf_fit',
    type: 'group',
    nx_class: 'NXprocess',
    children: [
      g('configuration', 'NXnote'),
      d('date'),
      d('program'),
      g('results', 'NXcollection'),
      d('version')
    ]
  }
};

function listings(files: Record<string, IEntityMeta>) {
  const asked: string[] = [];
  return {
    asked,
    api: {
      listingOnce: (path: string) => {
        asked.push(path);
        const meta = files[path];
        return meta
          ? Promise.resolve(meta)
          : Promise.reject(new Error(`no ${path}`));
      }
    }
  };
}

describe('findPymcaResult', () => {
  it("finds PyMca's NXprocess from the file's root through its entry", async () => {
    const { api, asked } = listings(PYMCA);
    expect(await findPymcaResult(api, '/')).toBe('/steel_map/xrf_fit');
    expect(asked).toEqual(['/', '/steel_map', '/steel_map/xrf_fit']);
    expect(await findPymcaResult(api, '/steel_map')).toBe('/steel_map/xrf_fit');
  });

  it('reads no further than the entries and their processes of another file', async () => {
    const { api, asked } = listings({
      '/': {
        name: '',
        path: '/',
        type: 'group',
        children: [g('entry', 'NXentry')]
      },
      '/entry': {
        name: 'entry',
        path: '/entry',
        type: 'group',
        nx_class: 'NXentry',
        children: [g('data', 'NXdata'), g('instrument', 'NXinstrument')]
      }
    });
    expect(await findPymcaResult(api, '/')).toBe(null);
    expect(asked).toEqual(['/', '/entry']);
    const { api: other, asked: none } = listings({
      '/entry/data': {
        name: 'data',
        path: '/entry/data',
        type: 'group',
        nx_class: 'NXdata',
        children: [g('sub', 'NXprocess')]
      }
    });
    expect(await findPymcaResult(other, '/entry/data')).toBe(null);
    expect(none).toEqual(['/entry/data']);
  });
});
