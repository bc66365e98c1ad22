import { describe, expect, it, vi } from 'vitest';

import { NxvizClient, QueryValue } from '../api/client';
import { FileApi } from '../api/endpoints';
import { DEFAULT_DEPTH, FrameLoader, prefetchDepth } from './loader';

/** A client whose image answers are 2×2 float32 frames filled with the asked frame number. */
class FakeClient extends NxvizClient {
  readonly asked: Record<string, QueryValue>[] = [];
  override async binary(
    endpoint: string,
    query: Record<string, QueryValue> = {}
  ): Promise<{ body: ArrayBuffer; headers: Headers }> {
    this.asked.push(query);
    const value = Number(String(query.selection).split(',')[0]);
    const body = new Float32Array([value, value, value, value]).buffer;
    const headers = new Headers({
      'X-Nxviz-Shape': '2,2',
      'X-Nxviz-Image-Shape': '2,2',
      'X-Nxviz-Factors': '1,1',
      'X-Nxviz-Percentiles': '{"0.5": 1, "99.9": 9}'
    });
    return { body, headers };
  }
}

const req = (i: number) => ({
  path: '/d',
  selection: String(i),
  width: 2,
  height: 2
});

describe('FrameLoader', () => {
  it('asks with auto-contrast percentiles and answers prefetched frames from cache', async () => {
    const client = new FakeClient({} as never);
    const loader = new FrameLoader(new FileApi(client, 'f.nxs'), 4);
    loader.prefetch([req(1), req(2)]);
    const frame = await loader.load(req(2));
    expect(frame.data[0]).toBe(2);
    expect(frame.percentiles).toEqual({ '0.5': 1, '99.9': 9 });
    expect(client.asked).toHaveLength(2);
    expect(client.asked[0].percentiles).toBe('0.5,99.9');
    expect(client.asked[0].combine).toBeUndefined();
  });

  it('answers a frame asked smaller with the one on its way, and asks again when larger', async () => {
    const client = new FakeClient({} as never);
    const loader = new FrameLoader(new FileApi(client, 'f.nxs'));
    const first = { ...req(0), width: 500, height: 400 };
    const pending = loader.load(first);
    // the view's controls took some height: the same frame, asked a little smaller
    const smaller = { ...req(0), width: 450, height: 360 };
    loader.keepOnly([smaller]);
    expect(loader.pending).toBe(1); // the first ask is not cancelled: it serves the smaller one
    expect(loader.load(smaller)).toBe(pending);
    await pending;
    expect(client.asked).toHaveLength(1);
    await loader.load({ ...req(0), width: 1000, height: 800 });
    await loader.load({
      ...req(0),
      width: 450,
      height: 360,
      region: '0:10,0:10'
    });
    expect(client.asked).toHaveLength(3);
  });

  it('hands over answered frames at once, and only those', async () => {
    const client = new SlowClient({} as never);
    const loader = new FrameLoader(new FileApi(client, 'f.nxs'), 2);
    const asked = loader.load(req(1));
    expect(loader.peek(req(1))).toBeUndefined(); // on its way
    client.release();
    const frame = await asked;
    expect(loader.peek(req(1))).toBe(frame);
    expect(loader.peek({ ...req(1), width: 1, height: 1 })).toBe(frame); // smaller: served
    expect(loader.peek({ ...req(1), width: 4, height: 4 })).toBeUndefined();
    const two = loader.load(req(2));
    const three = loader.load(req(3));
    client.release();
    await Promise.all([two, three]);
    expect(loader.peek(req(1))).toBeUndefined(); // beyond the capacity: forgotten
  });

  it('forgets the oldest frames beyond its capacity', async () => {
    const client = new FakeClient({} as never);
    const loader = new FrameLoader(new FileApi(client, 'f.nxs'), 2);
    await loader.load(req(1));
    await loader.load(req(2));
    await loader.load(req(3));
    expect(loader.has(req(1))).toBe(false);
    await loader.load(req(1));
    expect(client.asked).toHaveLength(4);
  });

  it('asks for a server-side sum of consecutive frames', async () => {
    const client = new FakeClient({} as never);
    const loader = new FrameLoader(new FileApi(client, 'f.nxs'));
    await loader.load({ ...req(4), frames: '4:8', combine: 'sum' });
    expect(client.asked[0]).toMatchObject({
      frames: '4:8',
      combine: 'sum',
      reduce: 'max'
    });
  });
});

