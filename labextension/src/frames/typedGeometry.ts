// Geometry typed by hand (beam centre, distance, wavelength, pixel size), kept per file and
// stack in JupyterLab's state database (IStateDB), never beside the data: a plain detector stack
// with no NeXus geometry gets its rings and radial profile back when it is opened again.
import { IStateDB } from '@jupyterlab/statedb';
import React, { useCallback, useContext, useEffect, useState } from 'react';

import { IGeometry } from './geometry';

/** Where typed geometry lives between openings of a file. */
export interface IGeometryStore {
  load(file: string, path: string): Promise<Partial<IGeometry> | undefined>;
  save(file: string, path: string, geometry: Partial<IGeometry>): Promise<void>;
}

/** The store the Frames view uses; none (nothing kept) unless the app provides one. */
export const GeometryStoreContext = React.createContext<
  IGeometryStore | undefined
>(undefined);

const KEYS: (keyof IGeometry)[] = [
  'beamX',
  'beamY',
  'distance',
  'wavelength',
  'pixelX',
  'pixelY'
];

/** The finite numbers of `value` under the geometry's names (anything else left out). */
export function geometryOf(value: unknown): Partial<IGeometry> {
  const out: Partial<IGeometry> = {};
  if (!value || typeof value !== 'object') {
    return out;
  }
  const record = value as Record<string, unknown>;
  for (const key of KEYS) {
    const v = record[key];
    if (typeof v === 'number' && Number.isFinite(v)) {
      out[key] = v;
    }
  }
  return out;
}

/**
 * The state database's key of a file's stack (the file relative to the server root). Not under
 * `nxviz:`: that namespace is the document tracker's, whose restore after a page reload removes
 * every `nxviz:` entry that is not an open document's.
 */
export function stateKey(file: string, path: string): string {
  return `nxviz-geometry:${file}:${path}`;
}

/** Typed geometry in JupyterLab's state database (saved with the workspace, per user). */
export function stateDbGeometryStore(state: IStateDB): IGeometryStore {
  return {
    async load(file, path) {
      const value = await state.fetch(stateKey(file, path));
      const geometry = geometryOf(value);
      return Object.keys(geometry).length ? geometry : undefined;
    },
    async save(file, path, geometry) {
      const clean = geometryOf(geometry);
      if (Object.keys(clean).length === 0) {
        await state.remove(stateKey(file, path));
      } else {
        const json: Record<string, number> = {};
        for (const key of KEYS) {
          const value = clean[key];
          if (value !== undefined) {
            json[key] = value;
          }
        }
        await state.save(stateKey(file, path), json);
      }
    }
  };
}

/**
 * The geometry typed for `path` of `file`: undefined until typed (or while the store is read),
 * with a setter that keeps it in the store (undefined forgets it: the file's values again);
 * another file or stack starts afresh.
 */
export function useTypedGeometry(
  file: string,
  path: string
): [
  Partial<IGeometry> | undefined,
  (next: Partial<IGeometry> | undefined) => void
] {
  const store = useContext(GeometryStoreContext);
  const key = stateKey(file, path);
  const [typed, setTyped] = useState<{
    key: string;
    geometry?: Partial<IGeometry>;
  }>();
  useEffect(() => {
    if (!store) {
      return undefined;
    }
    let live = true;
    store
      .load(file, path)
      .then(geometry => {
        if (live && geometry) {
          // values typed while the store was read win
          setTyped(t => (t?.key === key ? t : { key, geometry }));
        }
      })
      .catch(() => undefined); // nothing kept: the form starts empty
    return () => {
      live = false;
    };
  }, [store, key]);
  const set = useCallback(
    (next: Partial<IGeometry> | undefined) => {
      setTyped({ key, geometry: next });
      void store?.save(file, path, next ?? {}).catch(() => undefined);
    },
    [store, file, path, key]
  );
  return [typed?.key === key ? typed.geometry : undefined, set];
}
