// Whether an image stack gets the Frames view (labextension/src/frames), offered or by default.
import { IChildMeta, INexusInfo } from '../api/models';
import { isFrameStack, prefersFrames, stackPathOf } from '../frames';
import { isVolume } from '../volumes/predicate';
import { ViewMode } from './ModeSwitch';

export interface IStackModes {
  modes: ViewMode[];
  preferred: ViewMode;
  /** what the Frames view opens: the stack, or the group holding data_NNNNNN blocks */
  framesPath: string;
}

/**
 * Modes of a 3D+ numeric dataset at `path`; `group` when it is an NXdata signal. A volume
 * (labextension/src/volumes: NXtomo frames, a reconstruction) opens in the slice view.
 */
export function stackModes(
  meta: IChildMeta,
  path: string,
  group?: string,
  nexus?: INexusInfo | null
): IStackModes {
  const located = { ...meta, path };
  if (isVolume(meta, path, nexus)) {
    return {
      modes: ['volume', 'heatmap', 'line'],
      preferred: 'volume',
      framesPath: path
    };
  }
  if ((meta.shape?.length ?? 0) < 3 || !isFrameStack(located)) {
    return {
      modes: ['heatmap', 'line'],
      preferred: 'heatmap',
      framesPath: path
    };
  }
  return {
    modes: ['frames', 'heatmap', 'line'],
    preferred: prefersFrames(located) ? 'frames' : 'heatmap',
    framesPath: group ? stackPathOf(group, path) : path
  };
}
