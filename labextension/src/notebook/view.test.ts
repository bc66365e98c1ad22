import { describe, expect, it } from 'vitest';

import { FileApi } from '../api/endpoints';
import { IChildMeta } from '../api/models';
import { TreeModel } from '../tree/model';
import { folderOf, requestOf } from './view';

function controllerWith(
  selected: string | null,
  meta: IChildMeta | undefined,
  slice: { path: string; selection: string } | null = null
): Parameters<typeof requestOf>[0] {
  const tree = {
    selected,
    node: (path: string) =>
      path === selected && meta ? { path, meta } : undefined
  } as unknown as TreeModel;
  return { api: { file: 'data/scan.nxs' } as FileApi, tree, slice };
}

describe('folderOf', () => {
  it("gives a notebook's folder, '' at the root", () => {
    expect(folderOf('view.ipynb')).toBe('');
    expect(folderOf('a/b/view.ipynb')).toBe('a/b');
  });
});

describe('requestOf', () => {
  it('reads the selection, its kind and dimensions, and the slice', () => {
    const slice = { path: '/entry/data/data', selection: '0,:,:' };
    const request = requestOf(
      controllerWith(
        '/entry/data/data',
        { name: 'data', type: 'dataset', shape: [10, 4, 4] },
        slice
      ),
      'data'
    );
    expect(request).toEqual({
      file: 'data/scan.nxs',
      notebookDir: 'data',
      entity: '/entry/data/data',
      isDataset: true,
      ndim: 3,
      slice,
      options: undefined
    });
  });

  it("repeats an output's options only while its entity is shown", () => {
    const shown = {
      file: 'data/scan.nxs',
      entity: null,
      options: { log: true }
    };
    expect(
      requestOf(controllerWith(null, undefined), '', shown).options
    ).toEqual({ log: true });
    const group: IChildMeta = { name: 'entry', type: 'group' };
    const moved = requestOf(controllerWith('/entry', group), '', shown);
    expect(moved.options).toBeUndefined();
    expect(moved.isDataset).toBe(false);
  });
});
