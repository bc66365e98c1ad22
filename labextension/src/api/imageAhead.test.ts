import { ServerConnection } from '@jupyterlab/services';
import { describe, expect, it } from 'vitest';

import { NxvizClient } from './client';
import { FileApi, IImageRequest } from './endpoints';

/**
 * A FileApi whose `image` answers are images of the asked size (each value its row), sent when
 * `release()` is called; every request's query is kept.
 */
function imageServer(): {
  api: FileApi;
  asked: URLSearchParams[];
  release: () => void;
  failNext: () => void;
} {
  const asked: URLSearchParams[] = [];
  const waiting: (() => void)[] = [];
  let failing = false;
  const settings = ServerConnection.makeSettings({
    baseUrl: 'http://localhost:8888/',
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(
        typeof input === 'string' ? input : (input as Request).url
      );
      asked.push(url.searchParams);
      const fail = failing;
      failing = false;
      const width = Number(url.searchParams.get('width'));
      const height = Number(url.searchParams.get('height'));
      const signal = init?.signal ?? (input as Request).signal;
      return new Promise<Response>((resolve, reject) => {
        signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError'))
        );
        waiting.push(() => {
          if (fail) {
            resolve(
              new Response(
                JSON.stringify({ code: 'file_busy', message: 'busy' }),
                { status: 503 }
              )
            );
            return;
          }
          const values = new Float32Array(width * height).map((_, i) =>
            Math.floor(i / width)
          );
          resolve(
            new Response(values.buffer, {
              status: 200,
              headers: {
                'X-Nxviz-Shape': '100,80',
                'X-Nxviz-Image-Shape': `${height},${width}`,
                'X-Nxviz-Factors': '1,1'
              }
            })
          );
        });
      });
    }) as typeof fetch
  });
  return {
    api: new FileApi(new NxvizClient(settings), 'f.nxs'),
    asked,
    release: () => {
      for (const send of waiting.splice(0)) {
        send();
      }
    },
    failNext: () => {
      failing = true;
    }
  };
}

const FRAME: IImageRequest = {
  path: '/entry/data/data_000001',
  selection: '0',
  width: 40,
  height: 50,
  percentiles: '0.5,99.9'
};

/** Let the fetch promises and their continuations run. */
const settle = () => new Promise(resolve => setTimeout(resolve, 0));

describe('FileApi.imageAhead', () => {
  it("answers the view's request of the same frame at a smaller size, with one request", async () => {
    const { api, asked, release } = imageServer();
    api.imageAhead(FRAME);
    const shown = api.image({ ...FRAME, width: 30, height: 40 });
    release();
    const frame = await shown;
    expect(asked).toHaveLength(1);
    expect(asked[0].get('width')).toBe('40');
    expect(frame.shape).toEqual([50, 40]); // the larger image asked ahead
  });

  it('answers only once: a second call of the same frame asks the server', async () => {
    const { api, asked, release } = imageServer();
    api.imageAhead(FRAME);
    release();
    await settle();
    await api.image(FRAME);
    const again = api.image(FRAME);
    await settle();
    release();
    await again;
    expect(asked).toHaveLength(2);
  });

  it('does not answer a larger size, another frame or other statistics', async () => {
    for (const other of [
      { ...FRAME, width: 41 },
      { ...FRAME, selection: '1' },
      { ...FRAME, percentiles: '0.1,99.9' },
      { ...FRAME, region: '0:10,0:10' }
    ]) {
      const { api, asked, release } = imageServer();
      api.imageAhead(FRAME);
      const shown = api.image(other);
      await settle();
      release();
      await shown;
      expect(asked).toHaveLength(2);
      expect(asked[1].get('width')).toBe(String(other.width));
    }
  });

  it('forgets an image asked ahead that failed: the view asks again', async () => {
    const { api, asked, release, failNext } = imageServer();
    failNext();
    api.imageAhead(FRAME);
    release();
    await settle();
    const shown = api.image(FRAME);
    await settle();
    release();
    expect((await shown).shape).toEqual([50, 40]);
    expect(asked).toHaveLength(2);
  });

  it("rejects the view's call when the view aborts it, and the panels then ask", async () => {
    const { api, release } = imageServer();
    api.imageAhead(FRAME);
    const abort = new AbortController();
    const shown = api.image(FRAME, abort.signal);
    let opened = false;
    void api.afterFirstView().then(() => {
      opened = true;
    });
    abort.abort();
    await expect(shown).rejects.toThrow(/aborted/);
    await settle();
    expect(opened).toBe(true);
    release();
  });

  it("opens the panels' gate when the view's call is answered, not when the image comes", async () => {
    const { api, release } = imageServer();
    let opened = false;
    void api.afterFirstView().then(() => {
      opened = true;
    });
    api.imageAhead(FRAME);
    release();
    await settle();
    expect(opened).toBe(false); // in, but no view has asked for it yet
    await api.image(FRAME);
    await settle();
    expect(opened).toBe(true);
  });

  it('is forgotten by forget() (a refresh reads again)', async () => {
    const { api, asked, release } = imageServer();
    api.imageAhead(FRAME);
    release();
    await settle();
    api.forget();
    const shown = api.image(FRAME);
    await settle();
    release();
    await shown;
    expect(asked).toHaveLength(2);
  });
});
