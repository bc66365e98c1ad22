import { describe, expect, it } from 'vitest';

import { DEFAULT_SETTINGS } from '../viewers/settings';
import { parseShowData, settingsFor } from './mime';

function errorOf(data: unknown): string {
  const result = parseShowData(data);
  if (result.ok) {
    throw new Error('expected an error');
  }
  return result.error;
}

describe('parseShowData', () => {
  it('accepts what nxviz.show sends', () => {
    expect(
      parseShowData({
        file: 'demo/eiger_master.nxs',
        entity: '/entry/data',
        options: { log: true }
      })
    ).toEqual({
      ok: true,
      value: {
        file: 'demo/eiger_master.nxs',
        entity: '/entry/data',
        options: { log: true }
      }
    });
    expect(parseShowData({ file: 'scan_1d.nxs', entity: null })).toEqual({
      ok: true,
      value: { file: 'scan_1d.nxs', entity: null, options: {} }
    });
  });

  it('says in one sentence what is wrong with bad data', () => {
    const cases: [unknown, RegExp][] = [
      [null, /holds no viewer description/],
      ['scan.nxs', /holds no viewer description/],
      [[1, 2], /holds no viewer description/],
      [{}, /names no file/],
      [{ file: '  ' }, /names no file/],
      [{ file: 42 }, /names no file/],
      [{ file: '/abs/scan.nxs' }, /machine path/],
      [{ file: 'C:\\data\\scan.nxs' }, /machine path/],
      [{ file: '../secret.h5' }, /outside the server's root/],
      [{ file: 'a.nxs', entity: 'entry/data' }, /not an absolute HDF5 path/],
      [{ file: 'a.nxs', entity: 3 }, /not an absolute HDF5 path/],
      [{ file: 'a.nxs', options: [1] }, /options are not a JSON object/]
    ];
    for (const [data, expected] of cases) {
      const error = errorOf(data);
      expect(error).toMatch(expected);
      expect(error.trim().endsWith('.')).toBe(true);
      expect(error.split(/\.\s/).length).toBe(1);
    }
  });
});

describe('settingsFor', () => {
  it('applies log and cmap, ignores unknown colour maps', () => {
    expect(settingsFor(DEFAULT_SETTINGS, {})).toEqual(DEFAULT_SETTINGS);
    expect(settingsFor(DEFAULT_SETTINGS, { log: true }).scale).toBe('log');
    expect(
      settingsFor({ ...DEFAULT_SETTINGS, scale: 'sqrt' }, { log: false }).scale
    ).toBe('linear');
    expect(settingsFor(DEFAULT_SETTINGS, { cmap: 'gray_r' })).toMatchObject({
      colormap: 'Greys',
      invertColormap: true
    });
    expect(settingsFor(DEFAULT_SETTINGS, { cmap: 'jet' }).colormap).toBe(
      'Viridis'
    );
  });

  it('takes the frame a stack opens on, when it is a whole number', () => {
    expect(settingsFor(DEFAULT_SETTINGS, { frame: 55 }).frame).toBe(55);
    expect(settingsFor(DEFAULT_SETTINGS, { frame: -1 }).frame).toBeUndefined();
    expect(settingsFor(DEFAULT_SETTINGS, { frame: 2.5 }).frame).toBeUndefined();
    expect(settingsFor(DEFAULT_SETTINGS, { frame: '3' }).frame).toBeUndefined();
  });
});
