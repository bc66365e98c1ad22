// The data hooks of the Frames view: the shown frame (newest answer only, next frames
// prefetched), the hover readout's raw values and ROI statistics.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';

import { FileApi, IImageRequest } from '../api/endpoints';
import { requestSize } from '../common/useSize';
import { DEFAULT_PERCENTILES } from './contrast';
import { IShownFrame } from './FrameCanvas';
import { FrameLoader, IFrameRequest, requestKey } from './loader';
import { IHover } from './Readout';
import { IRoiStats, regionParam, roiStats } from './roi';
import {
  combineRange,
  frameSelection,
  IFrameStack,
  locate,
  pixelSelection
} from './stack';
import { clampIndex } from './usePlayer';
import { IFrameSource } from './useSource';
import { isFull } from './view';

export type Combine = 'none' | 'sum' | 'max';

export interface IFrameQuery {
  combine: Combine;
  combineCount: number;
  /** full-resolution [r0, r1, c0, c1) to show */
  region: [number, number, number, number];
  width: number;
  height: number;
}

/** The image request of frame `index` of the series. */
export function frameRequest(
  stack: IFrameStack,
  index: number,
  q: IFrameQuery
): IFrameRequest {
  const address = locate(stack, index);
  const request: IFrameRequest = {
    path: address.path,
    selection: frameSelection(address),
    width: q.width,
    height: q.height,
    region: isFull(q.region, stack.frameShape)
      ? undefined
      : regionParam(q.region)
  };
  if (q.combine !== 'none') {
    request.frames = combineRange(stack, index, q.combineCount).frames;
    request.combine = q.combine;
    if (stack.group) {
      // the whole series' numbering: the server reads across the data files
      request.path = stack.group;
      request.selection = String(index);
    }
  }
  return request;
}

/** Where a frame is drawn: CSS pixels, and device pixels per CSS pixel. */
export interface IDrawArea {
  width: number;
  height: number;
  ratio: number;
}

/** The request of frame `index`, whole, at the size `area` draws it: what the view asks first. */
export function wholeFrameRequest(
  stack: IFrameStack,
  index: number,
  q: Pick<IFrameQuery, 'combine' | 'combineCount'>,
  area: IDrawArea
): IFrameRequest {
  const whole: [number, number, number, number] = [
    0,
    stack.frameShape[0],
    0,
    stack.frameShape[1]
  ];
  const [width, height] = requestSize(
    whole,
    area.width,
    area.height,
    area.ratio
  );
  return frameRequest(stack, index, { ...q, region: whole, width, height });
}

/**
 * The image request of the frame a stack opens on (`index`, clamped to the stack), for an area
 * at most `area`: asked ahead of the Frames view (FileApi.imageAhead), it answers the view's
 * first request, made with the view's default statistics at the view's own, smaller or equal,
 * size.
 */
export function openingFrameImage(
  stack: IFrameStack,
  index: number,
  area: IDrawArea
): IImageRequest {
  const request = wholeFrameRequest(
    stack,
    clampIndex(index, stack.count),
    { combine: 'none', combineCount: 1 },
    area
  );
  return { ...request, percentiles: DEFAULT_PERCENTILES.join(',') };
}

/**
 * Indices shown after `index`: the next `ahead` frames, wrapping around; going back
 * (`direction` -1), the ones before it.
 */
export function nextIndices(
  index: number,
  count: number,
  stride: number,
  ahead: number,
  direction: 1 | -1 = 1
): number[] {
  const out: number[] = [];
  for (let k = 1; k <= ahead && k * stride < count; k += 1) {
    out.push((((index + direction * k * stride) % count) + count) % count);
  }
  return out;
}

