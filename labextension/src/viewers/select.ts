// Which view an entity gets, from its metadata alone (no data read).
import { IChildMeta, ITypeInfo } from '../api/models';
import { ViewChoice } from './models';

/** HDF5 type classes (H5T_class_t) as h5grove reports them. */
export const H5T = {
  integer: 0,
  float: 1,
  time: 2,
  string: 3,
  bitfield: 4,
  opaque: 5,
  compound: 6,
  reference: 7,
  enum: 8,
  vlen: 9,
  array: 10
} as const;

export type DtypeKind =
  | 'integer'
  | 'float'
  | 'bool'
  | 'string'
  | 'enum'
  | 'compound'
  | 'complex'
  | 'other';

/** The kind of values of a dataset, from its type metadata (or its dtype string). */
export function dtypeKind(
  meta: Pick<IChildMeta, 'dtype' | 'type_info'>
): DtypeKind {
  const info: ITypeInfo | undefined = meta.type_info;
  const dtype = typeof meta.dtype === 'string' ? meta.dtype : undefined;
  if (info) {
    switch (info.class) {
      case H5T.integer:
        return 'integer';
      case H5T.float:
        return 'float';
      case H5T.string:
        return 'string';
      case H5T.enum:
        return isBoolEnum(info) ? 'bool' : 'enum';
      case H5T.compound:
        return isComplexCompound(info) ? 'complex' : 'compound';
      default:
        return 'other';
    }
  }
  if (dtype) {
    const code = dtype.replace(/^[<>|=]/, '');
    if (/^[iu]\d+$/.test(code)) {
      return 'integer';
    }
    if (/^f\d+$/.test(code)) {
      return 'float';
    }
    if (code === 'b1' || code === '?') {
      return 'bool';
    }
    if (/^c\d+$/.test(code)) {
      return 'complex';
    }
    if (/^[SUO]/.test(code)) {
      return 'string';
    }
  }
  if (meta.dtype !== null && typeof meta.dtype === 'object') {
    return 'compound';
  }
  return 'other';
}

function isBoolEnum(info: ITypeInfo): boolean {
  const members = info.members;
  if (!members || Array.isArray(members)) {
    return false;
  }
  const names = Object.keys(members).sort();
  return names.length === 2 && names[0] === 'FALSE' && names[1] === 'TRUE';
}

function isComplexCompound(info: ITypeInfo): boolean {
  const members = info.members;
  return (
    Array.isArray(members) &&
    members.length === 2 &&
    members[0].name === 'r' &&
    members[1].name === 'i'
  );
}

/** Enum arrays up to this size are listed with labels in the value view; larger ones go to the matrix. */
export const ENUM_VALUES_INLINE = 100;

export function isNumericKind(kind: DtypeKind): boolean {
  return kind === 'integer' || kind === 'float' || kind === 'bool';
}

function linkTarget(meta: IChildMeta): string {
  const file = meta.target_file ? `${meta.target_file}:` : '';
  return `${file}${meta.target_path ?? '?'}`;
}

/** The view an entity gets first; `problem` explains in one sentence what cannot be shown. */
export function chooseView(meta: IChildMeta): ViewChoice {
  if (meta.outside_root) {
    return {
      kind: 'problem',
      message: `This link points to ${linkTarget(meta)}, outside the server's root folder, so nxviz does not follow it; open that file from where it is served instead.`
    };
  }
  if (meta.dangling) {
    return {
      kind: 'problem',
      message: `This link points to ${linkTarget(meta)}, which does not exist; the file's other entities can still be browsed.`
    };
  }
  if (meta.refused) {
    return {
      kind: 'problem',
      message: `HDF5 would read this dataset's values from a file outside the server's root folder, so nxviz does not read them; its metadata and attributes are still shown in the inspector.`
    };
  }
  if (meta.type === 'group') {
    return { kind: 'group' };
  }
  if (meta.type !== 'dataset') {
    return {
      kind: 'problem',
      message: `This is a ${meta.type.replace('_', ' ')}, which holds no values to show; its metadata is in the inspector.`
    };
  }
  if (meta.shape === null || meta.shape === undefined) {
    return {
      kind: 'problem',
      message:
        'This dataset is empty (it has no dataspace); its attributes are in the inspector.'
    };
  }
  const kind = dtypeKind(meta);
  const shape = meta.shape;
  const size = shape.reduce((a, b) => a * b, 1);
  if (shape.length === 0) {
    return kind === 'other'
      ? {
          kind: 'problem',
          message: `The type ${describeDtype(meta)} cannot be shown; its metadata is in the inspector.`
        }
      : { kind: 'value' };
  }
  if (size === 0) {
    return {
      kind: 'problem',
      message: `This dataset has a zero-length dimension (${shape.join(' × ')}), so there is nothing to plot.`
    };
  }
  if (!isNumericKind(kind)) {
    if (kind === 'other') {
      return {
        kind: 'problem',
        message: `The type ${describeDtype(meta)} cannot be shown as values; its metadata is in the inspector.`
      };
    }
    if (size === 1 || (kind === 'enum' && size <= ENUM_VALUES_INLINE)) {
      return { kind: 'value' };
    }
    if (kind === 'complex' || kind === 'compound') {
      return { kind, shape };
    }
    return { kind: 'matrix', shape };
  }
  const dims = shape.filter(n => n > 1);
  if (size === 1) {
    return { kind: 'value' };
  }
  if (dims.length === 1 || shape.length === 1) {
    return shape.length === 1
      ? { kind: 'line', length: shape[0] }
      : { kind: 'sliced-line', shape };
  }
  return { kind: 'heatmap', shape };
}

/** A dtype in words: 'uint32', 'float64', 'string', 'compound {a, b}', 'enum {OFF, ON}'. */
export function describeDtype(
  meta: Pick<IChildMeta, 'dtype' | 'type_info'>
): string {
  const info = meta.type_info;
  const kind = dtypeKind(meta);
  const dtype = typeof meta.dtype === 'string' ? meta.dtype : '';
  const code = dtype.replace(/^[<>|=]/, '');
  const order = dtype.startsWith('>') ? ' (big-endian)' : '';
  switch (kind) {
    case 'integer': {
      const bits = info ? info.size * 8 : Number(code.slice(1)) * 8;
      const unsigned = info ? info.sign === 0 : code.startsWith('u');
      return `${unsigned ? 'uint' : 'int'}${bits}${order}`;
    }
    case 'float':
      return `float${info ? info.size * 8 : Number(code.slice(1)) * 8}${order}`;
    case 'bool':
      return 'bool';
    case 'string':
      return info?.vlen
        ? 'string (variable length)'
        : `string (${info?.size ?? '?'} bytes)`;
    case 'enum': {
      const members = info?.members;
      const labels =
        members && !Array.isArray(members)
          ? Object.keys(members).join(', ')
          : '';
      return `enum {${labels}}`;
    }
    case 'complex':
      return `complex${info ? info.size * 8 : ''}`;
    case 'compound': {
      const members = info?.members;
      const names = Array.isArray(members)
        ? members.map(m => m.name ?? '?').join(', ')
        : '';
      return `compound {${names}}`;
    }
    default:
      return dtype || (info ? `HDF5 type class ${info.class}` : 'unknown type');
  }
}

/** 'HDF5 selection' text for one frame of an nD dataset: indices of the sliced axes, then ':'. */
export function frameSelection(indices: number[], shownAxes: number): string {
  return [...indices.map(String), ...Array(shownAxes).fill(':')].join(',');
}
