import { ServerConnection } from '@jupyterlab/services';
import { describe, expect, it } from 'vitest';

import { NxvizClient } from '../api/client';
import { FileApi } from '../api/endpoints';
import { ATTRIBUTE_PAGE, attributePage, pageOf } from './attributes';

const NAMES = Array.from(
  { length: 250 },
  (_, i) => `a${String(i).padStart(3, '0')}`
);

/** A server holding one group with 250 attributes (`aNNN` = NNN), paging them as `meta`
 * does; `skip` names attributes it cannot open (left out of a page, as the server does). */
function server(skip: string[] = [], attrFails = false) {
  const asked: URL[] = [];
  const settings = ServerConnection.makeSettings({
    baseUrl: 'http://localhost:8888/',
    fetch: (async (input: RequestInfo | URL) => {
      const url = new URL(
        typeof input === 'string' ? input : (input as Request).url
      );
      asked.push(url);
      const endpoint = url.pathname.split('/').pop();
      const q = url.searchParams;
      if (endpoint === 'meta') {
        const offset = Number(q.get('attr_offset') ?? 0);
        const limit = Number(q.get('attr_limit') ?? 1000);
        const page = NAMES.slice(offset, offset + limit).filter(
          n => !skip.includes(n)
        );
        return Response.json({
          name: 'g',
          path: q.get('path'),
          type: 'group',
          attributes: page.map(name => ({ name, shape: [], dtype: '<i8' })),
          attributes_total: NAMES.length,
          attributes_offset: offset,
          attributes_limit: limit,
          children: [],
          total: 0,
          offset: 0,
          limit: 0
        });
      }
      if (attrFails) {
        return Response.json(
          { code: 'too_large', message: 'too big' },
          { status: 413 }
        );
      }
      const values = Object.fromEntries(
        q.getAll('name').map(n => [n, Number(n.slice(1))])
      );
      return Response.json(values);
    }) as typeof fetch
  });
  return { api: new FileApi(new NxvizClient(settings), 'f.h5'), asked };
}

describe('attribute pages', () => {
  it('reads every attribute a page at a time, values asked by name', async () => {
    const { api, asked } = server();
    const seen: string[] = [];
    let offset = 0;
    let pages = 0;
    for (;;) {
      const page = await attributePage(api, '/g', offset);
      pages += 1;
      expect(page.total).toBe(250);
      for (const { name } of page.attributes) {
        seen.push(name);
        expect(page.values?.[name]).toBe(Number(name.slice(1)));
      }
      if (page.next >= page.total) {
        break;
      }
      offset = page.next;
    }
    expect(pages).toBe(Math.ceil(250 / ATTRIBUTE_PAGE));
    expect(seen).toEqual(NAMES);
    const attr = asked.filter(u => u.pathname.endsWith('/attr'));
    expect(attr.map(u => u.searchParams.getAll('name').length)).toEqual([
      100, 100, 50
    ]);
    const meta = asked.filter(u => u.pathname.endsWith('/meta'));
    expect(meta.map(u => u.searchParams.get('attr_offset'))).toEqual([
      '0',
      '100',
      '200'
    ]);
    expect(meta.every(u => u.searchParams.get('limit') === '0')).toBe(true);
  });

  it('goes on after a page that left out an attribute it could not open', async () => {
    const { api } = server(['a099']);
    const page = await attributePage(api, '/g', 0);
    expect(page.attributes).toHaveLength(99);
    expect(page.next).toBe(100); // a100 is not skipped
  });

  it('keeps the names when their values cannot be read', async () => {
    const { api } = server([], true);
    const meta = await api.meta('/g', undefined, 0, 0, 0, ATTRIBUTE_PAGE);
    const page = await pageOf(api, '/g', meta);
    expect(page.attributes).toHaveLength(100);
    expect(page.values).toBeNull();
    expect(page.valuesError).toBe('too big');
  });
});
