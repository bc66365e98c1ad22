// Complex data as a line or heatmap of its amplitude, phase, real or imaginary part.
import React, { Suspense, useMemo, useState } from 'react';

import { FileApi } from '../api/endpoints';
import { IImageFrame } from '../api/image';
import { useLatest } from '../common/useLatest';
import { COMPLEX_PARTS, ComplexPart, complexPart, strideFor } from './complex';
import { HeatmapPlot, LinePlot } from './lazy';
import { problemSentence } from '../common/problems';
import { IViewerSettings } from './settings';
import { Slicer } from './Slicer';

/** Points per axis read for a heatmap; larger slices are read with a step. */
const HEATMAP_AXIS_LIMIT = 1024;

export interface IComplexViewProps {
  api: FileApi;
  path: string;
  shape: number[];
  mode: 'line' | 'heatmap';
  settings: IViewerSettings;
}

export function ComplexView(props: IComplexViewProps): React.ReactElement {
  const { api, path, shape, mode } = props;
  const shown = mode === 'heatmap' ? 2 : 1;
  const sliced = shape.slice(0, shape.length - shown);
  const displayed = shape.slice(shape.length - shown);
  const [indices, setIndices] = useState<number[]>(() => sliced.map(() => 0));
  const [part, setPart] = useState<ComplexPart>('amplitude');
  const steps = displayed.map(n =>
    mode === 'heatmap' ? strideFor(n, HEATMAP_AXIS_LIMIT) : 1
  );
  const selection = [
    ...indices.map(String),
    ...displayed.map((n, i) => (steps[i] > 1 ? `0:${n}:${steps[i]}` : ':'))
  ].join(',');
  const read = useLatest(`complex:${path}:${selection}`, signal =>
    api.array(path, selection, signal)
  );
  const values = useMemo(
    () =>
      read.status === 'ready' && read.value.complex
        ? complexPart(read.value.data, part)
        : null,
    [read, part]
  );

  let body: React.ReactElement;
  if (read.status === 'error') {
    body = (
      <div className="jp-nxviz-problem">{problemSentence(read.error)}</div>
    );
  } else if (read.status === 'ready' && !read.value.complex) {
    body = (
      <div className="jp-nxviz-problem">
        The server sent {read.value.dtype} values, not complex ones; the matrix
        view still shows them.
      </div>
    );
  } else if (!values || read.status !== 'ready') {
    body = <div className="jp-nxviz-hint">Reading the values…</div>;
  } else if (mode === 'line') {
    body = <LinePlot values={values} title={`${path} (${part})`} />;
  } else {
    const got = read.value.shape.slice(-2);
    const frame: IImageFrame = {
      shape: [got[0], got[1]],
      data: values,
      fullShape: displayed,
      factors: [steps[0], steps[1]],
      percentiles: {}
    };
    body = (
      <HeatmapPlot
        key={JSON.stringify(props.settings)}
        frame={frame}
        settings={props.settings}
        title={`${path} (${part})`}
        reduction="every n-th point"
      />
    );
  }
  return (
    <div
      className="jp-nxviz-complex"
      data-nxviz-view={mode}
      data-part={part}
      data-selection={selection}
      data-drawn={values ? `${selection}:${part}` : ''}
    >
      <div className="jp-nxviz-modes" role="radiogroup" aria-label="Part">
        {COMPLEX_PARTS.map(p => (
          <button
            key={p}
            role="radio"
            aria-checked={p === part}
            data-part={p}
            className={`jp-nxviz-mode${p === part ? ' jp-mod-active' : ''}`}
            onClick={() => setPart(p)}
          >
            {p}
          </button>
        ))}
      </div>
      <Slicer dims={sliced} indices={indices} onChange={setIndices} />
      <div className="jp-nxviz-plot-box">
        <Suspense
          fallback={
            <div className="jp-nxviz-hint">Loading the plotting library…</div>
          }
        >
          {body}
        </Suspense>
      </div>
    </div>
  );
}
