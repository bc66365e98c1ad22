// Spectra against energy (or channel) in one SVG: several curves, log or linear counts, the
// emission lines of chosen elements, an energy window dragged with the mouse, residuals below.
import React, { useRef, useState } from 'react';

import { Axes } from '../common/Axes';
import { niceTicks, tickLabels } from '../common/ticks';
import { useSize } from '../common/useSize';
import { IXrfLine } from './models';

export interface ICurve {
  id: string;
  label: string;
  energy: number[];
  /** null: no value (NaN in the file), a gap in the curve */
  values: (number | null)[];
  /** a CSS colour, e.g. 'var(--jp-brand-color1)' */
  colour: string;
  dashed?: boolean;
}

export interface ISpectrumPlotProps {
  curves: ICurve[];
  /** 'energy / keV', or 'channel' when the file gives no calibration */
  xLabel: string;
  yLabel?: string;
  log: boolean;
  lines?: IXrfLine[];
  /** the energy window shown (and its map asked), null for none */
  window?: [number, number] | null;
  onWindow?: (window: [number, number]) => void;
  /** drawn in a second panel under the spectra, on the same energy axis */
  residuals?: ICurve | null;
  height?: number;
  /** the energy axis' extent (the cube's); else that of the curves */
  xRange?: [number, number];
  /** a legend of the curves under the plot (default true) */
  legend?: boolean;
}

const PAD = { left: 60, right: 12, top: 10, bottom: 38 };
const RESIDUAL_HEIGHT = 80;

/** A value to draw: a finite number (not null, NaN or infinite). */
function isValue(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function range(values: (number | null)[], positive: boolean): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (isValue(v) && (!positive || v > 0)) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
  }
  return low <= high ? [low, high] : [positive ? 1 : 0, positive ? 10 : 1];
}

/** Ticks of a log axis: the powers of ten inside [low, high] (at least the ends). */
function logTicks(low: number, high: number): number[] {
  const out: number[] = [];
  for (
    let k = Math.floor(Math.log10(low));
    k <= Math.ceil(Math.log10(high));
    k += 1
  ) {
    const t = Math.pow(10, k);
    if (t >= low * 0.999 && t <= high * 1.001) {
      out.push(t);
    }
  }
  return out.length > 0 ? out : [low, high];
}

/** What a curve holds, for tests and the curious: its length, sum, maximum and where. */
export function curveSummary(curve: ICurve): {
  label: string;
  n: number;
  sum: number;
  max: number;
  at: number | null;
} {
  let sum = 0;
  let max = -Infinity;
  let at: number | null = null;
  curve.values.forEach((v, i) => {
    if (isValue(v)) {
      sum += v;
      if (v > max) {
        max = v;
        at = curve.energy[i] ?? i;
      }
    }
  });
  return { label: curve.label, n: curve.values.length, sum, max, at };
}

