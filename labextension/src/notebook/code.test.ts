import { describe, expect, it } from 'vitest';

import {
  codeFor,
  ICodeRequest,
  pyKeywords,
  pyString,
  pySubscript,
  relativePath
} from './code';

const base: ICodeRequest = {
  file: 'data/scan.nxs',
  notebookDir: 'data',
  entity: null,
  isDataset: false,
  slice: null
};

describe('relativePath', () => {
  it('walks up and down from the notebook folder', () => {
    expect(relativePath('', 'a/b.nxs')).toBe('a/b.nxs');
    expect(relativePath('a', 'a/b.nxs')).toBe('b.nxs');
    expect(relativePath('a/x/y', 'a/b/c.nxs')).toBe('../../b/c.nxs');
    expect(relativePath('nb', 'top.h5')).toBe('../top.h5');
    expect(relativePath('ab', 'a/f.h5')).toBe('../a/f.h5');
  });
});

describe('pyString', () => {
  it('escapes quotes, backslashes and control characters', () => {
    expect(pyString('plain.nxs')).toBe('"plain.nxs"');
    expect(pyString('say "hi".nxs')).toBe('"say \\"hi\\".nxs"');
    expect(pyString('C:\\data\\x.h5')).toBe('"C:\\\\data\\\\x.h5"');
    expect(pyString("it's\n\t\u0001")).toBe('"it\'s\\n\\t\\x01"');
    expect(pyString('é ü 東')).toBe('"é ü 東"');
  });
});

describe('pySubscript', () => {
  it('turns viewer selections into Python subscripts', () => {
    expect(pySubscript('')).toBe('[()]');
    expect(pySubscript('3')).toBe('[3]');
    expect(pySubscript('0,:,:')).toBe('[0, :, :]');
    expect(pySubscript('2, 10:20, ::2, -1')).toBe('[2, 10:20, ::2, -1]');
  });

  it('refuses anything that is not an index or a range', () => {
    expect(() => pySubscript('0,__import__("os")')).toThrow(/not a selection/);
    expect(() => pySubscript('1,,2')).toThrow(/not a selection/);
  });
});

describe('codeFor', () => {
  it('plots the default view of the file, relative to the notebook', () => {
    expect(codeFor(base)).toBe(
      [
        'import nxviz',
        '',
        "# The file's path is relative to the notebook's folder.",
        'nxviz.plot("scan.nxs")'
      ].join('\n')
    );
    expect(codeFor({ ...base, entity: '/' })).toContain(
      'nxviz.plot("scan.nxs")'
    );
  });

  it('plots a selected group, relative to the root when no notebook is known', () => {
    const code = codeFor({
      ...base,
      notebookDir: null,
      entity: '/entry/data',
      slice: { path: '/entry/data/counts', selection: '' }
    });
    expect(code).toContain('nxviz.plot("data/scan.nxs", "/entry/data")');
    expect(code).toContain("relative to the Jupyter server's root folder");
  });

  it('reads the shown slice of a dataset with h5py', () => {
    const code = codeFor({
      ...base,
      notebookDir: '',
      entity: '/entry/data/data',
      isDataset: true,
      ndim: 3,
      slice: { path: '/entry/data/data', selection: '5,:,:' }
    });
    expect(code).toBe(
      [
        'import h5py',
        '',
        "# The file's path is relative to the notebook's folder.",
        'with h5py.File("data/scan.nxs", "r") as f:',
        '    data = f["/entry/data/data"][5, :, :]'
      ].join('\n')
    );
  });

  it('reads a small dataset whole and plots a stack shown without a slice', () => {
    expect(
      codeFor({ ...base, entity: '/entry/title', isDataset: true, ndim: 0 })
    ).toContain('data = f["/entry/title"][()]');
    // A slice of another dataset (left from an earlier view) is not this dataset's slice.
    expect(
      codeFor({
        ...base,
        entity: '/entry/data/data',
        isDataset: true,
        ndim: 3,
        slice: { path: '/entry/other', selection: '0,:,:' }
      })
    ).toContain('nxviz.plot("scan.nxs", "/entry/data/data")');
  });

  it('quotes paths and entities with quotes and backslashes', () => {
    const code = codeFor({
      ...base,
      file: 'data/a "b"\\c.nxs',
      entity: '/entry/it"s',
      isDataset: true,
      ndim: 1,
      slice: { path: '/entry/it"s', selection: '' }
    });
    expect(code).toContain('with h5py.File("a \\"b\\"\\\\c.nxs", "r") as f:');
    expect(code).toContain('data = f["/entry/it\\"s"][()]');
  });
});

describe('pyKeywords', () => {
  it("keeps nxviz.plot's options as Python values, drops the others", () => {
    expect(
      pyKeywords({
        width: 300,
        errors: false,
        cmap: 'gray',
        frame: 5,
        log: null,
        rings: 'yes'
      })
    ).toEqual(['frame=5', 'log=None', 'cmap="gray"', 'errors=False']);
    expect(pyKeywords({ frame: 1.5, log: true })).toEqual(['log=True']);
  });

  it('repeats the options in nxviz.plot', () => {
    expect(
      codeFor({ ...base, entity: '/entry/data', options: { log: true } })
    ).toContain('nxviz.plot("scan.nxs", "/entry/data", log=True)');
  });
});
