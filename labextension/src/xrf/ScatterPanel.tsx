// The correlation of two maps: a density image of (x, y) pixel values from the server; a box
// dragged on it, or a polygon clicked on it, highlights those pixels on the maps.
import { HTMLSelect } from '@jupyterlab/ui-components';
import React, { useEffect, useRef, useState } from 'react';

import { useLatest } from '../common/useLatest';
import { messageOf } from '../common/errors';
import { paintSlice } from '../common/paint';
import { ISelection, XrfApi } from './api';
import { IXrfMap, IXrfScatter } from './models';

/** Density rows with y increasing upwards (row 0 of the picture is the largest y). */
export function flipRows(counts: number[], bins: number): Float32Array {
  const out = new Float32Array(bins * bins);
  for (let y = 0; y < bins; y += 1) {
    out.set(counts.slice(y * bins, (y + 1) * bins), (bins - 1 - y) * bins);
  }
  return out;
}

/** A box in picture fractions (0..1, y down) to value ranges of the scatter's axes. */
export function boxRanges(
  scatter: IXrfScatter,
  box: [number, number, number, number]
): { x: [number, number]; y: [number, number] } {
  const [fx0, fx1, fy0, fy1] = box;
  const xv = (f: number) => scatter.x.min + f * (scatter.x.max - scatter.x.min);
  const yv = (f: number) => scatter.y.max - f * (scatter.y.max - scatter.y.min);
  return {
    x: [xv(Math.min(fx0, fx1)), xv(Math.max(fx0, fx1))],
    y: [yv(Math.max(fy0, fy1)), yv(Math.min(fy0, fy1))]
  };
}

/** A point in picture fractions (0..1, y down) to (x, y) values of the scatter's axes. */
export function pointValue(
  scatter: IXrfScatter,
  point: [number, number]
): [number, number] {
  return [
    scatter.x.min + point[0] * (scatter.x.max - scatter.x.min),
    scatter.y.max - point[1] * (scatter.y.max - scatter.y.min)
  ];
}

/** How close (in picture fractions) a click must come to the first vertex to close. */
const CLOSE = 0.03;

