import { ServerConnection } from '@jupyterlab/services';
import { describe, expect, it } from 'vitest';

import { NxvizClient } from '../api/client';
import { FileApi } from '../api/endpoints';
import { nxDataFromAttrs, resolveDefaultPlot } from './nxdata';

describe('nxDataFromAttrs', () => {
  it('reads signal, axes (with "."), errors and auxiliary signals', () => {
    const plot = nxDataFromAttrs(
      '/entry/data',
      {
        signal: 'mu',
        axes: ['.', 'energy'],
        auxiliary_signals: ['ref', 'nope']
      },
      ['mu', 'energy', 'mu_errors', 'ref']
    );
    expect(plot).toEqual({
      group: '/entry/data',
      signal: '/entry/data/mu',
      axes: [null, '/entry/data/energy'],
      errors: '/entry/data/mu_errors',
      auxiliaries: ['/entry/data/ref'],
      title: null
    });
  });

  it('gives nothing when @signal names no child', () => {
    expect(nxDataFromAttrs('/d', { signal: 'frames' }, ['data'])).toBeNull();
  });
});

function fileApi(answers: Record<string, [number, unknown]>): FileApi {
  const fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const key = `${url.pathname.split('/').pop()} ${url.searchParams.get('path')}`;
    const [status, body] = answers[key] ?? [
      404,
      { code: 'not_found', message: key }
    ];
    return new Response(JSON.stringify(body), { status });
  }) as typeof globalThis.fetch;
  const client = new NxvizClient(
    ServerConnection.makeSettings({ baseUrl: 'http://localhost/', fetch })
  );
  return new FileApi(client, 'f.nxs');
}

describe('resolveDefaultPlot', () => {
  it('follows @default from the root to the NXdata group', async () => {
    const api = fileApi({
      'attr /': [200, { default: 'entry' }],
      'meta /': [200, { name: '/', path: '/', type: 'group', children: [] }],
      'attr /entry': [200, { NX_class: 'NXentry', default: 'data' }],
      'meta /entry': [
        200,
        { name: 'entry', path: '/entry', type: 'group', children: [] }
      ],
      'attr /entry/data': [200, { NX_class: 'NXdata', signal: 'y', axes: 'x' }],
      'meta /entry/data': [
        200,
        {
          name: 'data',
          path: '/entry/data',
          type: 'group',
          children: [
            { name: 'y', type: 'dataset' },
            { name: 'x', type: 'dataset' }
          ]
        }
      ]
    });
    const found = await resolveDefaultPlot(api, '/');
    expect(found.kind).toBe('plot');
    expect(found.kind === 'plot' && found.plot.signal).toBe('/entry/data/y');
    expect(found.kind === 'plot' && found.plot.axes).toEqual(['/entry/data/x']);
  });

  it('says which @default names nothing', async () => {
    const api = fileApi({
      'attr /': [200, { default: 'entry' }],
      'meta /': [200, { name: '/', path: '/', type: 'group', children: [] }],
      'attr /entry': [200, { NX_class: 'NXentry', default: 'plot' }],
      'meta /entry': [
        200,
        { name: 'entry', path: '/entry', type: 'group', children: [] }
      ]
    });
    expect(await resolveDefaultPlot(api, '/')).toEqual({
      kind: 'broken',
      broken: { from: '/entry', target: '/entry/plot' }
    });
  });
});
