// Several 2-D maps read at once (each once per view), for the mosaic, the RGB composite…
import { useEffect, useState } from 'react';

import { IImageFrame } from '../api/image';
import { messageOf } from '../common/errors';
import { XrfApi } from './api';
import { mapLimits } from './MapCanvas';

export interface IMapsState {
  frames: Map<string, IImageFrame>;
  errors: Map<string, string>;
}

export function useMaps(xrf: XrfApi, paths: string[]): IMapsState {
  const [state, setState] = useState<IMapsState>({
    frames: new Map(),
    errors: new Map()
  });
  const key = paths.join('\n');
  useEffect(() => {
    const controller = new AbortController();
    for (const path of paths) {
      if (state.frames.has(path)) {
        continue;
      }
      xrf.map(path, null, controller.signal).then(
        frame =>
          setState(old => ({
            ...old,
            frames: new Map(old.frames).set(path, frame)
          })),
        (error: unknown) => {
          if (!controller.signal.aborted) {
            setState(old => ({
              ...old,
              errors: new Map(old.errors).set(path, messageOf(error))
            }));
          }
        }
      );
    }
    return () => controller.abort();
  }, [key]);
  return state;
}

/** One colour scale for all the frames: the lowest low and the highest high of their limits. */
export function sharedLimits(
  frames: IImageFrame[]
): [number, number] | undefined {
  if (frames.length === 0) {
    return undefined;
  }
  const limits = frames.map(mapLimits);
  const low = Math.min(...limits.map(l => l[0]));
  const high = Math.max(...limits.map(l => l[1]));
  return [low, high > low ? high : low + 1];
}
