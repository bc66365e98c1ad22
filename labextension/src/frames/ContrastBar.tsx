// Contrast: scale, colour map, auto (percentiles) or manual limits, and the server's histogram of
// the valid pixels under a colour bar, with the limits marked.
import { HTMLSelect } from '@jupyterlab/ui-components';
import React, { useMemo } from 'react';

import {
  COLOUR_MAPS,
  ColourMapName,
  IScale,
  lookupTable,
  ScaleKind,
  SCALES
} from './colour';
import { IHistogram } from '../api/image';
import { niceTicks, tickLabels } from '../common/ticks';
import { NumberInput } from '../common/NumberInput';

export interface IContrastProps {
  scale: IScale;
  auto: boolean;
  percentiles: [number, number];
  colourMap: ColourMapName;
  histogram?: IHistogram;
  onScale: (scale: IScale) => void;
  onAuto: (auto: boolean) => void;
  onPercentiles: (range: [number, number]) => void;
  onColourMap: (name: ColourMapName) => void;
}

const BAR_WIDTH = 256;
const BAR_HEIGHT = 40;
const AXIS_HEIGHT = 28;
const MARGIN = 14;

function gradient(name: ColourMapName): string {
  const table = lookupTable(name);
  const stops: string[] = [];
  for (let i = 0; i <= 8; i += 1) {
    const k = Math.round((i / 8) * 255) * 3;
    stops.push(
      `rgb(${table[k]},${table[k + 1]},${table[k + 2]}) ${(i / 8) * 100}%`
    );
  }
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

export function ContrastBar(props: IContrastProps): React.ReactElement {
  const { scale, histogram } = props;
  const bars = useMemo(() => {
    if (!histogram) {
      return '';
    }
    const top = Math.log1p(Math.max(1, ...histogram.counts));
    const w = BAR_WIDTH / histogram.counts.length;
    return Array.from(histogram.counts)
      .map((c, i) => {
        const h = (Math.log1p(c) / top) * BAR_HEIGHT;
        return `M${i * w},${BAR_HEIGHT}v${-h}h${w}v${h}z`;
      })
      .join('');
  }, [histogram]);
  const ticks =
    histogram && histogram.high > histogram.low
      ? niceTicks(histogram.low, histogram.high, 4)
      : [];
  const tickText = tickLabels(ticks);
  const mark = (v: number) =>
    histogram && histogram.high > histogram.low
      ? ((v - histogram.low) / (histogram.high - histogram.low)) * BAR_WIDTH
      : undefined;
  const limitInput = (which: 'low' | 'high') => (
    <NumberInput
      className={`jp-nxviz-frames-${which}`}
      aria-label={`${which} limit`}
      title={`Value drawn with the colour map's ${which === 'low' ? 'first' : 'last'} colour (typing one turns auto off)`}
      value={Number(scale[which].toPrecision(6))}
      onChange={e => {
        props.onAuto(false);
        props.onScale({ ...scale, [which]: Number(e.target.value) });
      }}
    />
  );
  return (
    <div className="jp-nxviz-frames-contrast">
      <div className="jp-nxviz-frames-contrast-row">
        <label title="How values map to colours">
          scale
          <HTMLSelect
            aria-label="scale"
            value={scale.kind}
            onChange={e =>
              props.onScale({ ...scale, kind: e.target.value as ScaleKind })
            }
          >
            {SCALES.map(s => (
              <option key={s}>{s}</option>
            ))}
          </HTMLSelect>
        </label>
        {scale.kind === 'gamma' ? (
          <label title="Exponent of the gamma scale">
            γ
            <NumberInput
              aria-label="gamma"
              step={0.1}
              min={0.1}
              value={scale.gamma}
              onChange={e =>
                props.onScale({ ...scale, gamma: Number(e.target.value) || 1 })
              }
            />
          </label>
        ) : null}
        <label title="Colour map">
          colours
          <HTMLSelect
            aria-label="colour map"
            value={props.colourMap}
            onChange={e => props.onColourMap(e.target.value as ColourMapName)}
          >
            {COLOUR_MAPS.map(m => (
              <option key={m}>{m}</option>
            ))}
          </HTMLSelect>
        </label>
      </div>
      <div className="jp-nxviz-frames-contrast-row">
        <label title="Set the limits from percentiles of the valid pixels (masked, gap and saturated pixels left out)">
          <input
            type="checkbox"
            checked={props.auto}
            aria-label="automatic limits"
            onChange={e => props.onAuto(e.target.checked)}
          />
          auto limits from percentiles
        </label>
        <NumberInput
          aria-label="low percentile"
          title="Low percentile (%)"
          step={0.1}
          value={props.percentiles[0]}
          onChange={e =>
            props.onPercentiles([Number(e.target.value), props.percentiles[1]])
          }
        />
        <span>–</span>
        <NumberInput
          aria-label="high percentile"
          title="High percentile (%)"
          step={0.1}
          value={props.percentiles[1]}
          onChange={e =>
            props.onPercentiles([props.percentiles[0], Number(e.target.value)])
          }
        />
        <span>%</span>
      </div>
      <div className="jp-nxviz-frames-contrast-row">
        <label>limits {limitInput('low')}</label>
        <label>to {limitInput('high')}</label>
      </div>
      <svg
        className="jp-nxviz-frames-histogram"
        width={BAR_WIDTH + 2 * MARGIN}
        height={BAR_HEIGHT + 10 + AXIS_HEIGHT}
        role="img"
        aria-label="histogram of the valid pixels' values (pixel counts on a log scale)"
      >
        <title>
          Histogram of the valid pixels&apos; values (pixel counts on a log
          scale), the colour bar under it, the limits in red
        </title>
        <g transform={`translate(${MARGIN} 0)`}>
          <path d={bars} />
          {[mark(scale.low), mark(scale.high)].map((at, i) => {
            // limits set beyond the histogram's range are marked at its ends
            const x =
              at === undefined
                ? undefined
                : Math.min(BAR_WIDTH, Math.max(0, at));
            return x === undefined ? null : (
              <line
                key={i}
                x1={x}
                x2={x}
                y1={0}
                y2={BAR_HEIGHT}
                className="jp-nxviz-frames-limit"
              />
            );
          })}
          <foreignObject x={0} y={BAR_HEIGHT} width={BAR_WIDTH} height={10}>
            <div
              style={{ background: gradient(props.colourMap), height: 10 }}
            />
          </foreignObject>
          {ticks.map((t, i) => (
            <g
              key={i}
              className="jp-nxviz-frames-histogram-tick"
              transform={`translate(${mark(t) ?? 0} ${BAR_HEIGHT + 10})`}
            >
              <line y1={0} y2={3} />
              <text y={13} textAnchor="middle">
                {tickText[i]}
              </text>
            </g>
          ))}
          <text
            className="jp-nxviz-frames-histogram-label"
            x={BAR_WIDTH / 2}
            y={BAR_HEIGHT + 10 + AXIS_HEIGHT - 2}
            textAnchor="middle"
          >
            pixel value
          </text>
        </g>
      </svg>
    </div>
  );
}
