import { StateDB } from '@jupyterlab/statedb';
import { describe, expect, it } from 'vitest';

import { geometrySummary } from './Readout';
import { geometryOf, stateDbGeometryStore, stateKey } from './typedGeometry';

const typed = {
  beamX: 160.5,
  beamY: 120.25,
  distance: 0.12,
  wavelength: 0.9,
  pixelX: 75e-6,
  pixelY: 75e-6
};

describe('geometryOf', () => {
  it('keeps the finite numbers under the geometry names only', () => {
    expect(
      geometryOf({
        beamX: 3,
        beamY: 'x',
        distance: NaN,
        other: 1,
        pixelX: 1e-4
      })
    ).toEqual({ beamX: 3, pixelX: 1e-4 });
    expect(geometryOf(null)).toEqual({});
    expect(geometryOf('beamX')).toEqual({});
  });
});

describe('stateDbGeometryStore', () => {
  it('keeps typed geometry per file and stack, and forgets it when cleared', async () => {
    const state = new StateDB();
    const store = stateDbGeometryStore(state);
    await store.save('a/plain.h5', '/data', typed);
    await store.save('b/plain.h5', '/data', { beamX: 1 });
    expect(await store.load('a/plain.h5', '/data')).toEqual(typed);
    expect(await store.load('b/plain.h5', '/data')).toEqual({ beamX: 1 });
    expect(await store.load('a/plain.h5', '/other')).toBeUndefined();
    expect(await state.fetch(stateKey('a/plain.h5', '/data'))).toEqual(typed);

    await store.save('a/plain.h5', '/data', {});
    expect(await store.load('a/plain.h5', '/data')).toBeUndefined();
    expect(await state.fetch(stateKey('a/plain.h5', '/data'))).toBeUndefined();
    expect(await state.fetch(stateKey('b/plain.h5', '/data'))).toEqual({
      beamX: 1
    });
  });

  it("lives outside the document tracker's namespace, which its restore prunes", async () => {
    // the tracker (namespace 'nxviz') removes, on a page reload, each entry of its namespace
    // that holds no document to reopen: typed geometry must not be one of them
    const state = new StateDB();
    await stateDbGeometryStore(state).save('a/plain.h5', '/data', typed);
    expect((await state.list('nxviz')).ids).toEqual([]);
  });

  it('leaves out what is not a finite number before saving', async () => {
    const state = new StateDB();
    const store = stateDbGeometryStore(state);
    await store.save('f.h5', '/data', { ...typed, distance: Infinity });
    const { distance, ...rest } = typed;
    expect(distance).toBeGreaterThan(0);
    expect(await store.load('f.h5', '/data')).toEqual(rest);
  });
});

describe('geometrySummary', () => {
  it('says where the geometry comes from and offers typing where the file has none', () => {
    expect(geometrySummary({}, false, false)).toMatch(/none in the file/);
    expect(geometrySummary({ beamX: 1 }, false, true)).toMatch(/incomplete/);
    expect(geometrySummary(typed, false, true)).toBe('geometry (typed)');
    expect(geometrySummary(typed, true, false)).toBe(
      'geometry (from the file)'
    );
  });
});
