import { ServerConnection } from '@jupyterlab/services';
import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { describe, expect, it } from 'vitest';

import { NxvizClient } from '../api/client';
import { DEFAULT_SETTINGS } from '../viewers/settings';
import { MIME_TYPE } from './mime';
import { IOutputContext, NxvizOutput, outputRendererFactory } from './renderer';

function contextWith(respond: (url: string) => Response): {
  context: IOutputContext;
  seen: string[];
  tracked: boolean[];
} {
  const seen: string[] = [];
  const tracked: boolean[] = [];
  const settings = ServerConnection.makeSettings({
    baseUrl: 'http://localhost:8888/',
    fetch: (async (input: RequestInfo | URL) => {
      const url = typeof input === 'string' ? input : (input as Request).url;
      seen.push(url);
      return respond(url);
    }) as typeof fetch
  });
  return {
    seen,
    tracked,
    context: {
      client: new NxvizClient(settings),
      settings: () => DEFAULT_SETTINGS,
      insertCode: () => undefined,
      copyCode: () => undefined,
      track: (_, alive) => tracked.push(alive)
    }
  };
}

function model(data: unknown): IRenderMime.IMimeModel {
  return {
    trusted: false,
    data: { [MIME_TYPE]: data } as IRenderMime.IMimeModel['data'],
    metadata: {},
    setData: () => undefined
  };
}

const notFound = (): Response =>
  new Response(
    JSON.stringify({
      error: { code: 'not_found', message: 'missing.nxs: no such file' }
    }),
    { status: 404, headers: { 'Content-Type': 'application/json' } }
  );

describe('NxvizOutput', () => {
  it('shows one sentence, never a blank output, for bad data', async () => {
    const { context, seen } = contextWith(notFound);
    for (const data of [
      null,
      'x.nxs',
      { entity: '/entry' },
      { file: '/beamline/x.nxs' }
    ]) {
      const output = new NxvizOutput(context);
      await output.renderModel(model(data));
      expect(output.state).toBe('error');
      const text = output.node.textContent ?? '';
      expect(text).toMatch(/^This nxviz output .+\.$/);
      expect(
        output.node.querySelector('.jp-nxviz-output-error')
      ).not.toBeNull();
      expect(output.viewer).toBeNull();
    }
    expect(seen).toEqual([]);
  });

  it('asks the server through the client and ends in error for a missing file', async () => {
    const { context, seen, tracked } = contextWith(notFound);
    const output = new NxvizOutput(context);
    await output.renderModel(
      model({ file: 'sub/missing.nxs', entity: null, options: {} })
    );
    expect(output.viewer).not.toBeNull();
    expect(output.viewer?.controller.api.file).toBe('sub/missing.nxs');
    expect(output.state).toBe('error');
    expect(output.viewer?.controller.error).toBeTruthy();
    expect(
      seen.some(url => url.includes('/nxviz/api/meta?file=sub%2Fmissing.nxs'))
    ).toBe(true);
    expect(output.node.style.resize).toBe('vertical');
    expect(output.node.style.overflow).toBe('hidden'); // or the resize handle does nothing
    expect(output.node.classList.contains('jp-nxviz-output')).toBe(true);
    output.dispose();
    expect(tracked).toEqual([true, false]);
  });

  it('keeps its viewer when the same data is rendered again', async () => {
    const { context } = contextWith(notFound);
    const output = new NxvizOutput(context);
    const data = { file: 'a.nxs', entity: null, options: {} };
    await output.renderModel(model(data));
    const viewer = output.viewer;
    await output.renderModel(model({ ...data }));
    expect(output.viewer).toBe(viewer);
    await output.renderModel(model({ ...data, file: 'b.nxs' }));
    expect(output.viewer).not.toBe(viewer);
    expect(viewer?.isDisposed).toBe(true);
  });
});

describe('outputRendererFactory', () => {
  it('is safe and preferred to the PNG and HTML renderers', () => {
    const { context } = contextWith(notFound);
    const factory = outputRendererFactory(context);
    expect(factory.safe).toBe(true);
    expect(factory.mimeTypes).toEqual([MIME_TYPE]);
    expect(factory.defaultRank).toBeLessThan(50);
  });
});
