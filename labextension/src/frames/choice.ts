// The Frames view's predicate: whether a dataset is detector data (frames open by default), a
// stack the view may show (offered), or something else (a spectrum cube, a tomography volume).
// Metadata in, an answer out: `viewers/` consults it to choose the default view.
import { IChildMeta, IDetectorGeometry, INexusInfo } from '../api/models';
import {
  baseName,
  entryOf,
  IDataContext,
  isSpectrumCube,
  isTomography
} from '../common/dataContext';
import { frameStack, StackMeta } from './stack';

/**
 * 'detector': NXmx/NXdetector images (a stack, or a single 2D image), opened in frames;
 * 'stack': a 3D+ numeric stack with no sign of a detector, frames offered only;
 * 'none': not for frames (1D/2D data, a spectrum cube, a tomography volume).
 */
export type FramesFit = 'detector' | 'stack' | 'none';

const BLOCK_NAME = /^data_\d{6}$/;

/** The NXdetector whose `data` is this dataset (by path or by the link it was reached by). */
export function detectorOf(
  meta: IChildMeta,
  path: string,
  nexus: INexusInfo | null | undefined
): IDetectorGeometry | undefined {
  const target = meta.link?.type === 'soft' ? meta.link.target_path : undefined;
  for (const entry of nexus?.entries ?? []) {
    for (const detector of entry.detectors) {
      if (
        detector.data &&
        (detector.data === path || detector.data === target)
      ) {
        return detector;
      }
    }
  }
  return undefined;
}

function isDetectorData(
  meta: IChildMeta,
  path: string,
  context: IDataContext
): boolean {
  if (BLOCK_NAME.test(baseName(path))) {
    return true; // an Eiger block (data_000001…)
  }
  if (context.parentClass === 'NXdetector') {
    return true;
  }
  if (detectorOf(meta, path, context.nexus)) {
    return true;
  }
  // NXmx's NXdata holds the detector's images
  const entry = entryOf(context.nexus, path);
  return entry?.definition === 'NXmx' && context.parentClass === 'NXdata';
}

function isUnsigned(dtype: unknown): boolean {
  return typeof dtype === 'string' && /^[<>|=]?u\d$/.test(dtype);
}

/** How the Frames view fits the dataset (or group of Eiger blocks) at `path`. */
export function framesFit(
  meta: StackMeta,
  path: string,
  context: IDataContext = {}
): FramesFit {
  const shape = meta.shape ?? [];
  const stack = frameStack({ ...meta, path });
  if (!stack) {
    return 'none';
  }
  if (isTomography(context.nexus, path) || isSpectrumCube(shape, context)) {
    return 'none';
  }
  if (isDetectorData(meta, path, context)) {
    return 'detector';
  }
  if (meta.type === 'group' && stack.group) {
    return 'detector'; // a group of Eiger blocks
  }
  const frames = shape.slice(0, -2).reduce((n, length) => n * length, 1);
  if (shape.length < 3 || frames <= 1) {
    // a 2D image outside a detector (also 1 × rows × columns, as pyFAI writes its cake): the
    // heatmap
    return 'none';
  }
  // outside NeXus, an unsigned stack named `data` is how detectors write frames
  const plain = !context.parentClass || context.parentClass === 'NXdetector';
  if (plain && baseName(path) === 'data' && isUnsigned(meta.dtype)) {
    return 'detector';
  }
  return 'stack';
}

/** Whether the detector's geometry holds anything to draw rings from or to complete by hand. */
export function hasDiffractionGeometry(detector?: IDetectorGeometry): boolean {
  if (!detector) {
    return false;
  }
  const centre = Object.values(detector.beam_center ?? {});
  return (
    detector.distance !== null ||
    detector.wavelength !== null ||
    centre.some(v => v !== null && v !== undefined)
  );
}
