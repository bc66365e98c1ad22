// The XRF views (spectra cubes, PyMca fit results): one component and its predicates.
export { XrfView } from './XrfView';
export type { IXrfViewProps } from './XrfView';
export { isSpectraCube, pymcaResultOf } from './predicate';
export type { ICubeContext } from './predicate';
export { usePymcaResult } from './usePymcaResult';
