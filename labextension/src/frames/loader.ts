// Frames from the image endpoint through the file's FileApi, with a small cache so that prefetched
// frames (the next ones while playing) are answered without a new request.
import { FileApi } from '../api/endpoints';
import { IImageFrame } from '../api/image';
import { mark } from '../marks';
import { DEFAULT_PERCENTILES } from './contrast';

export interface IFrameRequest {
  path: string;
  selection: string;
  width: number;
  height: number;
  /** 'r0:r1,c0:c1' at full resolution */
  region?: string;
  /** 'a:b' frames combined */
  frames?: string;
  combine?: 'sum' | 'max';
}

export function requestKey(r: IFrameRequest): string {
  return [
    r.path,
    r.selection,
    r.width,
    r.height,
    r.region ?? '',
    r.frames ?? '',
    r.combine ?? ''
  ].join('|');
}

/** The key of what a request shows, whatever its size: the frame(s), region and combination. */
function frameKey(r: IFrameRequest): string {
  return [
    r.path,
    r.selection,
    r.region ?? '',
    r.frames ?? '',
    r.combine ?? ''
  ].join('|');
}

/** Frames asked ahead while playing before any frame has been timed. */
export const DEFAULT_DEPTH = 4;
/** Answers timed for the per-frame estimate (the most recent ones). */
const TIMED = 8;

/**
 * How many frames to ask ahead: one when a single step is taken; while playing or stepping in a
 * run (`moving`, `rate` frames a second), enough to cover both what the server takes per frame
 * (`perFrameMs`, its throughput) and the time one answer takes to come back (`latencyMs`, a
 * slow or distant server), plus one in reserve, within what the cache holds.
 */
export function prefetchDepth(
  perFrameMs: number | undefined,
  rate: number,
  moving: boolean,
  capacity: number,
  latencyMs?: number
): number {
  if (!moving) {
    return 1;
  }
  const most = Math.max(2, capacity - 2);
  if (perFrameMs === undefined || !Number.isFinite(perFrameMs)) {
    return Math.min(DEFAULT_DEPTH, most);
  }
  const frames = (ms: number | undefined) =>
    ms !== undefined && Number.isFinite(ms)
      ? Math.ceil((ms * Math.max(0, rate)) / 1000)
      : 0;
  const covering = Math.max(frames(perFrameMs), frames(latencyMs)) + 1;
  return Math.min(most, Math.max(2, covering));
}

export class FrameLoader {
  private readonly cache = new Map<string, Promise<IImageFrame>>();
  /** the answered frames of the cache, by key: what a step can draw in the same render */
  private readonly ready = new Map<string, IImageFrame>();
  /** the request of each cached key */
  private readonly requests = new Map<string, IFrameRequest>();
  /** requests on their way, by key: abortable until answered */
  private readonly inFlight = new Map<string, AbortController>();
  /** recent answers: milliseconds each took, shared with the requests on their way alongside */
  private readonly timings: number[] = [];
  /** recent answers: milliseconds each took from its ask, whole */
  private readonly latencies: number[] = [];

  constructor(
    readonly api: FileApi,
    readonly capacity = 12,
    readonly percentiles: [number, number] = DEFAULT_PERCENTILES
  ) {}

  /**
   * The cached (or in-flight) key that serves `request`: its own, or the same frame and region
   * asked at least as large (a view whose controls took some height after the first ask draws
   * that answer smaller rather than asking for the frame again).
   */
  private serving(request: IFrameRequest): string | undefined {
    const key = requestKey(request);
    if (this.cache.has(key)) {
      return key;
    }
    const frame = frameKey(request);
    for (const [other, asked] of this.requests) {
      if (
        frameKey(asked) === frame &&
        asked.width >= request.width &&
        asked.height >= request.height
      ) {
        return other;
      }
    }
    return undefined;
  }

  private forget(key: string): void {
    this.cache.delete(key);
    this.ready.delete(key);
    this.requests.delete(key);
  }

  /** The frame of a request: cached, in flight, or asked now. Failures are not cached. */
  load(request: IFrameRequest): Promise<IImageFrame> {
    const served = this.serving(request);
    const hit = served === undefined ? undefined : this.cache.get(served);
    if (served !== undefined && hit) {
      this.cache.delete(served); // most recently used last
      this.cache.set(served, hit);
      return hit;
    }
    const key = requestKey(request);
    const abort = new AbortController();
    this.inFlight.set(key, abort);
    const promise = this.fetch(request, abort.signal).finally(() => {
      if (this.inFlight.get(key) === abort) {
        this.inFlight.delete(key); // answered (or failed): nothing left to cancel
      }
    });
    this.cache.set(key, promise);
    this.requests.set(key, request);
    promise.then(
      frame => {
        if (this.cache.get(key) === promise) {
          this.ready.set(key, frame);
        }
      },
      () => undefined
    );
    promise.catch(() => {
      if (this.cache.get(key) === promise) {
        this.forget(key); // failures are not cached (a newer ask may hold the key)
      }
    });
    while (this.cache.size > this.capacity) {
      const oldest = this.cache.keys().next().value as string;
      this.cancel(oldest);
      this.forget(oldest);
    }
    return promise;
  }

  /**
   * Cancel the requests still on their way that none of `wanted` is: frames stepped past are
   * not read, sent or decoded. Answered frames stay cached.
   */
  keepOnly(wanted: IFrameRequest[]): void {
    const keep = new Set(wanted.map(r => this.serving(r) ?? requestKey(r)));
    for (const key of [...this.inFlight.keys()]) {
      if (!keep.has(key)) {
        this.cancel(key);
        this.forget(key);
      }
    }
  }

  /**
   * What one frame costs, in milliseconds: the median of the recent answers' times, each
   * divided by the requests that were on their way with it (they share the server's cores).
   */
  get perFrameMs(): number | undefined {
    if (this.timings.length === 0) {
      return undefined;
    }
    const sorted = [...this.timings].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }

  /**
   * How long an answer takes to come back, in milliseconds: the shortest of the recent ones
   * (the least queued: what the server and the way to it take for one frame).
   */
  get latencyMs(): number | undefined {
    return this.latencies.length ? Math.min(...this.latencies) : undefined;
  }

  /** How many requests are on their way. */
  get pending(): number {
    return this.inFlight.size;
  }

  private cancel(key: string): void {
    this.inFlight.get(key)?.abort();
    this.inFlight.delete(key);
  }

  /** Ask for frames ahead of time; errors are left for load() to report. */
  prefetch(requests: IFrameRequest[]): void {
    for (const request of requests) {
      this.load(request).catch(() => undefined);
    }
  }

  /** The frame of a request if it is already in (answered and cached), else undefined. */
  peek(request: IFrameRequest): IImageFrame | undefined {
    const served = this.serving(request);
    return served === undefined ? undefined : this.ready.get(served);
  }

  has(request: IFrameRequest): boolean {
    return this.serving(request) !== undefined;
  }

  private async fetch(
    request: IFrameRequest,
    signal: AbortSignal
  ): Promise<IImageFrame> {
    mark('nxviz:frame-asked');
    const started = performance.now();
    const sharing = Math.max(1, this.inFlight.size);
    const frame = await this.api.image(
      { ...request, percentiles: this.percentiles.join(',') },
      signal
    );
    mark('nxviz:frame-in');
    const took = performance.now() - started;
    this.timings.push(took / sharing);
    this.latencies.push(took);
    if (this.timings.length > TIMED) {
      this.timings.shift();
      this.latencies.shift();
    }
    return frame;
  }
}
