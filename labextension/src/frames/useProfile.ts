// The radial profile of the shown frame, asked of the server (`profile`), which reads the frame
// at full resolution and leaves masked, gap and saturated pixels out; the view only draws it.
import { useEffect, useState } from 'react';

import { FileApi, IProfileRequest } from '../api/endpoints';
import { IProfileAnswer } from '../api/models';
import { IGeometry, isComplete } from './geometry';
import { IFrameStack } from './stack';
import { frameRequest, IFrameQuery } from './useFrames';

export type RadialAxis = 'q' | 'two_theta';

/** The profile request of frame `index` (combined as the view combines it). */
export function profileRequest(
  stack: IFrameStack,
  index: number,
  query: IFrameQuery,
  geometry: IGeometry,
  axis: RadialAxis
): IProfileRequest {
  const frame = frameRequest(stack, index, {
    ...query,
    region: [0, stack.frameShape[0], 0, stack.frameShape[1]]
  });
  return {
    path: frame.path,
    selection: frame.selection,
    frames: frame.frames,
    combine: frame.combine,
    axis,
    geometry: {
      beam_x: geometry.beamX,
      beam_y: geometry.beamY,
      distance: geometry.distance,
      wavelength: geometry.wavelength,
      pixel_x: geometry.pixelX,
      pixel_y: geometry.pixelY
    }
  };
}

export function useRadialProfile(
  api: FileApi,
  stack: IFrameStack | undefined,
  index: number,
  query: IFrameQuery,
  geometry: Partial<IGeometry>,
  axis: RadialAxis,
  enabled: boolean
): { profile?: IProfileAnswer; busy: boolean; error?: string } {
  const [state, setState] = useState<{
    profile?: IProfileAnswer;
    busy: boolean;
    error?: string;
  }>({ busy: false });
  const complete = isComplete(geometry) ? geometry : undefined;
  const request =
    enabled && stack && complete
      ? profileRequest(stack, index, query, complete, axis)
      : undefined;
  const key = JSON.stringify(request ?? null);
  useEffect(() => {
    if (!request) {
      setState(s => ({ profile: s.profile, busy: false }));
      return undefined;
    }
    const abort = new AbortController();
    setState(s => ({ profile: s.profile, busy: true }));
    api
      .profile(request, abort.signal)
      .then(profile => setState({ profile, busy: false }))
      .catch(error => {
        if (!abort.signal.aborted) {
          setState({ busy: false, error: String(error?.message ?? error) });
        }
      });
    return () => abort.abort();
  }, [api, key]);
  return state;
}
