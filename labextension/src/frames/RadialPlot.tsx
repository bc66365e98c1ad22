// The radial profile the server computed (`profile`), drawn as a line plot that fits its panel,
// with labelled axes: q (Å⁻¹) or 2θ (°) against the mean intensity of the valid pixels.
import { HTMLSelect } from '@jupyterlab/ui-components';
import React, { useRef } from 'react';

import { IProfileAnswer } from '../api/models';
import { Axes } from '../common/Axes';
import { niceTicks, tickLabels } from '../common/ticks';
import { useSize } from '../common/useSize';
import { RadialAxis } from './useProfile';

const HEIGHT = 190;
const PAD = { left: 56, right: 10, top: 8, bottom: 40 };

const AXIS_LABEL: Record<RadialAxis, string> = {
  q: 'q / Å⁻¹',
  two_theta: '2θ / °'
};

export function RadialPlot(props: {
  profile?: IProfileAnswer;
  axis: RadialAxis;
  onAxis: (axis: RadialAxis) => void;
  busy: boolean;
  error?: string;
}): React.ReactElement {
  const { profile } = props;
  const box = useRef<HTMLDivElement>(null);
  const area = useSize(box);
  const width = Math.max(160, area.measured ? area.size[0] : 0);
  let body: React.ReactElement | null = null;
  let peaks: number[] = [];
  const shown = profile && profile.axis === props.axis ? profile : undefined;
  if (shown && shown.centres.length > 1) {
    const finite = shown.mean.filter((v): v is number => v !== null);
    const yLow = Math.min(0, ...finite);
    const yHigh = Math.max(...finite, yLow + 1);
    const half = (shown.bin_width ?? 0) / 2;
    const xHigh = shown.centres[shown.centres.length - 1] + half;
    const plotW = width - PAD.left - PAD.right;
    const plotH = HEIGHT - PAD.top - PAD.bottom;
    const sx = (x: number) => PAD.left + (x / xHigh) * plotW;
    const sy = (y: number) =>
      PAD.top + plotH - ((y - yLow) / (yHigh - yLow)) * plotH;
    const segments: string[] = [];
    let pen = 'M';
    shown.mean.forEach((v, k) => {
      if (v === null) {
        pen = 'M'; // a bin without valid pixels breaks the line
        return;
      }
      segments.push(
        `${pen}${sx(shown.centres[k]).toFixed(1)},${sy(v).toFixed(1)}`
      );
      pen = 'L';
    });
    peaks = shown.peaks.map(k => shown.centres[k]);
    const xTicks = niceTicks(0, xHigh, Math.max(3, Math.floor(plotW / 60)));
    const yTicks = niceTicks(yLow, yHigh, 4);
    body = (
      <g>
        <path d={segments.join('')} className="jp-nxviz-frames-profile-line" />
        <Axes
          classPrefix="jp-nxviz-frames-profile"
          area={{ left: PAD.left, top: PAD.top, width: plotW, height: plotH }}
          height={HEIGHT}
          xTicks={xTicks}
          xText={tickLabels(xTicks)}
          yTicks={yTicks}
          yText={tickLabels(yTicks)}
          sx={sx}
          sy={sy}
          xLabel={AXIS_LABEL[props.axis]}
          yLabel="mean intensity / counts"
        />
      </g>
    );
  }
  return (
    <div
      className="jp-nxviz-frames-profile"
      data-axis={props.axis}
      data-peaks={peaks.map(p => p.toFixed(4)).join(',')}
      data-busy={props.busy}
      data-x-max={shown ? String(shown.centres[shown.centres.length - 1]) : ''}
    >
      <div className="jp-nxviz-frames-profile-head">
        <label title="The azimuthal average of the valid pixels (masked, gap and saturated pixels left out), computed on the server at full resolution">
          radial profile versus{' '}
          <HTMLSelect
            aria-label="profile axis"
            value={props.axis}
            onChange={e => props.onAxis(e.currentTarget.value as RadialAxis)}
            options={[
              { value: 'q', label: 'q (Å⁻¹)' },
              { value: 'two_theta', label: '2θ (°)' }
            ]}
          />
        </label>
        {props.busy ? <span> computing…</span> : null}
        {shown ? (
          <span className="jp-nxviz-frames-profile-note">
            {shown.valid} pixels, {shown.excluded} excluded
          </span>
        ) : null}
      </div>
      {props.error ? (
        <div className="jp-nxviz-problem">{props.error}</div>
      ) : null}
      <div ref={box} className="jp-nxviz-frames-profile-box">
        <svg
          width={width}
          height={HEIGHT}
          role="img"
          aria-label="radial profile"
        >
          {body}
        </svg>
      </div>
    </div>
  );
}
