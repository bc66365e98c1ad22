// Whether an entity gets the slice view of volumes (metadata and the file's NeXus reading in).
import { IChildMeta, INexusInfo } from '../api/models';
import { isNumericKind, dtypeKind } from '../viewers/select';
import { prefersFrames } from '../frames';

/** The entry an entity at `path` belongs to, from the `nexus` reading. */
function entryOf(path: string, nexus: INexusInfo | null | undefined) {
  return nexus?.entries.find(
    e => path === e.path || path.startsWith(`${e.path.replace(/\/+$/, '')}/`)
  );
}

/**
 * A volume: a 3-D numeric dataset, each axis longer than 1, that is not a detector stack. The
 * frames of an NXtomo scan are a volume (projections, flats, darks, sinograms); an unsigned
 * `data` stack (how NXmx and NXdetector store frames) is one only in an entry without a
 * detector (a reconstruction). Before the NeXus reading arrives, only the metadata decides.
 */
export function isVolume(
  meta: IChildMeta,
  path: string,
  nexus?: INexusInfo | null
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
  const entry = entryOf(path, nexus);
  if (entry?.definition === 'NXtomo') {
    return true;
  }
  if (!prefersFrames({ ...meta, path })) {
    return true;
  }
  return entry !== undefined && entry.detectors.length === 0;
}
