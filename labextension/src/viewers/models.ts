// The views the viewer can show for an entity, as a discriminated union.

export interface IValueView {
  kind: 'value';
}

export interface ILineView {
  kind: 'line';
  /** number of points */
  length: number;
}

export interface IHeatmapView {
  kind: 'heatmap';
  /** full shape; the last two axes are displayed, the others sliced */
  shape: number[];
}

export interface ISlicedLineView {
  kind: 'sliced-line';
  /** full shape of a dataset shown as lines along its last axis (e.g. 2D of 1-point rows) */
  shape: number[];
}

export interface IMatrixView {
  kind: 'matrix';
  /** string (or other non-numeric) arrays: a virtualised grid of values */
  shape: number[];
}

export interface ICompoundView {
  kind: 'compound';
  /** compound arrays: a table with one column per member */
  shape: number[];
}

export interface IComplexView {
  kind: 'complex';
  /** complex arrays: amplitude, phase, real or imaginary part as line or heatmap */
  shape: number[];
}

export interface IGroupView {
  kind: 'group';
}

export interface IProblemView {
  kind: 'problem';
  /** one sentence: what is wrong and what can still be done */
  message: string;
}

export type ViewChoice =
  | IValueView
  | ILineView
  | IHeatmapView
  | ISlicedLineView
  | IMatrixView
  | ICompoundView
  | IComplexView
  | IGroupView
  | IProblemView;

export type ViewKind = ViewChoice['kind'];

export function isHeatmapView(view: ViewChoice): view is IHeatmapView {
  return view.kind === 'heatmap';
}

export function isLineView(view: ViewChoice): view is ILineView {
  return view.kind === 'line';
}

export function isProblemView(view: ViewChoice): view is IProblemView {
  return view.kind === 'problem';
}
