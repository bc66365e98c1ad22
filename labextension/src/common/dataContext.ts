// What several views ask of a dataset's context: the NeXus entry holding it, whether that entry is
// a tomography scan, whether the dataset is a cube of spectra. Metadata in, an answer out.
import { INexusInfo } from '../api/models';

/** What is known around a dataset: the file's NeXus reading and the group holding it. */
export interface IDataContext {
  /** the `nexus` answer (undefined: not read yet, or not a NeXus file) */
  nexus?: INexusInfo | null;
  /** NX_class of the group holding the dataset */
  parentClass?: string | null;
  /** name (or label) of the axis the holding NXdata gives each dimension, null for none */
  axisNames?: (string | null)[];
}

/** Axis names of spectra: a cube whose last axis is one of these is a map of spectra. */
const SPECTRUM_AXIS =
  /(^|[_\s])(energy|energies|channels?|mca|wavelength|wavenumber|e)([_\s(]|$)/i;

export function baseName(path: string): string {
  return path.split('/').filter(Boolean).pop() ?? '';
}

export function entryOf(
  nexus: INexusInfo | null | undefined,
  path: string
): INexusInfo['entries'][number] | undefined {
  return nexus?.entries.find(e => path.startsWith(`${e.path}/`));
}

/** The NeXus entry holding `path` is a tomography scan (NXtomo, NXtomoproc, …). */
export function isTomography(
  nexus: INexusInfo | null | undefined,
  path: string
): boolean {
  return /^NXtomo/i.test(entryOf(nexus, path)?.definition ?? '');
}

/** The last axis is an energy or channel axis: a cube of spectra, not of images. */
export function isSpectrumCube(
  shape: number[],
  context: IDataContext
): boolean {
  const names = context.axisNames ?? [];
  const last = names.length === shape.length ? names[shape.length - 1] : null;
  return shape.length >= 3 && !!last && SPECTRUM_AXIS.test(last);
}
