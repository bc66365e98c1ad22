// HDF5 datatypes in the viewer's terms: their kind and their name in words (shared by the
// tree, the inspector, the views and the technique folders' predicates).
import { IChildMeta, ITypeInfo } from '../api/models';

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

export function isNumericKind(kind: DtypeKind): boolean {
  return kind === 'integer' || kind === 'float' || kind === 'bool';
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
