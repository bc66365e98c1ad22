// Whether an entity opens in the XRF views: a cube of spectra, or a PyMca fit result.
// Metadata in, an answer out (never the size): `viewers/` consults it before frames and volumes.
import { IChildMeta, IEntityMeta, INexusInfo } from '../api/models';
import {
  IDataContext,
  isSpectrumCube,
  isTomography
} from '../common/dataContext';
import { dtypeKind, isNumericKind } from '../common/dtype';

/** What is known around a dataset, plus its own @interpretation (PyMca writes 'spectrum'). */
export interface ICubeContext extends IDataContext {
  interpretation?: string | null;
  /** the axes the dataset names in its own @axes (NeXus's older way: 'eta:chi:_mca_channel_') */
  ownAxes?: string[];
}

/** Names detectors and beamlines give stacks of spectra (mca, mca_0, spectra, xrf…). */
const CUBE_NAME = /^(mca|mcas|spectra|spectrum|xrf|fluo)([_-]?\d+)?$/i;
/** Application definitions and classes of fluorescence data. */
const XRF_CLASS = /^NX(fluo|xrf)/i;
/** The NXdata groups PyMca writes under a fit's `results`. */
const PYMCA_RESULTS = /^(parameters|uncertainties|massfractions)$/;

function baseName(path: string): string {
  return path.split('/').filter(Boolean).pop() ?? '';
}

function parentOf(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return `/${parts.slice(0, -1).join('/')}`;
}

function entryDefinition(
  nexus: INexusInfo | null | undefined,
  path: string
): string {
  return (
    nexus?.entries.find(e => path.startsWith(`${e.path}/`))?.definition ?? ''
  );
}

/**
 * A cube of spectra: a numeric rows × columns × channels dataset whose last axis is energy or
 * channels, as its metadata says: the NXdata's axis for it, the last of the axes it names in
 * its own @axes, @interpretation="spectrum", an NXfluo/NXxrf container or entry, or a
 * detector's name for spectra (mca…).
 */
export function isSpectraCube(
  meta: IChildMeta,
  path: string,
  context: ICubeContext = {}
): boolean {
  const shape = meta.shape;
  const kind = dtypeKind(meta);
  if (
    meta.type !== 'dataset' ||
    !Array.isArray(shape) ||
    shape.length !== 3 ||
    shape.some(n => n < 1) ||
    shape[2] < 2 ||
    !isNumericKind(kind) ||
    kind === 'bool' ||
    isTomography(context.nexus, path)
  ) {
    return false;
  }
  if (isSpectrumCube(shape, context)) {
    return true;
  }
  const own = context.ownAxes ?? [];
  if (own.length === 3 && isSpectrumCube(shape, { axisNames: own })) {
    return true; // e.g. SPEC's _mca_ beside the scan's NXdata signal
  }
  const names = context.axisNames ?? [];
  if (names.length === 3 && names[2] !== null) {
    return false; // an NXdata that names its last axis something else
  }
  return (
    context.interpretation === 'spectrum' ||
    XRF_CLASS.test(context.parentClass ?? '') ||
    XRF_CLASS.test(entryDefinition(context.nexus, path)) ||
    CUBE_NAME.test(baseName(path))
  );
}

function childNamed(meta: IEntityMeta, name: string): IChildMeta | undefined {
  return meta.children?.find(c => c.name === name);
}

/**
 * The PyMca fit result a group is or belongs to, by the structure PyMca writes: an NXprocess
 * holding `results` (NXdata `parameters`, `uncertainties`, `massfractions`…) and its
 * `configuration`; `results` itself; or one of those NXdata. Null for anything else.
 */
export function pymcaResultOf(meta: IEntityMeta, path: string): string | null {
  if (meta.type !== 'group' || !meta.children) {
    return null;
  }
  const results = childNamed(meta, 'results');
  // PyMca's `results` is a collection of NXdata; pyFAI's NXprocess (`results` an NXdata and a
  // `configuration` note) is no fit result
  if (
    results?.type === 'group' &&
    results.nx_class !== 'NXdata' &&
    childNamed(meta, 'configuration')
  ) {
    return path;
  }
  const holdsFitMaps = meta.children.some(
    c =>
      c.type === 'group' &&
      PYMCA_RESULTS.test(c.name) &&
      (c.nx_class ?? 'NXdata') === 'NXdata'
  );
  if (baseName(path) === 'results' && holdsFitMaps) {
    return parentOf(path);
  }
  if (
    meta.nx_class === 'NXdata' &&
    PYMCA_RESULTS.test(baseName(path)) &&
    baseName(parentOf(path)) === 'results'
  ) {
    return parentOf(parentOf(path));
  }
  return null;
}

/** The PyMca fit result the file's @default chain leads into, if any (for the root's view). */
export function pymcaDefaultOf(
  nexus: INexusInfo | null | undefined
): string | null {
  const chain = nexus?.default_chain ?? [];
  for (const path of [...chain, nexus?.default ?? '']) {
    const parts = path.split('/').filter(Boolean);
    const at = parts.lastIndexOf('results');
    if (at > 0 && at >= parts.length - 2) {
      const rest = parts.slice(at + 1);
      // a chain ending at `results` plots it: an NXdata (pyFAI's), not PyMca's collection
      const ends = path === chain[chain.length - 1] || path === nexus?.default;
      if ((rest.length === 0 && !ends) || PYMCA_RESULTS.test(rest[0] ?? '')) {
        return `/${parts.slice(0, at).join('/')}`;
      }
    }
  }
  return null;
}
