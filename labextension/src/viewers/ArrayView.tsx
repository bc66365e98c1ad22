// A numeric dataset as a line or a heatmap, its other axes sliced; only the newest request draws.
import React, { Suspense, useEffect, useRef, useState } from 'react';

import { FileApi } from '../api/endpoints';
import { IImageFrame } from '../api/image';
import { NumericArray } from '../api/npy';
import { useLatest } from '../common/useLatest';
import { frameSelection } from './select';
import { ILoadedFrame, loadFrame, reducedAxis } from './frames';
import { HeatmapPlot, LinePlot } from './lazy';
import { problemSentence } from '../common/problems';
import { IViewerSettings } from './settings';
import { parseRange } from './contrast';

function percentileQuery(settings: IViewerSettings): string {
  const range = parseRange(settings.percentiles);
  return `${range.low},${range.high}`;
}
import { Slicer } from './Slicer';
import { IAxisRef } from './nxdata';

export type { IAxisRef } from './nxdata';

export interface ISliceTarget {
  path: string;
  selection: string;
  /** the NXdata group the dataset is a signal of: its CSV holds the axis and errors too */
  nxdata?: string;
  /** the number of dimensions shown (1: a line, 2: an image) */
  rank?: number;
}

export interface IArrayViewProps {
  api: FileApi;
  path: string;
  shape: number[];
  mode: 'line' | 'heatmap';
  title: string;
  /** the values' label with units (the line's y axis, the map's colour bar) */
  valueLabel?: string;
  settings: IViewerSettings;
  /** one per dimension of the dataset */
  axes?: IAxisRef[];
  errors?: string | null;
  /** the scales the data is read on (canSAS I(Q): log-log) */
  scales?: { x: 'linear' | 'log'; y: 'linear' | 'log' } | null;
  onSlice?: (target: ISliceTarget) => void;
  /** the frame a stack's heatmap opens on (flat index over the sliced dimensions) */
  initialFrame?: number;
  /** detector images: lines leave masked, gap and saturated pixels out, as frames do */
  detector?: boolean;
}

/** Indices over `dims` of the flat index `flat` (C order), each held within its dimension. */
export function unravel(flat: number, dims: number[]): number[] {
  const out = dims.map(() => 0);
  let rest = Math.max(0, Math.floor(flat));
  for (let axis = dims.length - 1; axis >= 0; axis -= 1) {
    const n = Math.max(1, dims[axis]);
    out[axis] = rest % n;
    rest = Math.floor(rest / n);
  }
  if (rest > 0) {
    return dims.map(n => Math.max(0, n - 1)); // beyond the end: the last frame
  }
  return out;
}

function Loading(props: { what: string }): React.ReactElement {
  return <div className="jp-nxviz-hint jp-nxviz-loading">{props.what}</div>;
}

const SIZE_STEP = 128;

/** The element's size in device pixels, rounded up; null until it has been measured. */
function useSize(
  ref: React.RefObject<HTMLDivElement>
): { width: number; height: number } | null {
  const [size, setSize] = useState<{ width: number; height: number } | null>(
    null
  );
  useEffect(() => {
    const element = ref.current;
    if (!element) {
      return undefined;
    }
    const update = (): void => {
      const ratio = window.devicePixelRatio || 1;
      const width =
        Math.ceil((element.clientWidth * ratio) / SIZE_STEP) * SIZE_STEP;
      const height =
        Math.ceil((element.clientHeight * ratio) / SIZE_STEP) * SIZE_STEP;
      if (width > 0 && height > 0) {
        setSize(old =>
          old && old.width === width && old.height === height
            ? old
            : { width, height }
        );
      }
    };
    const observer = new ResizeObserver(update);
    observer.observe(element);
    update();
    return () => observer.disconnect();
  }, []);
  return size;
}

