import { ServerConnection } from '@jupyterlab/services';
import { describe, expect, it } from 'vitest';

import { NxvizClient } from './client';
import { FileApi } from './endpoints';

/** A FileApi whose server answers from `answers` (by endpoint and path) and counts requests. */
function apiWith(answers: Record<string, unknown>): {
  api: FileApi;
  asked: string[];
} {
  const asked: string[] = [];
  const settings = ServerConnection.makeSettings({
    baseUrl: 'http://localhost:8888/',
    fetch: (async (input: RequestInfo | URL) => {
      const url = new URL(
        typeof input === 'string' ? input : (input as Request).url
      );
      const endpoint = url.pathname.split('/').pop() ?? '';
      const key = `${endpoint}:${url.searchParams.get('path') ?? ''}`;
      asked.push(key);
      if (!(key in answers)) {
        return new Response(
          JSON.stringify({ code: 'entity_not_found', message: `${key}?` }),
          { status: 404 }
        );
      }
      return new Response(JSON.stringify(answers[key]), { status: 200 });
    }) as typeof fetch
  });
  return { api: new FileApi(new NxvizClient(settings), 'f.nxs'), asked };
}

const LISTING = {
  name: 'data',
  path: '/entry/data',
  type: 'group',
  children: [
    { name: 'data_000001', type: 'dataset', shape: [50, 8, 9], dtype: '<u4' }
  ],
  total: 1,
  offset: 0,
  limit: 1000
};

describe('FileApi.listingOnce', () => {
  it('asks once and shares the answer', async () => {
    const { api, asked } = apiWith({ 'meta:/entry/data': LISTING });
    const [a, b] = await Promise.all([
      api.listingOnce('/entry/data'),
      api.listingOnce('/entry/data')
    ]);
    expect(a).toEqual(LISTING);
    expect(b).toBe(a);
    expect(asked).toEqual(['meta:/entry/data']);
  });

  it('is answered by the default NXdata listing the nexus reading carries', async () => {
    const { api, asked } = apiWith({
      'nexus:': {
        default: '/entry/data',
        default_chain: ['/entry', '/entry/data'],
        entries: [],
        default_meta: LISTING
      }
    });
    await api.nexusOnce();
    expect(await api.listingOnce('/entry/data')).toEqual(LISTING);
    expect(asked).toEqual(['nexus:']);
  });

  it('does not keep a failure, and forget() reads again', async () => {
    const answers: Record<string, unknown> = {};
    const { api, asked } = apiWith(answers);
    await expect(api.listingOnce('/entry/data')).rejects.toThrow();
    answers['meta:/entry/data'] = LISTING;
    expect(await api.listingOnce('/entry/data')).toEqual(LISTING);
    api.forget();
    await api.listingOnce('/entry/data');
    expect(asked).toEqual([
      'meta:/entry/data',
      'meta:/entry/data',
      'meta:/entry/data'
    ]);
  });
});