/** A client whose answers wait until released, and that stops a request when it is aborted. */
class SlowClient extends NxvizClient {
  readonly aborted: string[] = [];
  private readonly waiting: (() => void)[] = [];
  override binary(
    endpoint: string,
    query: Record<string, QueryValue> = {},
    signal?: AbortSignal
  ): Promise<{ body: ArrayBuffer; headers: Headers }> {
    return new Promise((resolve, reject) => {
      signal?.addEventListener('abort', () => {
        this.aborted.push(String(query.selection));
        reject(new DOMException('aborted', 'AbortError'));
      });
      this.waiting.push(() =>
        resolve({
          body: new Float32Array([1, 2, 3, 4]).buffer,
          headers: new Headers({
            'X-Nxviz-Shape': '2,2',
            'X-Nxviz-Factors': '1,1'
          })
        })
      );
    });
  }
  release(): void {
    this.waiting.splice(0).forEach(answer => answer());
  }
}

describe('FrameLoader.keepOnly', () => {
  it('cancels the requests on their way that are no longer wanted', async () => {
    const client = new SlowClient({} as never);
    const loader = new FrameLoader(new FileApi(client, 'f.nxs'));
    const stale = loader.load(req(1));
    loader.prefetch([req(2)]);
    const wanted = loader.load(req(5));
    expect(loader.pending).toBe(3);

    loader.keepOnly([req(5), req(6)]);

    expect(client.aborted).toEqual(['1', '2']);
    await expect(stale).rejects.toThrow('aborted');
    expect(loader.has(req(1))).toBe(false);
    client.release();
    expect((await wanted).shape).toEqual([2, 2]);
    expect(loader.pending).toBe(0);
    loader.keepOnly([]); // answered frames stay cached
    expect(loader.has(req(5))).toBe(true);
  });
});

describe('prefetchDepth', () => {
  it('asks one ahead when stepping, and while playing enough to cover a frame', () => {
    expect(prefetchDepth(400, 25, false, 12)).toBe(1);
    expect(prefetchDepth(undefined, 25, true, 12)).toBe(DEFAULT_DEPTH);
    expect(prefetchDepth(30, 25, true, 12)).toBe(2); // under a frame's 40 ms: one, and one spare
    expect(prefetchDepth(120, 25, true, 12)).toBe(4); // three frames' time
    expect(prefetchDepth(120, 5, true, 12)).toBe(2);
    expect(prefetchDepth(2000, 25, true, 12)).toBe(10); // no more than the cache keeps
  });

  it('covers the time one answer takes to come back, not only the server per frame', () => {
    // a distant server: 20 ms of work a frame, but each answer back after 300 ms
    expect(prefetchDepth(20, 25, true, 12, 300)).toBe(9);
    expect(prefetchDepth(20, 25, true, 12, 50)).toBe(3);
    // stepping in a run at 12 steps a second is paced like playing at 12 frames a second
    expect(prefetchDepth(60, 12, true, 12, 70)).toBe(2);
    expect(prefetchDepth(200, 12, true, 12, 250)).toBe(4);
  });
});

describe('FrameLoader.perFrameMs', () => {
  it('times its answers, each shared among the requests on their way with it', async () => {
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      const client = new SlowClient({} as never);
      const loader = new FrameLoader(new FileApi(client, 'f.nxs'));
      expect(loader.perFrameMs).toBeUndefined();
      const answers = [
        loader.load(req(1)),
        loader.load(req(2)),
        loader.load(req(3))
      ];
      now = 90;
      client.release();
      await Promise.all(answers);
      // 90 ms each, asked alone (90), beside one (45) and beside two (30): the median
      expect(loader.perFrameMs).toBe(45);
      expect(loader.latencyMs).toBe(90);
      const later = loader.load(req(4));
      now = 120;
      client.release();
      await later;
      expect(loader.latencyMs).toBe(30); // the quickest recent answer
      expect(loader.peek(req(4))?.data[0]).toBe(1);
    } finally {
      clock.mockRestore();
    }
  });
});
