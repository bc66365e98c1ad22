// Wire types of /nxviz/api/, mirrored from nxviz/server/models.py.

export type EntityType =
  'group' | 'dataset' | 'soft_link' | 'external_link' | 'datatype' | 'other';

/** h5grove's type metadata (`type_info`): `class` is the HDF5 type class number. */
export interface ITypeInfo {
  class: number;
  dtype: unknown;
  size: number;
  order?: number;
  sign?: number;
  vlen?: boolean;
  cset?: number;
  members?: ITypeInfo[] | Record<string, number>;
  name?: string;
  base?: ITypeInfo;
  dims?: number[];
}

export interface IAttributeMeta {
  name: string;
  dtype?: unknown;
  shape?: number[] | null;
  type_info?: ITypeInfo;
}

export interface ILinkInfo {
  type: 'soft' | 'external';
  target_path: string;
  target_file?: string;
}

export interface IFilterInfo {
  id: number | string;
  name: string;
}

export interface IChildMeta {
  name: string;
  type: EntityType;
  nx_class?: string | null;
  shape?: number[] | null;
  dtype?: unknown;
  type_info?: ITypeInfo;
  chunks?: number[] | null;
  filters?: IFilterInfo[] | null;
  link?: ILinkInfo;
  target_path?: string;
  target_file?: string;
  dangling?: boolean;
  outside_root?: boolean;
  /** a dataset whose values HDF5 would read from a file outside the root: why it is refused */
  refused?: string;
  /** e.g. missing virtual sources, read as the fill value */
  notes?: string[];
}

/** `meta`: one entity; groups add one page of children. */
export interface IEntityMeta extends IChildMeta {
  path: string;
  /** One page of attributes, in name order. */
  attributes?: IAttributeMeta[];
  attributes_total?: number;
  attributes_offset?: number;
  attributes_limit?: number;
  children?: IChildMeta[];
  total?: number;
  offset?: number;
  limit?: number;
}

export interface IGroupMeta extends IEntityMeta {
  type: 'group';
  children: IChildMeta[];
  total: number;
  offset: number;
  limit: number;
}

/** `attr`: attribute values by name. */
export type AttributeValues = Record<string, unknown>;

export type Severity = 'error' | 'warning' | 'info';

export interface IFinding {
  severity: Severity;
  code: string;
  path: string;
  message: string;
  nxdl?: string | null;
}

export interface IValidatedEntry {
  path: string;
  definition: string | null;
}

export interface IFileReport {
  file: string;
  entries: IValidatedEntry[];
  findings: IFinding[];
  counts: Record<string, number>;
}

/** `validate`: the validation report. */
export interface IValidationReport {
  nxviz: string;
  nxdl: string;
  files: IFileReport[];
}

export interface IDefinitionInfo {
  name: string;
  title: string;
  file: string;
}

export interface IDefinitionsListing {
  nxdl: string;
  source: string;
  definitions: IDefinitionInfo[];
}

export interface IErrorBody {
  code: string;
  message: string;
}

export function isGroupMeta(meta: IChildMeta): meta is IGroupMeta {
  return meta.type === 'group' && Array.isArray((meta as IGroupMeta).children);
}

export function isLinkUnresolved(meta: IChildMeta): boolean {
  return meta.dangling === true || meta.outside_root === true;
}

/** `nexus`: a field of an NXdata group. */
export interface IFieldInfo {
  name: string;
  path: string;
  shape: number[] | null;
  dtype: string;
  units: string | null;
  long_name: string | null;
  /** "long_name (units)", or the name (absent from older servers) */
  label?: string;
  /** axes: @AXISNAME_indices */
  indices?: number[];
  /** 1-D axes: the order of their values */
  order?: 'increasing' | 'decreasing' | 'unsorted' | null;
}

export interface INxDataInfo {
  path: string;
  signal: IFieldInfo | null;
  /** null for '.' (no coordinates on that dimension) */
  axes: (IFieldInfo | null)[];
  /** per signal dimension: its 1-D axis, or null (absent from older servers) */
  dimension_axes?: (IFieldInfo | null)[];
  errors: IFieldInfo | null;
  auxiliary_signals: IFieldInfo[];
  title: string | null;
  /** the scales the data is read on (canSAS I(Q): log-log) */
  scales?: { x: 'linear' | 'log'; y: 'linear' | 'log' } | null;
}