export function useShownFrame(
  loader: FrameLoader,
  stack: IFrameStack | undefined,
  index: number,
  query: IFrameQuery,
  ahead: number,
  direction: 1 | -1 = 1
): { shown?: IShownFrame; error?: string } {
  const [state, setState] = useState<{ shown?: IShownFrame; error?: string }>(
    {}
  );
  const asked = useRef(0);
  const drawn = useRef(0);
  /** the answer the newest ask waits for (none when it was in already) */
  const awaited = useRef<Promise<unknown>>();
  const key = stack ? requestKey(frameRequest(stack, index, query)) : '';
  // a frame already in (prefetched) is shown by this very render: set during render, React
  // renders the view again at once, before committing, so a step commits once, with no wait
  // for the answer's promise and no second render of the whole view
  const ready = stack
    ? loader.peek(frameRequest(stack, index, query))
    : undefined;
  const current = state.shown;
  if (
    ready &&
    (current?.frame !== ready ||
      current.index !== index ||
      current.region.join(',') !== query.region.join(','))
  ) {
    setState({ shown: { frame: ready, region: query.region, index } });
  }
  // asked as soon as the render is committed, one page paint earlier than a passive effect
  useLayoutEffect(() => {
    if (!stack) {
      return;
    }
    const request = frameRequest(stack, index, query);
    const seq = ++asked.current;
    const stride = query.combine === 'none' ? 1 : query.combineCount;
    const upcoming = nextIndices(
      index,
      stack.count,
      stride,
      ahead,
      direction
    ).map(i => frameRequest(stack, i, query));
    // frames asked for earlier and no longer wanted (stepped past) are cancelled
    loader.keepOnly([request, ...upcoming]);
    const prefetch = () => {
      if (seq === asked.current) {
        loader.prefetch(upcoming);
      }
    };
    if (loader.peek(request)) {
      drawn.current = seq; // shown by the render: no answer asked before may replace it
      awaited.current = undefined;
      prefetch();
      return;
    }
    const answer = loader.load(request);
    awaited.current = answer;
    answer
      .then(frame => {
        if (seq !== asked.current && awaited.current === answer) {
          return; // the newest ask waits for this same answer (a resize): drawn once, by it
        }
        if (seq > drawn.current) {
          drawn.current = seq; // an older answer arriving later is never drawn
          // rendered and drawn in this very task: a scheduled render would often wait behind
          // the page's next paint, one frame late
          flushSync(() =>
            setState({ shown: { frame, region: query.region, index } })
          );
        }
        // the next frames are asked once this one is in: they never slow the frame asked for
        prefetch();
      })
      .catch(error => {
        if (seq === asked.current) {
          setState(s => ({ ...s, error: String(error?.message ?? error) }));
        }
      });
  }, [loader, key, ahead, direction]);
  return state;
}

export function useHoverValues(
  api: FileApi,
  source: IFrameSource | undefined,
  index: number,
  pixel: [number, number] | undefined
): IHover | undefined {
  const [hover, setHover] = useState<IHover>();
  const x = pixel ? Math.floor(pixel[1]) : -1;
  const y = pixel ? Math.floor(pixel[0]) : -1;
  // the frame whose value is read: none while nothing is hovered, so a step then changes
  // nothing here (no state set, no render of the view)
  const hovered = x < 0 ? -1 : index;
  useEffect(() => {
    if (!source || x < 0) {
      setHover(undefined);
      return undefined;
    }
    const mask = source.mask;
    const maskValue =
      mask && mask.step === 1
        ? Number(mask.data[y * mask.shape[1] + x])
        : undefined;
    setHover({ x, y, mask: maskValue });
    const abort = new AbortController();
    const timer = window.setTimeout(async () => {
      const address = locate(source.stack, hovered);
      const selection = pixelSelection(address, y, x);
      try {
        const value = Number(
          await api.value(address.path, selection, abort.signal)
        );
        let bits = maskValue;
        if (bits === undefined && source.detector.maskPath) {
          bits = Number(
            await api.value(source.detector.maskPath, `${y},${x}`, abort.signal)
          );
        }
        setHover({ x, y, value, mask: bits });
      } catch {
        // hover moved on or the read failed: the readout keeps what it has
      }
    }, 60);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [api, source, hovered, x, y]);
  return hover;
}

/** Sum, mean and max of a rectangle at full resolution (at most 4096 pixels a side). */
export function useRoiStats(
  loader: FrameLoader,
  stack: IFrameStack | undefined,
  index: number,
  query: IFrameQuery,
  roi: [number, number, number, number] | undefined
): IRoiStats | undefined {
  const [stats, setStats] = useState<IRoiStats>();
  // without a rectangle a step changes nothing here (no state set, no render of the view)
  const frameKey =
    stack && roi
      ? requestKey(
          frameRequest(stack, index, { ...query, width: 0, height: 0 })
        )
      : '';
  useEffect(() => {
    if (!stack || !roi) {
      setStats(undefined);
      return undefined;
    }
    let live = true;
    const request = frameRequest(stack, index, {
      ...query,
      region: roi,
      width: Math.min(4096, roi[3] - roi[2]),
      height: Math.min(4096, roi[1] - roi[0])
    });
    loader
      .load(request)
      .then(frame => live && setStats(roiStats(frame.data)))
      .catch(() => live && setStats(undefined));
    return () => {
      live = false;
    };
  }, [loader, frameKey, roi?.join(',')]);
  return stats;
}
