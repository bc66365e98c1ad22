// The server's reading of a default plot (the `plot` endpoint) in the form the views draw.
// Which NXdata, which signal, which axis per dimension, which uncertainties and scales: all
// decided once on the server (nxviz/hdf5/plot.py, nxviz/hdf5/nxdata.py).
import { IEntityMeta, IFieldInfo, IPlotInfo, INexusInfo } from '../api/models';

/** The coordinates of one dimension: an axis dataset, or none (the index). */
export interface IAxisRef {
  path: string | null;
  label: string;
  /** its units: axes in the same units keep their ratio on a map */
  units?: string | null;
  /** the order of its values; an unsorted axis is drawn as points */
  order?: 'increasing' | 'decreasing' | 'unsorted' | null;
}

/** A signal the plot can show: the NXdata signal or one of its auxiliary signals. */
export interface ISignalChoice {
  path: string;
  label: string;
}

export interface INxDataPlot {
  /** the NXdata group (or the dataset's parent for a dataset found by search) */
  group: string;
  signal: string;
  /** per signal dimension: an axis dataset path, or null */
  axes: (string | null)[];
  errors: string | null;
  auxiliaries: string[];
  title: string | null;
}

export interface IResolved {
  kind: 'resolved';
  plot: INxDataPlot;
  signal: IEntityMeta;
  /** the signal first, then the auxiliary signals of the same shape */
  signals: ISignalChoice[];
  axes: IAxisRef[];
  title: string;
  /** how the plot was chosen, in words (null when the file's @default names it) */
  note: string | null;
  /** y and x scales the data is read on (canSAS I(Q): log-log) */
  scales: { x: 'linear' | 'log'; y: 'linear' | 'log' } | null;
  /** the file's NeXus reading (null when it could not be read; absent until asked) */
  nexus?: INexusInfo | null;
}

export type Resolution =
  | IResolved
  | { kind: 'none'; note: string | null }
  | { kind: 'unreadable'; group: string; note: string };

export function fieldLabel(field: IFieldInfo): string {
  if (field.label) {
    return field.label;
  }
  // an older server: the same rule as the server's (units not already named in the label)
  const name = field.long_name ?? field.name;
  const units = field.units?.trim();
  return units && !name.split(/[\s()[\]]+/).includes(units)
    ? `${name} (${units})`
    : name;
}

function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

function sameShape(a: number[] | null, b: number[] | null): boolean {
  return !!a && !!b && a.length === b.length && a.every((n, i) => n === b[i]);
}

/** The views' form of the server's `plot` answer. */
export function resolvedFromPlot(info: IPlotInfo): Resolution {
  if (info.kind === 'unreadable') {
    return {
      kind: 'unreadable',
      group: info.path ?? '/',
      note: info.note ?? 'its signal cannot be read'
    };
  }
  const nxdata = info.nxdata;
  const field = nxdata ? nxdata.signal : info.dataset;
  if (info.kind === 'none' || !field || !field.shape) {
    return { kind: 'none', note: info.note };
  }
  const rank = field.shape.length;
  const byDimension = nxdata?.dimension_axes ?? [];
  const axes: IAxisRef[] = Array.from({ length: rank }, (_, i) => {
    const axis = byDimension[i];
    return axis
      ? {
          path: axis.path,
          label: fieldLabel(axis),
          units: axis.units,
          order: axis.order
        }
      : { path: null, label: `index ${i}` };
  });
  const auxiliaries = (nxdata?.auxiliary_signals ?? []).filter(a =>
    sameShape(a.shape, field.shape)
  );
  const errors =
    nxdata?.errors && sameShape(nxdata.errors.shape, field.shape)
      ? nxdata.errors.path
      : null;
  return {
    kind: 'resolved',
    plot: {
      group: nxdata ? nxdata.path : parentOf(field.path),
      signal: field.path,
      axes: axes.map(a => a.path),
      errors,
      auxiliaries: auxiliaries.map(a => a.path),
      title: nxdata?.title ?? null
    },
    signal: {
      name: field.name,
      path: field.path,
      type: 'dataset',
      shape: field.shape,
      dtype: field.dtype
    },
    signals: [field, ...auxiliaries].map(f => ({
      path: f.path,
      label: fieldLabel(f)
    })),
    axes,
    title: nxdata?.title ?? fieldLabel(field),
    note: info.chosen_by === 'default' ? null : info.note,
    scales: nxdata?.scales ?? null
  };
}