export function ScatterPanel(props: {
  xrf: XrfApi;
  maps: IXrfMap[];
  onSelect: (selection: ISelection | null) => void;
}): React.ReactElement {
  const { xrf, maps } = props;
  const [x, setX] = useState(maps[0]?.path ?? '');
  const [y, setY] = useState(maps[1]?.path ?? maps[0]?.path ?? '');
  const [box, setBox] = useState<[number, number, number, number] | null>(null);
  const [start, setStart] = useState<[number, number] | null>(null);
  const [tool, setTool] = useState<'box' | 'polygon'>('box');
  // a polygon being drawn (open) or drawn (closed), in picture fractions
  const [vertices, setVertices] = useState<[number, number][]>([]);
  const [closed, setClosed] = useState(false);
  const [note, setNote] = useState<string>('');
  const [asked, setAsked] = useState<string>('');
  const canvas = useRef<HTMLCanvasElement>(null);
  const scatter = useLatest(x && y ? `scatter:${x}:${y}` : null, signal =>
    xrf.scatter(x, y, 128, signal)
  );
  const value = scatter.status === 'ready' ? scatter.value : null;
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context || !value) {
      return;
    }
    const density = flipRows(value.counts, value.bins);
    const high = Math.max(1, ...value.counts);
    const rgba = paintSlice(
      density,
      { kind: 'log', low: 0, high, gamma: 1 },
      'greys-inverted'
    );
    context.putImageData(new ImageData(rgba, value.bins, value.bins), 0, 0);
  }, [value]);
  useEffect(() => {
    setBox(null);
    setVertices([]);
    setClosed(false);
    props.onSelect(null);
  }, [x, y, tool]);
  const fraction = (event: React.PointerEvent): [number, number] => {
    const r = event.currentTarget.getBoundingClientRect();
    const clamp = (t: number) => Math.min(1, Math.max(0, t));
    return [
      clamp((event.clientX - r.left) / r.width),
      clamp((event.clientY - r.top) / r.height)
    ];
  };
  const select = async (b: [number, number, number, number]): Promise<void> => {
    if (!value) {
      return;
    }
    const ranges = boxRanges(value, b);
    setAsked(`${ranges.x.join(':')},${ranges.y.join(':')}`);
    try {
      const selection = await xrf.select(x, y, ranges.x, ranges.y);
      const n = selection.mask.reduce((a, m) => a + (m ? 1 : 0), 0);
      setNote(`${n} pixels in the box, highlighted on the maps`);
      props.onSelect(selection);
    } catch (e) {
      setNote(messageOf(e));
    }
  };
  const selectPolygon = async (points: [number, number][]): Promise<void> => {
    if (!value) {
      return;
    }
    const values = points.map(p => pointValue(value, p));
    setAsked(values.map(v => v.join(':')).join(','));
    try {
      const selection = await xrf.selectPolygon(x, y, values);
      const n = selection.mask.reduce((a, m) => a + (m ? 1 : 0), 0);
      setNote(`${n} pixels in the polygon, highlighted on the maps`);
      props.onSelect(selection);
    } catch (e) {
      setNote(messageOf(e));
    }
  };
  const close = (points: [number, number][]): void => {
    setClosed(true);
    setVertices(points);
    void selectPolygon(points);
  };
  const place = (f: [number, number]): void => {
    const open = closed ? [] : vertices;
    const first = open[0];
    if (
      first !== undefined &&
      open.length >= 3 &&
      Math.hypot(f[0] - first[0], f[1] - first[1]) < CLOSE
    ) {
      close(open);
      return;
    }
    setClosed(false);
    setVertices([...open, f]);
  };
  const name = (path: string) => maps.find(m => m.path === path)?.name ?? path;
  return (
    <div
      className="jp-nxviz-xrf-scatter"
      data-nxviz-scatter={`${x}|${y}`}
      data-nxviz-box={asked}
    >
      <div className="jp-nxviz-xrf-controls">
        <label>
          <span className="jp-nxviz-control-label">x</span>
          <HTMLSelect
            aria-label="scatter x"
            value={x}
            onChange={e => setX(e.currentTarget.value)}
            options={maps.map(m => ({ value: m.path, label: m.name }))}
          />
        </label>
        <label>
          <span className="jp-nxviz-control-label">y</span>
          <HTMLSelect
            aria-label="scatter y"
            value={y}
            onChange={e => setY(e.currentTarget.value)}
            options={maps.map(m => ({ value: m.path, label: m.name }))}
          />
        </label>
        <label title="What the mouse draws on the density: a box (drag) or a polygon (click its corners, then the first one again or double-click)">
          <span className="jp-nxviz-control-label">draw</span>
          <HTMLSelect
            aria-label="scatter selection tool"
            value={tool}
            onChange={e => setTool(e.currentTarget.value as 'box' | 'polygon')}
            options={['box', 'polygon']}
          />
        </label>
        <span className="jp-nxviz-xrf-note" data-nxviz-selected={note}>
          {note ||
            (tool === 'box'
              ? 'Drag a box on the density to highlight its pixels on the maps.'
              : 'Click the corners of a polygon on the density, then the first one again.')}
        </span>
      </div>
      {scatter.status === 'error' ? (
        <div className="jp-nxviz-problem">{scatter.message}</div>
      ) : null}
      {value ? (
        <div className="jp-nxviz-xrf-scatter-body">
          <span className="jp-nxviz-xrf-scatter-y">
            {name(y)}: {value.y.min.toPrecision(3)} –{' '}
            {value.y.max.toPrecision(3)}
          </span>
          <div
            className="jp-nxviz-xrf-scatter-picture"
            data-nxviz-vertices={closed ? '' : vertices.length}
            onPointerDown={e => {
              if (tool !== 'box') {
                return;
              }
              e.currentTarget.setPointerCapture(e.pointerId);
              const f = fraction(e);
              setStart(f);
              setBox([f[0], f[0], f[1], f[1]]);
            }}
            onPointerMove={e => {
              if (start) {
                const f = fraction(e);
                setBox([start[0], f[0], start[1], f[1]]);
              }
            }}
            onPointerUp={e => {
              if (tool === 'polygon') {
                place(fraction(e));
                return;
              }
              setStart(null);
              if (
                box &&
                Math.abs(box[1] - box[0]) > 0.01 &&
                Math.abs(box[3] - box[2]) > 0.01
              ) {
                void select(box);
              }
            }}
            onDoubleClick={() => {
              if (tool === 'polygon' && !closed && vertices.length >= 3) {
                close(vertices);
              }
            }}
          >
            <canvas
              ref={canvas}
              width={value.bins}
              height={value.bins}
              aria-label="pixel density"
            />
            <svg viewBox="0 0 1 1" preserveAspectRatio="none">
              {box ? (
                <rect
                  className="jp-nxviz-xrf-region"
                  x={Math.min(box[0], box[1])}
                  y={Math.min(box[2], box[3])}
                  width={Math.abs(box[1] - box[0])}
                  height={Math.abs(box[3] - box[2])}
                  vectorEffect="non-scaling-stroke"
                />
              ) : null}
              {vertices.length > 0
                ? React.createElement(closed ? 'polygon' : 'polyline', {
                    className: 'jp-nxviz-xrf-region',
                    points: vertices.map(v => `${v[0]},${v[1]}`).join(' '),
                    vectorEffect: 'non-scaling-stroke'
                  })
                : null}
            </svg>
          </div>
          <span className="jp-nxviz-xrf-scatter-x">
            {name(x)}: {value.x.min.toPrecision(3)} –{' '}
            {value.x.max.toPrecision(3)}
          </span>
        </div>
      ) : scatter.status === 'loading' ? (
        <div className="jp-nxviz-hint">Counting pixel pairs on the server…</div>
      ) : null}
    </div>
  );
}
