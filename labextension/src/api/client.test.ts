import { ServerConnection } from '@jupyterlab/services';
import { describe, expect, it } from 'vitest';

import { NxvizApiError, NxvizClient, buildUrl } from './client';

type Handler = (url: string, init: RequestInit) => Response;

function clientWith(handler: Handler): { client: NxvizClient; seen: string[] } {
  const seen: string[] = [];
  const settings = ServerConnection.makeSettings({
    baseUrl: 'http://localhost:8888/lab-base/',
    token: 'secret',
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : (input as Request).url;
      seen.push(url);
      return handler(url, init ?? {});
    }) as typeof fetch
  });
  return { client: new NxvizClient(settings), seen };
}

describe('buildUrl', () => {
  it('joins the base url and encodes the query, dropping empty values', () => {
    const settings = ServerConnection.makeSettings({
      baseUrl: 'http://h/base/'
    });
    const url = buildUrl(settings, 'meta', {
      file: 'dir/a b.nxs',
      path: '/entry',
      offset: 0,
      limit: undefined,
      selection: null
    });
    expect(url).toBe(
      'http://h/base/nxviz/api/meta?file=dir%2Fa+b.nxs&path=%2Fentry&offset=0'
    );
  });
});

describe('NxvizClient', () => {
  it('returns the parsed JSON body of a 200 answer', async () => {
    const { client, seen } = clientWith(
      () =>
        new Response(JSON.stringify({ name: '/', children: [], total: 0 }), {
          status: 200,
          headers: { 'Content-Type': 'application/json' }
        })
    );
    const body = await client.json<{ total: number }>('meta', {
      file: 'x.nxs'
    });
    expect(body.total).toBe(0);
    expect(seen[0]).toContain('/lab-base/nxviz/api/meta?file=x.nxs');
  });

  it('turns a JSON error body into NxvizApiError carrying the code', async () => {
    const { client } = clientWith(
      () =>
        new Response(
          JSON.stringify({ code: 'outside_root', message: 'leaves the root' }),
          {
            status: 403
          }
        )
    );
    const failure = client.json('meta', { file: '../x.nxs' });
    await expect(failure).rejects.toBeInstanceOf(NxvizApiError);
    await expect(failure).rejects.toMatchObject({
      status: 403,
      code: 'outside_root',
      message: 'leaves the root'
    });
  });

  it('keeps the status when the error body is not JSON', async () => {
    const { client } = clientWith(
      () => new Response('<html>gateway</html>', { status: 502 })
    );
    await expect(client.json('meta')).rejects.toMatchObject({
      status: 502,
      code: 'http_502'
    });
  });

  it('hands back binary bodies with their headers', async () => {
    const values = new Float32Array([1.5, -2, 3]);
    const { client } = clientWith(
      () =>
        new Response(values.buffer, {
          status: 200,
          headers: { 'X-Shape': '3' }
        })
    );
    const { body, headers } = await client.binary('image', { file: 'f.h5' });
    expect(Array.from(new Float32Array(body))).toEqual([1.5, -2, 3]);
    expect(headers.get('X-Shape')).toBe('3');
  });
});
