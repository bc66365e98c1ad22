// Which view an entity gets, from its metadata alone (no data read).
import { IChildMeta } from '../api/models';
import { describeDtype, dtypeKind, isNumericKind } from '../common/dtype';
import { ViewChoice } from './models';

/** Enum arrays up to this size are listed with labels in the value view; larger ones go to the matrix. */
export const ENUM_VALUES_INLINE = 100;

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

/** 'HDF5 selection' text for one frame of an nD dataset: indices of the sliced axes, then ':'. */
export function frameSelection(indices: number[], shownAxes: number): string {
  return [...indices.map(String), ...Array(shownAxes).fill(':')].join(',');
}
