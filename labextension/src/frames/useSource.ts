// What the Frames view needs before its first frame: the stack (from `meta`), the detector
// geometry (from `nexus`) and the pixel mask (from `data`), all through NxvizClient.
import { useEffect, useState } from 'react';

import { NxvizClient } from '../api/client';
import { FileApi } from '../api/endpoints';
import { NumericArray } from '../api/npy';
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

export function useFrameSource(
  client: NxvizClient,
  file: string,
  path: string
): { source?: IFrameSource; error?: string } {
  const [state, setState] = useState<{ source?: IFrameSource; error?: string }>(
    {}
  );
  useEffect(() => {
    const abort = new AbortController();
    const api = new FileApi(client, file);
    setState({});
    (async () => {
      const meta = await api.meta(path, abort.signal);
      const stack = frameStack(meta);
      if (!stack) {
        throw new Error(`${path} holds no stack of frames`);
      }
      let detector: IDetectorInfo = { geometry: {} };
      try {
        const answer = await client.json<INexusAnswer>(
          'nexus',
          { file },
          abort.signal
        );
        detector = detectorInfo(answer, stack.blocks[0].path);
      } catch (error) {
        if (abort.signal.aborted) {
          throw error;
        }
        // not NeXus: geometry stays editable by hand
      }
      setState({ source: { stack, detector } });
      if (detector.maskPath) {
        const mask = await loadMask(
          api,
          detector.maskPath,
          stack,
          abort.signal
        );
        if (mask) {
          setState({ source: { stack, detector, mask } });
        }
      }
    })().catch(error => {
      if (!abort.signal.aborted) {
        setState(s =>
          s.source ? s : { error: String(error?.message ?? error) }
        );
      }
    });
    return () => abort.abort();
  }, [client, file, path]);
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
