// Whether an entity gets the slice view of volumes (metadata and its context in).
import { IChildMeta } from '../api/models';
import { isNumericKind, dtypeKind } from '../common/dtype';
import {
  IDataContext,
  isSpectrumCube,
  isTomography
} from '../common/dataContext';

/**
 * A volume: a 3-D numeric dataset, each axis longer than 1, that is not a detector's image stack
 * nor a cube of spectra (the last axis an energy or channel axis). The frames of an NXtomo scan
 * are a volume (projections, flats, darks, sinograms), and so is a reconstruction. Before the
 * NeXus reading arrives, only the metadata decides. `detectorStack` says that the Frames view's
 * predicate takes the dataset as a detector's stack (the view chooser asks it first).
 */
export function isVolume(
  meta: IChildMeta,
  path: string,
  context: IDataContext = {},
  detectorStack = false
): boolean {
  const shape = meta.shape;
  if (
    meta.type !== 'dataset' ||
    !Array.isArray(shape) ||
    shape.length !== 3 ||
    shape.some(n => n < 2) ||
    !isNumericKind(dtypeKind(meta)) ||
    dtypeKind(meta) === 'bool'
  ) {
    return false;
  }
  if (isTomography(context.nexus, path)) {
    return true;
  }
  if (isSpectrumCube(shape, context)) {
    return false;
  }
  if (looksLikeFrames(meta, path)) {
    // an unsigned `data` stack (how NXmx and NXdetector store frames, and a detector's data
    // files hold them) is a volume only in an entry without a detector whose NXdata gives it
    // coordinates (a reconstruction)
    const entry = context.nexus?.entries.find(e =>
      path.startsWith(`${e.path}/`)
    );
    const placed = (context.axisNames ?? []).some(name => name !== null);
    return entry !== undefined && entry.detectors.length === 0 && placed;
  }
  return !detectorStack;
}

function looksLikeFrames(meta: IChildMeta, path: string): boolean {
  const name = path.split('/').filter(Boolean).pop() ?? '';
  const dtype = typeof meta.dtype === 'string' ? meta.dtype : '';
  return name === 'data' && /^[<>|=]?u\d$/.test(dtype);
}