/** `plot`: the plot a group opens on, and which rule chose it (nxviz/server/models.py). */
export interface IPlotInfo {
  kind: 'nxdata' | 'dataset' | 'unreadable' | 'none';
  path: string | null;
  chain: string[];
  chosen_by: 'default' | 'rules' | 'search' | null;
  /** why, in words: a missing @default, the NeXus rule or the search used */
  note: string | null;
  nxdata: INxDataInfo | null;
  dataset: IFieldInfo | null;
}

/** `nexus`: an NXmx detector's geometry in SI units (nxviz/server/models.py DetectorGeometry). */
export interface IDetectorGeometry {
  path: string;
  beam_center: Record<string, number | null>;
  distance: number | null;
  wavelength: number | null;
  pixel_size: Record<string, number | null>;
  pixel_mask: string | null;
  saturation_value: number | null;
  data: string | null;
}

export interface IEntryInfo {
  path: string;
  definition: string | null;
  title: string | null;
  default_plot: string | null;
  nxdata: INxDataInfo | null;
  detectors: IDetectorGeometry[];
}

/** `nexus`: the file's NeXus reading. */
export interface IWalkInfo {
  visited: number;
  truncated: boolean;
  reason: 'objects' | 'children' | 'time' | null;
}

export interface INexusInfo {
  /** the NXdata the @default chain ends on */
  default: string | null;
  default_chain: string[];
  entries: IEntryInfo[];
  /** `meta` of `default` (first page of children); absent from older servers */
  default_meta?: IEntityMeta | null;
  /** How far the bounded walk went, and which limit stopped it. */
  walk?: IWalkInfo;
  /** the root's `plot` answer (absent from older servers) */
  plot?: IPlotInfo;
}

/** `search`: one entity whose name (or path, or NX_class) matched. */
export interface ISearchHit {
  path: string;
  name: string;
  /** soft and external links are reported as links, never followed */
  type: EntityType;
  nx_class?: string;
  target_path?: string;
  target_file?: string;
}

/** `search`: names containing the query, breadth-first, without reading data. */
export interface ISearchAnswer {
  /** the query as searched (stripped) */
  query: string;
  results: ISearchHit[];
  /** the walk stopped early: there may be more */
  truncated: boolean;
  reason: 'limit' | 'visits' | 'time' | null;
  /** links looked at */
  visited: number;
}

/** `volume`: one physical axis of a volume (values null: index coordinates). */
export interface IVolumeAxis {
  name: string | null;
  units: string | null;
  values: number[] | null;
}

/** `volume`: the NXtomo scan whose frames a volume holds. */
export interface INxTomoInfo {
  entry: string;
  counts: Record<'projections' | 'flats' | 'darks' | 'invalid', number>;
  frames: Record<'projections' | 'flats' | 'darks' | 'invalid', number[]>;
  rotation_angle: number[] | null;
  rotation_angle_units: string | null;
}

/** `volume`: what the slice view needs to know of a 3-D dataset. */
export interface IVolumeInfo {
  path: string;
  shape: [number, number, number];
  dtype: string;
  chunks: number[] | null;
  /** refinement levels of a slice along each axis */
  levels: [number, number, number];
  axes: [IVolumeAxis, IVolumeAxis, IVolumeAxis];
  long_name: string | null;
  units: string | null;
  nxtomo: INxTomoInfo | null;
}

/** `slice`: the X-Nxviz-Slice header of one level of a slice. */
export interface ISliceMeta {
  shape: [number, number];
  image_shape: [number, number];
  factors: [number, number];
  dtype: string;
  axis: number;
  index: number;
  /** dataset axes along the picture's rows and columns */
  axes: [number, number];
  level: number;
  levels: number;
  stride: number;
  complete: boolean;
  decoded: number;
  chunks_total: number;
  chunks_shown: number;
  corrected: boolean;
  /** the volume's pyramid level that answered (null or absent: the volume itself) */
  pyramid?: number | null;
  min: number | null;
  max: number | null;
  percentiles: Record<string, number | null>;
}

/** `profile`: the geometry a radial profile was computed with (pixels, m, Å). */
export interface IProfileGeometry {
  beam_x: number;
  beam_y: number;
  distance: number;
  wavelength: number;
  pixel_x: number;
  pixel_y: number;
}

/** `profile`: a frame's azimuthal average; masked, gap and saturated pixels left out. */
export interface IProfileAnswer {
  axis: 'q' | 'two_theta';
  unit: '1/angstrom' | 'deg';
  centres: number[];
  /** null: no valid pixel in the bin */
  mean: (number | null)[];
  counts: number[];
  /** indices of the bins that stand out as rings */
  peaks: number[];
  bin_width: number | null;
  valid: number;
  excluded: number;
  frame_shape: number[];
  index: number[];
  geometry: IProfileGeometry;
}
