// A (…, H, W, 3) dataset drawn as a colour image on a canvas, leading axes sliced.
import React, { useEffect, useRef, useState } from 'react';

import { FileApi } from '../api/endpoints';
import { useLatest } from '../common/useLatest';
import { strideFor } from './complex';
import { problemSentence } from '../common/problems';
import { rgbaPixels } from './rgb';
import { Slicer } from './Slicer';

/** Pixels per axis read; larger images are read with a step. */
const AXIS_LIMIT = 2048;

export interface IRgbViewProps {
  api: FileApi;
  path: string;
  shape: number[];
}

export function RgbView(props: IRgbViewProps): React.ReactElement {
  const { api, path, shape } = props;
  const sliced = shape.slice(0, -3);
  const [height, width] = shape.slice(-3, -1);
  const [indices, setIndices] = useState<number[]>(() => sliced.map(() => 0));
  const steps = [strideFor(height, AXIS_LIMIT), strideFor(width, AXIS_LIMIT)];
  const selection = [
    ...indices.map(String),
    steps[0] > 1 ? `0:${height}:${steps[0]}` : ':',
    steps[1] > 1 ? `0:${width}:${steps[1]}` : ':',
    ':'
  ].join(',');
  const read = useLatest(`rgb:${path}:${selection}`, signal =>
    api.array(path, selection, signal)
  );
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drawn, setDrawn] = useState('');
  useEffect(() => {
    const element = canvas.current;
    if (read.status !== 'ready' || !element) {
      return;
    }
    const [h, w] = read.value.shape.slice(-3, -1);
    element.width = w;
    element.height = h;
    const context = element.getContext('2d');
    if (!context) {
      return;
    }
    const integer = /^[<>|=]?[iub]/.test(read.value.dtype);
    const pixels = rgbaPixels(read.value.data, h, w, integer);
    context.putImageData(new ImageData(pixels, w, h), 0, 0);
    setDrawn(selection);
  }, [read]);

  return (
    <div
      className="jp-nxviz-rgb"
      data-nxviz-view="rgb"
      data-selection={selection}
      data-drawn={drawn}
    >
      <Slicer dims={sliced} indices={indices} onChange={setIndices} />
      {read.status === 'error' ? (
        <div className="jp-nxviz-problem">{problemSentence(read.error)}</div>
      ) : null}
      {read.status === 'loading' && !drawn ? (
        <div className="jp-nxviz-hint">Reading the image…</div>
      ) : null}
      <div className="jp-nxviz-rgb-box">
        <canvas
          ref={canvas}
          className="jp-nxviz-rgb-canvas"
          data-nxviz-plot="rgb"
          data-steps={steps.join(',')}
        />
      </div>
      <div className="jp-nxviz-plot-note">
        {height} × {width} RGB
        {steps[0] > 1 || steps[1] > 1
          ? ` at 1/${Math.max(...steps)} resolution (every n-th pixel)`
          : ''}
      </div>
    </div>
  );
}
