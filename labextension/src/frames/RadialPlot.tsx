// The radial profile of the current frame as a line plot, versus q (Å⁻¹) or 2θ (°).
import React from 'react';

import { IRadialProfile, profilePeaks, RadialAxis } from './radial';

const W = 520;
const H = 180;
const PAD = { left: 48, right: 8, top: 8, bottom: 28 };

function ticks(low: number, high: number, n = 5): number[] {
  const span = high - low || 1;
  const step = Math.pow(10, Math.floor(Math.log10(span / n)));
  const nice =
    [1, 2, 5, 10].map(m => m * step).find(s => span / s <= n) ?? step * 10;
  const out: number[] = [];
  for (let t = Math.ceil(low / nice) * nice; t <= high; t += nice) {
    out.push(Number(t.toPrecision(6)));
  }
  return out;
}

export function RadialPlot(props: {
  profile?: IRadialProfile;
  axis: RadialAxis;
  onAxis: (axis: RadialAxis) => void;
  busy: boolean;
}): React.ReactElement {
  const { profile } = props;
  let body: React.ReactElement | null = null;
  let peaks: number[] = [];
  if (profile) {
    const finite = Array.from(profile.mean).filter(Number.isFinite);
    const yLow = Math.min(...finite);
    const yHigh = Math.max(...finite);
    const xHigh = profile.centres[profile.centres.length - 1] || 1;
    const sx = (x: number) =>
      PAD.left + (x / xHigh) * (W - PAD.left - PAD.right);
    const sy = (y: number) =>
      H -
      PAD.bottom -
      ((y - yLow) / (yHigh - yLow || 1)) * (H - PAD.top - PAD.bottom);
    const points: string[] = [];
    profile.mean.forEach((v, k) => {
      if (Number.isFinite(v)) {
        points.push(`${sx(profile.centres[k]).toFixed(1)},${sy(v).toFixed(1)}`);
      }
    });
    peaks = profilePeaks(profile.mean).map(k => profile.centres[k]);
    body = (
      <g>
        <polyline
          points={points.join(' ')}
          className="jp-nxviz-frames-profile-line"
        />
        {ticks(0, xHigh).map(t => (
          <text
            key={`x${t}`}
            x={sx(t)}
            y={H - PAD.bottom + 14}
            textAnchor="middle"
          >
            {t}
          </text>
        ))}
        {ticks(yLow, yHigh, 4).map(t => (
          <text key={`y${t}`} x={PAD.left - 4} y={sy(t) + 4} textAnchor="end">
            {t}
          </text>
        ))}
        <text x={W / 2} y={H - 2} textAnchor="middle">
          {props.axis === 'q' ? 'q (Å⁻¹)' : '2θ (°)'}
        </text>
      </g>
    );
  }
  return (
    <div
      className="jp-nxviz-frames-profile"
      data-axis={props.axis}
      data-peaks={peaks.map(p => p.toFixed(4)).join(',')}
      data-busy={props.busy}
    >
      <div>
        radial profile versus{' '}
        <select
          aria-label="profile axis"
          value={props.axis}
          onChange={e => props.onAxis(e.target.value as RadialAxis)}
        >
          <option value="q">q</option>
          <option value="twoTheta">2θ</option>
        </select>
        {props.busy ? ' …' : null}
      </div>
      <svg width={W} height={H}>
        <line
          x1={PAD.left}
          y1={H - PAD.bottom}
          x2={W - PAD.right}
          y2={H - PAD.bottom}
        />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} />
        {body}
      </svg>
    </div>
  );
}
