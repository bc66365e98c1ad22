// What the Frames view needs before its first frame: the stack (from `meta`), the detector
// geometry (from `nexus`) and the pixel mask (from `data`), through the file's FileApi, whose
// stack listing and NeXus reading may already have been asked for when the file opened.
import { useEffect, useRef, useState } from 'react';

import { unlessAborted } from '../api/abort';
import { FileApi } from '../api/endpoints';
import { NumericArray } from '../api/npy';
import { mark } from '../marks';
import { detectorInfo, IDetectorInfo, INexusAnswer } from './nexus';
import { frameStack, IFrameStack } from './stack';

/** Masks up to this many pixels are fetched whole; bigger ones every second pixel. */
export const FULL_MASK_PIXELS = 8 * 1024 * 1024;

export interface IMaskArray {
  data: NumericArray;
  /** rows, columns of `data` */
  shape: [number, number];
  /** 1: every pixel; 2: every second pixel of each axis */
  step: number;
}

export interface IFrameSource {
  stack: IFrameStack;
  detector: IDetectorInfo;
  mask?: IMaskArray;
}

/**
 * The stack and detector of `path`; the pixel mask is asked only once `maskWanted` (the first
 * frame is in), so that its full-resolution read never delays the first frame.
 */
export function useFrameSource(
  api: FileApi,
  path: string,
  maskWanted = true,
  onStack?: (stack: IFrameStack) => void
): { source?: IFrameSource; error?: string } {
  const stackSeen = useRef(onStack);
  stackSeen.current = onStack;
  const [state, setState] = useState<{ source?: IFrameSource; error?: string }>(
    {}
  );
  useEffect(() => {
    const abort = new AbortController();
    setState({});
    (async () => {
      // both asked at once (and perhaps already answered): the listing and the NeXus reading
      const nexus = api.nexusOnce();
      nexus.catch(() => undefined);
      const meta = await unlessAborted(api.listingOnce(path), abort.signal);
      const stack = frameStack(meta);
      if (!stack) {
        throw new Error(`${path} holds no stack of frames`);
      }
      let detector: IDetectorInfo = { geometry: {} };
      try {
        const answer: INexusAnswer = await unlessAborted(nexus, abort.signal);
        detector = detectorInfo(answer, stack.blocks[0].path);
      } catch (error) {
        if (abort.signal.aborted) {
          throw error;
        }
        // not NeXus: geometry stays editable by hand
      }
      mark('nxviz:frames-source');
      stackSeen.current?.(stack);
      setState({ source: { stack, detector } });
    })().catch(error => {
      if (!abort.signal.aborted) {
        setState({ error: String(error?.message ?? error) });
      }
    });
    return () => abort.abort();
  }, [api, path]);

  const base = state.source;
  const maskPath = maskWanted ? base?.detector.maskPath : undefined;
  useEffect(() => {
    if (!base || !maskPath || base.mask) {
      return undefined;
    }
    const abort = new AbortController();
    loadMask(api, maskPath, base.stack, abort.signal)
      .then(mask => {
        if (mask && !abort.signal.aborted) {
          setState(s =>
            s.source === base ? { source: { ...base, mask } } : s
          );
        }
      })
      .catch(() => undefined); // no mask classes shown; gaps still come as NaN in the frames
    return () => abort.abort();
  }, [api, base, maskPath]);
  return state;
}

async function loadMask(
  api: FileApi,
  maskPath: string,
  stack: IFrameStack,
  signal: AbortSignal
): Promise<IMaskArray | undefined> {
  const [rows, cols] = stack.frameShape;
  const step = rows * cols > FULL_MASK_PIXELS ? 2 : 1;
  const array = await api.array(
    maskPath,
    step === 1 ? undefined : '::2,::2',
    signal
  );
  if (array.shape.length !== 2) {
    return undefined;
  }
  if (
    Math.ceil(rows / step) !== array.shape[0] ||
    Math.ceil(cols / step) !== array.shape[1]
  ) {
    return undefined; // a mask of another shape than the frames
  }
  return { data: array.data, shape: [array.shape[0], array.shape[1]], step };
}
