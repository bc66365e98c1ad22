// The slice view of volumes (NXtomo scans, reconstructions): one component and its predicate.
export { VolumeView } from './VolumeView';
export type { IVolumeViewProps } from './VolumeView';
export { isVolume } from './predicate';