async function loadAxis(
  api: FileApi,
  axis: IAxisRef | undefined,
  signal: AbortSignal
): Promise<NumericArray | undefined> {
  if (!axis?.path) {
    return undefined;
  }
  try {
    const array = await api.array(axis.path, undefined, signal);
    return array.shape.length === 1 ? array.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One row of a detector frame from the `image` endpoint at full resolution: masked and gap
 * pixels come as NaN, saturated ones as +inf; both are left out of the line (NaN).
 */
async function loadDetectorRow(
  api: FileApi,
  path: string,
  shape: number[],
  indices: number[],
  signal: AbortSignal
): Promise<{ data: Float32Array }> {
  const cols = shape[shape.length - 1];
  const row = indices[indices.length - 1] ?? 0;
  const lead = indices.slice(0, Math.max(0, shape.length - 2));
  const frame = await api.image(
    {
      path,
      selection: lead.length ? lead.join(',') : undefined,
      region: `${row}:${row + 1},0:${cols}`,
      width: cols,
      height: 1
    },
    signal
  );
  const data = Float32Array.from(frame.data, v =>
    Number.isFinite(v) ? v : NaN
  );
  return { data };
}

/** Physical axes in the same units (or both without axes: pixels) keep their ratio. */
function sameUnits(x?: IAxisRef, y?: IAxisRef): boolean {
  if (!x?.path && !y?.path) {
    return true;
  }
  const a = (x?.units ?? '').trim();
  const b = (y?.units ?? '').trim();
  return a !== '' && a === b;
}

interface IDrawnFrame extends ILoadedFrame {
  /** the selection this frame was read for */
  selection: string;
}

interface ILineData {
  values: NumericArray;
  errors?: NumericArray;
}

export function ArrayView(props: IArrayViewProps): React.ReactElement {
  const { api, path, shape, mode, axes } = props;
  const shown = mode === 'heatmap' ? 2 : 1;
  const slicedDims = shape.slice(0, Math.max(0, shape.length - shown));
  const [indices, setIndices] = useState<number[]>(() =>
    mode === 'heatmap'
      ? unravel(props.initialFrame ?? 0, slicedDims)
      : slicedDims.map(() => 0)
  );
  const selection = frameSelection(indices, shown);
  const box = useRef<HTMLDivElement>(null);
  const size = useSize(box);
  const [region, setRegion] = useState<[number, number, number, number] | null>(
    null
  );
  const onSlice = props.onSlice;

  useEffect(() => {
    onSlice?.({ path, selection, rank: shown });
    setRegion(null);
  }, [path, selection]);

  const xAxis = axes?.[shape.length - 1];
  const yAxis = mode === 'heatmap' ? axes?.[shape.length - 2] : undefined;
  const axisValues = useLatest(
    `axes:${xAxis?.path}:${yAxis?.path}`,
    async signal => ({
      x: await loadAxis(api, xAxis, signal),
      y: await loadAxis(api, yAxis, signal)
    })
  );

  const frame = useLatest<IDrawnFrame>(
    mode === 'heatmap' && size
      ? `frame:${path}:${selection}:${size.width}x${size.height}`
      : null,
    async signal => ({
      selection,
      ...(await loadFrame(
        api,
        path,
        selection,
        size!,
        signal,
        undefined,
        percentileQuery(props.settings)
      ))
    })
  );
  // While the next frame loads, the last one stays drawn (no blank plot, no WebGL remount).
  const lastFrame = useRef<IDrawnFrame | null>(null);
  if (frame.status === 'ready') {
    lastFrame.current = frame.value;
  }
  const shownFrame = lastFrame.current;
  const regionFrame = useLatest<{
    frame: IImageFrame;
    region: [number, number, number, number];
  } | null>(
    mode === 'heatmap' &&
      region &&
      frame.status === 'ready' &&
      !frame.value.ignore
      ? `region:${path}:${selection}:${region.join(',')}`
      : null,
    async signal => {
      const loaded = await loadFrame(
        api,
        path,
        selection,
        size!,
        signal,
        region!
      );
      return { frame: loaded.frame, region: region! };
    }
  );
  const line = useLatest<ILineData>(
    mode === 'line' ? `line:${path}:${selection}` : null,
    async signal => {
      const [values, errors] = await Promise.all([
        props.detector
          ? loadDetectorRow(api, path, shape, indices, signal)
          : api.array(path, selection, signal),
        props.errors
          ? api.array(props.errors, selection, signal).catch(() => undefined)
          : undefined
      ]);
      return { values: values.data, errors: errors?.data };
    }
  );

  const axesReady =
    axisValues.status === 'ready'
      ? axisValues.value
      : { x: undefined, y: undefined };
  let body: React.ReactElement;
  if (mode === 'heatmap') {
    if (frame.status === 'error') {
      body = (
        <div className="jp-nxviz-problem">{problemSentence(frame.error)}</div>
      );
    } else if (!shownFrame) {
      body = <Loading what="Reading the frame…" />;
    } else {
      const f = shownFrame.frame;
      body = (
        <HeatmapPlot
          // new settings (colormap, scale, percentiles) restart the plot's controls from them
          key={JSON.stringify(props.settings)}
          frame={f}
          ignore={shownFrame.ignore}
          settings={props.settings}
          title={props.title}
          valueLabel={props.valueLabel}
          abscissaLabel={xAxis?.label}
          ordinateLabel={yAxis?.label}
          sameUnits={sameUnits(xAxis, yAxis)}
          abscissa={
            axesReady.x
              ? reducedAxis(axesReady.x, f.factors[1], f.shape[1])
              : undefined
          }
          ordinate={
            axesReady.y
              ? reducedAxis(axesReady.y, f.factors[0], f.shape[0])
              : undefined
          }
          onVisibleRegion={
            (f.factors[0] > 1 || f.factors[1] > 1) &&
            !axesReady.x &&
            !axesReady.y
              ? r => setRegion(r)
              : undefined
          }
          regionFrame={
            regionFrame.status === 'ready' ? regionFrame.value : null
          }
        />
      );
    }
  } else if (line.status === 'error') {
    body = (
      <div className="jp-nxviz-problem">{problemSentence(line.error)}</div>
    );
  } else if (line.status !== 'ready') {
    body = <Loading what="Reading the values…" />;
  } else {
    body = (
      <LinePlot
        values={line.value.values}
        title={props.title}
        abscissa={axesReady.x}
        abscissaLabel={xAxis?.label}
        ordinateLabel={props.valueLabel}
        unsorted={xAxis?.order === 'unsorted'}
        scales={props.scales ?? undefined}
        errors={line.value.errors}
      />
    );
  }
  return (
    <div
      className="jp-nxviz-array"
      data-nxviz-view={mode}
      data-selection={selection}
      data-drawn={
        mode === 'heatmap'
          ? (shownFrame?.selection ?? '')
          : line.status === 'ready'
            ? selection
            : ''
      }
    >
      <Slicer
        dims={slicedDims}
        labels={axes?.slice(0, slicedDims.length).map(a => a.label)}
        indices={indices}
        onChange={setIndices}
      />
      <div className="jp-nxviz-plot-box" ref={box}>
        <Suspense fallback={<Loading what="Loading the plotting library…" />}>
          {body}
        </Suspense>
      </div>
    </div>
  );
}