/** The plot, drawn again only when one of its props changes (see CubeView's hover). */
export const SpectrumPlot = React.memo(function SpectrumPlot(
  props: ISpectrumPlotProps
): React.ReactElement {
  const area = useRef<HTMLDivElement>(null);
  const { size } = useSize(area);
  const width = Math.max(240, size[0]);
  const height = props.height ?? 260;
  const [drag, setDrag] = useState<[number, number] | null>(null);
  const { curves, log } = props;
  const allX = curves.flatMap(c => c.energy);
  const [x0, x1raw] = props.xRange ?? range(allX, false);
  const x1 = x1raw > x0 ? x1raw : x0 + 1;
  const [ylow, yhigh] = range(
    curves.flatMap(c => c.values),
    log
  );
  const y0 = log ? Math.max(ylow, 0.5) : Math.min(0, ylow);
  const y1 = yhigh > y0 ? yhigh : y0 + 1;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * plotW;
  const fromX = (px: number) => x0 + ((px - PAD.left) / plotW) * (x1 - x0);
  const sy = (y: number) => {
    const t = log
      ? (Math.log10(Math.max(y, y0)) - Math.log10(y0)) /
        (Math.log10(y1) - Math.log10(y0) || 1)
      : (y - y0) / (y1 - y0);
    return PAD.top + plotH - Math.min(1, Math.max(0, t)) * plotH;
  };
  // a missing value breaks the line
  const path = (curve: ICurve, scaleY: (v: number) => number): string => {
    const parts: string[] = [];
    let pen = 'M';
    curve.values.forEach((v, i) => {
      const x = curve.energy[i];
      if (isValue(v) && isValue(x)) {
        parts.push(`${pen}${sx(x).toFixed(1)},${scaleY(v).toFixed(1)}`);
        pen = 'L';
      } else {
        pen = 'M';
      }
    });
    return parts.join('');
  };
  const xTicks = niceTicks(x0, x1, Math.max(3, Math.floor(plotW / 70)));
  const xText = tickLabels(xTicks);
  const yTicks = log ? logTicks(y0, y1) : niceTicks(y0, y1, 4);
  const yText = log
    ? yTicks.map(t => (t >= 1e4 || t < 1e-2 ? t.toExponential(0) : String(t)))
    : tickLabels(yTicks);
  const shownWindow = drag ?? props.window ?? null;
  const pointerX = (event: React.PointerEvent<SVGRectElement>): number => {
    const box = event.currentTarget.getBoundingClientRect();
    return fromX(PAD.left + event.clientX - box.left);
  };
  const lines = (props.lines ?? []).filter(
    l => l.energy >= x0 && l.energy <= x1
  );
  const residuals = props.residuals;
  let residualPanel: React.ReactElement | null = null;
  if (residuals) {
    const [rlow, rhigh] = range(residuals.values, false);
    const top = Math.max(Math.abs(rlow), Math.abs(rhigh), 1e-9);
    const rh = RESIDUAL_HEIGHT - 16;
    const ry = (v: number) => 4 + rh / 2 - (v / top) * (rh / 2);
    residualPanel = (
      <svg
        width={width}
        height={RESIDUAL_HEIGHT}
        className="jp-nxviz-xrf-residuals"
        role="img"
        aria-label="residuals"
      >
        <line
          className="jp-nxviz-xrf-axis"
          x1={PAD.left}
          x2={PAD.left + plotW}
          y1={ry(0)}
          y2={ry(0)}
        />
        <path
          d={path(residuals, ry)}
          style={{ stroke: residuals.colour }}
          className="jp-nxviz-xrf-curve"
        />
        <text className="jp-nxviz-xrf-label" x={4} y={ry(0) + 4}>
          residuals
        </text>
        <text
          className="jp-nxviz-xrf-tick"
          x={PAD.left - 6}
          y={ry(top) + 8}
          textAnchor="end"
        >
          {top.toPrecision(2)}
        </text>
      </svg>
    );
  }
  return (
    <div
      ref={area}
      className="jp-nxviz-xrf-spectrum"
      data-nxviz-scale={log ? 'log' : 'linear'}
      data-nxviz-curves={JSON.stringify(curves.map(curveSummary))}
      data-nxviz-window={props.window ? props.window.join(':') : ''}
      data-nxviz-xscale={`${PAD.left},${plotW},${x0},${x1}`}
      data-nxviz-lines={lines.map(l => `${l.element} ${l.line}`).join(',')}
    >
      <svg width={width} height={height} role="img" aria-label="spectrum">
        <defs>
          <clipPath id="jp-nxviz-xrf-clip">
            <rect x={PAD.left} y={PAD.top} width={plotW} height={plotH} />
          </clipPath>
        </defs>
        {shownWindow ? (
          <rect
            className="jp-nxviz-xrf-window"
            x={sx(Math.min(...shownWindow))}
            width={Math.abs(sx(shownWindow[1]) - sx(shownWindow[0]))}
            y={PAD.top}
            height={plotH}
          />
        ) : null}
        <g clipPath="url(#jp-nxviz-xrf-clip)">
          {curves.map(curve => (
            <path
              key={curve.id}
              className="jp-nxviz-xrf-curve"
              data-curve={curve.id}
              d={path(curve, sy)}
              style={{
                stroke: curve.colour,
                strokeDasharray: curve.dashed ? '4 3' : undefined
              }}
            />
          ))}
        </g>
        {lines.map((l, i) => (
          <g
            key={`${l.element}-${l.line}-${i}`}
            className="jp-nxviz-xrf-emission"
            data-element={l.element}
          >
            <line
              x1={sx(l.energy)}
              x2={sx(l.energy)}
              y1={PAD.top + plotH}
              y2={
                PAD.top +
                plotH * (1 - 0.85 * Math.max(0.15, Math.min(1, l.intensity)))
              }
            />
            {l.intensity >= 0.3 ? (
              <text x={sx(l.energy) + 2} y={PAD.top + 10 + (i % 3) * 11}>
                {`${l.element} ${l.label}`}
              </text>
            ) : null}
          </g>
        ))}
        <Axes
          classPrefix="jp-nxviz-xrf"
          area={{ left: PAD.left, top: PAD.top, width: plotW, height: plotH }}
          height={height}
          xTicks={xTicks}
          xText={xText}
          yTicks={yTicks}
          yText={yText}
          sx={sx}
          sy={sy}
          xLabel={props.xLabel}
          yLabel={`${props.yLabel ?? 'counts'}${log ? ' (log)' : ''}`}
        />
        {props.onWindow ? (
          <rect
            className="jp-nxviz-xrf-drag"
            x={PAD.left}
            y={PAD.top}
            width={plotW}
            height={plotH}
            onPointerDown={event => {
              event.currentTarget.setPointerCapture(event.pointerId);
              const x = pointerX(event);
              setDrag([x, x]);
            }}
            onPointerMove={event => {
              if (drag) {
                setDrag([drag[0], pointerX(event)]);
              }
            }}
            onPointerUp={() => {
              if (drag && Math.abs(sx(drag[1]) - sx(drag[0])) > 3) {
                const [a, b] = drag;
                props.onWindow?.([Math.min(a, b), Math.max(a, b)]);
              }
              setDrag(null);
            }}
          />
        ) : null}
      </svg>
      {residualPanel}
      {props.legend === false ? null : (
        <div className="jp-nxviz-xrf-legend">
          {curves.map(c => (
            <span key={c.id} className="jp-nxviz-xrf-legend-item">
              <span
                className="jp-nxviz-xrf-swatch"
                style={{ background: c.colour }}
              />
              {c.label}
            </span>
          ))}
        </div>
      )}
    </div>
  );
});
