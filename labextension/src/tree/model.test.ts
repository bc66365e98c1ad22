import { ServerConnection } from '@jupyterlab/services';
import { describe, expect, it } from 'vitest';

import { NxvizClient } from '../api/client';
import { FileApi } from '../api/endpoints';
import { IChildMeta } from '../api/models';
import { isNodeRow, TreeModel } from './model';

const MANY = 2500;

/** A server holding '/' (entry, many, gone) and '/many' with MANY children, paged. */
function fakeApi(requests: string[] = []): FileApi {
  const fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const path = url.searchParams.get('path') ?? '/';
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 1000);
    requests.push(`${path}@${offset}`);
    let children: IChildMeta[];
    if (path === '/') {
      children = [
        { name: 'entry', type: 'group', nx_class: 'NXentry' },
        { name: 'gone', type: 'soft_link', target_path: '/x', dangling: true },
        { name: 'many', type: 'group' }
      ];
    } else if (path === '/many') {
      children = Array.from({ length: MANY }, (_, i) => ({
        name: `g${String(i).padStart(5, '0')}`,
        type: 'group' as const
      }));
    } else if (path === '/entry') {
      children = [{ name: 'data', type: 'dataset', shape: [3] }];
    } else {
      return new Response(
        JSON.stringify({ code: 'not_found', message: path }),
        {
          status: 404
        }
      );
    }
    const body = {
      name: path,
      path,
      type: 'group',
      children: children.slice(offset, offset + limit),
      total: children.length,
      offset,
      limit
    };
    return new Response(JSON.stringify(body), { status: 200 });
  }) as typeof globalThis.fetch;
  const client = new NxvizClient(
    ServerConnection.makeSettings({ baseUrl: 'http://localhost/', fetch })
  );
  return new FileApi(client, 'f.h5');
}

function names(model: TreeModel): string[] {
  return model
    .rows()
    .map(r => (isNodeRow(r) ? r.node.path : `more:${r.parent}`));
}

describe('TreeModel', () => {
  it('lists the root, then a big group one page at a time', async () => {
    const requests: string[] = [];
    const model = new TreeModel(fakeApi(requests));
    await model.loadRoot();
    expect(names(model)).toEqual(['/entry', '/gone', '/many']);
    await model.expand('/many');
    const rows = model.rows();
    expect(rows).toHaveLength(3 + 1000 + 1);
    const more = rows[rows.length - 1];
    expect(more).toEqual({
      kind: 'more',
      parent: '/many',
      depth: 2,
      loaded: 1000,
      total: MANY
    });
    await model.loadMore('/many');
    expect(model.rows()).toHaveLength(3 + 2000 + 1);
    expect(requests).toEqual(['/@0', '/many@0', '/many@1000']);
  });

  it('reveals a path beyond the loaded pages and selects it', async () => {
    const model = new TreeModel(fakeApi());
    await model.loadRoot();
    expect(await model.reveal('/many/g02400')).toBe(true);
    expect(model.selected).toBe('/many/g02400');
    expect(model.node('/many')?.expanded).toBe(true);
    expect(names(model)).toContain('/many/g02400');
    expect(await model.reveal('/entry/nothing')).toBe(false);
  });

  it('collapses and re-expands without reading again', async () => {
    const requests: string[] = [];
    const model = new TreeModel(fakeApi(requests));
    await model.loadRoot();
    await model.toggle('/entry');
    expect(names(model)).toEqual(['/entry', '/entry/data', '/gone', '/many']);
    await model.toggle('/entry');
    expect(names(model)).toEqual(['/entry', '/gone', '/many']);
    await model.toggle('/entry');
    expect(requests.filter(r => r.startsWith('/entry'))).toHaveLength(1);
  });

  it('counts findings on an entity and below it', async () => {
    const model = new TreeModel(fakeApi());
    await model.loadRoot();
    model.setFindings([
      {
        severity: 'error',
        code: 'wrong_units',
        path: '/entry/data@units',
        message: ''
      },
      { severity: 'warning', code: 'w', path: '/entry/data', message: '' },
      { severity: 'error', code: 'broken_link', path: '/gone', message: '' }
    ]);
    expect(model.findingsAt('/entry/data')).toEqual({
      error: 1,
      warning: 1,
      info: 0
    });
    expect(model.findingsAt('/entry')).toBeUndefined();
    expect(model.findingsBelow('/entry')).toEqual({
      error: 1,
      warning: 1,
      info: 0
    });
    expect(model.findingsBelow('/')).toEqual({ error: 2, warning: 1, info: 0 });
  });

  it('keeps the error of a group that cannot be read on its node', async () => {
    const model = new TreeModel(fakeApi());
    await model.loadRoot();
    model.node('/gone')!.meta = { name: 'gone', type: 'group' };
    await model.expand('/gone');
    expect(model.node('/gone')?.error).toBe('/gone');
  });
});
