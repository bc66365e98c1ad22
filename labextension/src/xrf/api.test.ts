import { ServerConnection } from '@jupyterlab/services';
import { describe, expect, it } from 'vitest';

import { NxvizClient } from '../api/client';
import { sourceQuery, XrfApi } from './api';

function apiWith(handler: (url: URL) => Response): {
  api: XrfApi;
  seen: URL[];
} {
  const seen: URL[] = [];
  const settings = ServerConnection.makeSettings({
    baseUrl: 'http://localhost:8888/',
    fetch: (async (input: RequestInfo | URL) => {
      const url = new URL(
        typeof input === 'string' ? input : (input as Request).url
      );
      seen.push(url);
      return handler(url);
    }) as typeof fetch
  });
  return { api: new XrfApi(new NxvizClient(settings), 'maps/cube.h5'), seen };
}

describe('sourceQuery', () => {
  it('names a pixel, a half-open rectangle and a polygon as the contract says', () => {
    expect(sourceQuery({ kind: 'pixel', row: 3, col: 4 })).toEqual({
      pixel: '3,4'
    });
    expect(
      sourceQuery({ kind: 'region', rows: [2, 5], cols: [0, 10] })
    ).toEqual({ region: '2:5,0:10' });
    expect(
      sourceQuery({
        kind: 'polygon',
        points: [
          [1, 1],
          [1, 8],
          [6, 4]
        ]
      })
    ).toEqual({ polygon: '1,1,1,8,6,4' });
  });
});

describe('XrfApi', () => {
  it('decodes a map: float32 rows × columns with its limits in headers', async () => {
    const values = new Float32Array([1, 2, 3, 4, 5, 6]);
    const { api, seen } = apiWith(
      () =>
        new Response(values.buffer, {
          headers: {
            'X-Nxviz-Shape': '2,3',
            'X-Nxviz-Min': '1',
            'X-Nxviz-Max': '6',
            'X-Nxviz-Percentiles': '{"1": 1.05, "99": 5.95}'
          }
        })
    );
    const frame = await api.map('/entry/data/counts', {
      kind: 'energy',
      range: [6.2, 6.6]
    });
    expect(seen[0].pathname).toBe('/nxviz/api/xrf/map');
    expect(seen[0].searchParams.get('energy')).toBe('6.2:6.6');
    expect(seen[0].searchParams.get('channels')).toBe(null);
    expect(frame.shape).toEqual([2, 3]);
    expect(Array.from(frame.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect([frame.min, frame.max]).toEqual([1, 6]);
    expect(frame.percentiles).toEqual({ '1': 1.05, '99': 5.95 });
  });

  it('reads a spectrum as float64 counts on the cube energy axis', async () => {
    const counts = new Float64Array([3, 0, 4294967295, NaN]);
    const { api, seen } = apiWith(
      () =>
        new Response(counts.buffer, {
          headers: { 'X-Nxviz-Dtype': '<f8', 'X-Nxviz-Pixels': '12' }
        })
    );
    const energy = {
      values: [1, 1.5, 2, 2.5],
      units: 'keV',
      source: 'file' as const
    };
    const spectrum = await api.spectrum(
      '/c',
      { kind: 'region', rows: [0, 3], cols: [1, 5] },
      energy
    );
    expect(seen[0].pathname).toBe('/nxviz/api/xrf/spectrum');
    expect(seen[0].searchParams.get('format')).toBe('bin');
    expect(seen[0].searchParams.get('region')).toBe('0:3,1:5');
    expect(spectrum.counts).toEqual([3, 0, 4294967295, NaN]);
    expect(spectrum.energy).toEqual([1, 1.5, 2, 2.5]);
    expect([spectrum.units, spectrum.pixels]).toEqual(['keV', 12]);
    // an answer of another length than the cube's channels is an error, not a curve
    await expect(
      api.spectrum(
        '/c',
        { kind: 'pixel', row: 0, col: 0 },
        {
          ...energy,
          values: [1, 2]
        }
      )
    ).rejects.toThrow(/channels/);
  });

  it('asks a channel window in whole channels', async () => {
    const { api, seen } = apiWith(
      () =>
        new Response(new Float32Array([0]).buffer, {
          headers: { 'X-Nxviz-Shape': '1,1' }
        })
    );
    await api.map('/c', { kind: 'channels', range: [10.4, 20.6] });
    expect(seen[0].searchParams.get('channels')).toBe('10:21');
  });

  it('reads a selection mask and refuses one whose size contradicts its shape', async () => {
    let body = new Uint8Array([0, 1, 1, 0]);
    const { api, seen } = apiWith(
      () =>
        new Response(body, {
          headers: { 'X-Nxviz-Shape': '2,2' }
        })
    );
    const selection = await api.select('/r/Fe_K', '/r/Cu_K', [1, 2], [3, 4]);
    expect(Array.from(selection.mask)).toEqual([0, 1, 1, 0]);
    expect(seen[0].searchParams.get('xrange')).toBe('1:2');
    expect(seen[0].searchParams.get('yrange')).toBe('3:4');
    const polygon = await api.selectPolygon('/r/Fe_K', '/r/Cu_K', [
      [0.5, 10],
      [2, 10],
      [1, 40.25]
    ]);
    expect(Array.from(polygon.mask)).toEqual([0, 1, 1, 0]);
    expect(seen[1].searchParams.get('polygon')).toBe('0.5,10,2,10,1,40.25');
    expect(seen[1].searchParams.get('xrange')).toBe(null);
    body = new Uint8Array([1, 1, 1]);
    await expect(
      api.select('/r/Fe_K', '/r/Cu_K', [1, 2], [3, 4])
    ).rejects.toThrow(/do not match/);
  });

  it('passes the server error code through for an object that is no XRF data', async () => {
    const { api } = apiWith(
      () =>
        new Response(
          JSON.stringify({ code: 'not_xrf', message: 'not a spectra cube' }),
          { status: 415 }
        )
    );
    await expect(api.payload('/entry')).rejects.toMatchObject({
      status: 415,
      code: 'not_xrf'
    });
  });
});
