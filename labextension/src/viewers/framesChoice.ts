// Whether a dataset gets the Frames view (labextension/src/frames) or the slice view of volumes
// (labextension/src/volumes), offered or by default: each folder's predicate decides from the
// dataset's metadata and its context.
import { IChildMeta, INexusInfo } from '../api/models';
import { IDataContext } from '../common/dataContext';
import { framesFit, stackPathOf } from '../frames';
import { isVolume } from '../volumes/predicate';
import { ICubeContext, isSpectraCube } from '../xrf/predicate';
import { ViewMode } from './ModeSwitch';

export interface IStackModes {
  modes: ViewMode[];
  preferred: ViewMode;
  /** what the Frames view opens: the stack, or the group holding data_NNNNNN blocks */
  framesPath: string;
  /** detector images: every view leaves masked, gap and saturated pixels out */
  detector?: boolean;
}

/** The context of an NXdata signal: the file's NeXus reading and the plot's axes. */
export function plotContext(
  nexus: INexusInfo | null | undefined,
  axes: { path: string | null; label: string }[]
): IDataContext {
  return {
    nexus,
    parentClass: 'NXdata',
    axisNames: axes.map(a =>
      a.path ? `${a.path.split('/').pop() ?? ''} ${a.label}` : null
    )
  };
}

/** Axis labels of a detector frame: frame number, then pixel rows and columns. */
export function detectorAxes(
  rank: number
): { path: string | null; label: string }[] {
  const tail = ['y (pixels)', 'x (pixels)'];
  return Array.from({ length: rank }, (_, i) => ({
    path: null,
    label:
      i >= rank - 2 ? tail[i - (rank - 2)] : i === 0 ? 'frame' : `axis ${i}`
  }));
}

/**
 * Modes of a 2D+ numeric dataset at `path`; `group` when it is an NXdata signal. A cube of
 * spectra opens in the XRF view; a volume (NXtomo frames, a reconstruction, a 3-D stack that is
 * no detector's) in the slice view.
 */
export function stackModes(
  meta: IChildMeta,
  path: string,
  group?: string,
  context: ICubeContext = {}
): IStackModes {
  if (isSpectraCube(meta, path, context)) {
    return {
      modes: ['xrf', 'heatmap', 'line'],
      preferred: 'xrf',
      framesPath: path
    };
  }
  const fit = framesFit(meta, path, context);
  if (isVolume(meta, path, context, fit === 'detector')) {
    return {
      modes: ['volume', 'heatmap', 'line'],
      preferred: 'volume',
      framesPath: path
    };
  }
  if (fit === 'none') {
    return {
      modes: ['heatmap', 'line'],
      preferred: 'heatmap',
      framesPath: path
    };
  }
  return {
    modes: ['frames', 'heatmap', 'line'],
    preferred: fit === 'detector' ? 'frames' : 'heatmap',
    framesPath: group ? stackPathOf(group, path) : path,
    detector: fit === 'detector'
  };
}
