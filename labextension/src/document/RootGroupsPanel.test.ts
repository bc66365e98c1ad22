import { ServerConnection } from '@jupyterlab/services';
import { describe, expect, it } from 'vitest';

import { NxvizClient } from '../api/client';
import { IGroupMeta } from '../api/models';
import { RootGroupsPanel, describeChild } from './RootGroupsPanel';

function clientAnswering(status: number, body: unknown): NxvizClient {
  return new NxvizClient(
    ServerConnection.makeSettings({
      baseUrl: 'http://localhost/',
      fetch: (async () =>
        new Response(JSON.stringify(body), { status })) as typeof fetch
    })
  );
}

const ROOT: IGroupMeta = {
  name: '/',
  type: 'group',
  attributes: [],
  offset: 0,
  limit: 1000,
  total: 3,
  children: [
    { name: 'entry', type: 'group', nx_class: 'NXentry' },
    { name: 'raw', type: 'dataset', shape: [50, 1065, 1030] },
    { name: 'gone', type: 'soft_link', target_path: '/nowhere', dangling: true }
  ]
};

describe('describeChild', () => {
  it('names a group by its NX_class, a dataset by its shape, a dangling link by its target', () => {
    expect(describeChild(ROOT.children[0])).toBe('NXentry');
    expect(describeChild(ROOT.children[1])).toBe('50 × 1065 × 1030');
    expect(describeChild(ROOT.children[2])).toBe('dangling link to /nowhere');
    expect(describeChild({ name: 's', type: 'dataset', shape: [] })).toBe(
      'scalar'
    );
  });
});

describe('RootGroupsPanel', () => {
  it('lists the root children from the meta answer', async () => {
    const panel = new RootGroupsPanel(
      clientAnswering(200, ROOT),
      'demo/eiger_master.nxs'
    );
    expect(panel.state).toBe('loading');
    await panel.load();
    expect(panel.state).toBe('ready');
    const names = Array.from(
      panel.node.querySelectorAll('.jp-nxviz-child')
    ).map(li => (li as HTMLElement).dataset.name);
    expect(names).toEqual(['entry', 'raw', 'gone']);
    expect(panel.node.textContent).toContain('NXentry');
    expect(panel.node.textContent).toContain('3 root entities');
  });

  it('says what went wrong in one sentence when the server refuses', async () => {
    const panel = new RootGroupsPanel(
      clientAnswering(415, {
        code: 'not_hdf5',
        message: 'notes.h5 is not an HDF5 file'
      }),
      'notes.h5'
    );
    await panel.load();
    expect(panel.state).toBe('error');
    expect(panel.node.querySelector('.jp-nxviz-error')?.textContent).toBe(
      'notes.h5 is not an HDF5 file'
    );
    expect(panel.node.querySelectorAll('.jp-nxviz-child')).toHaveLength(0);
  });
});
