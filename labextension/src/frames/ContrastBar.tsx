// Contrast: scale, colour map, auto (percentiles) or manual limits, and a histogram of the valid
// pixels under a colour bar, with the limits marked.
import React, { useMemo } from 'react';

import {
  COLOUR_MAPS,
  ColourMapName,
  IScale,
  lookupTable,
  ScaleKind,
  SCALES
} from './colour';
import { IHistogram } from './contrast';

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
  const mark = (v: number) =>
    histogram && histogram.high > histogram.low
      ? ((v - histogram.low) / (histogram.high - histogram.low)) * BAR_WIDTH
      : undefined;
  const limitInput = (which: 'low' | 'high') => (
    <input
      type="number"
      className={`jp-nxviz-frames-${which}`}
      aria-label={`${which} limit`}
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
        <select
          aria-label="scale"
          value={scale.kind}
          onChange={e =>
            props.onScale({ ...scale, kind: e.target.value as ScaleKind })
          }
        >
          {SCALES.map(s => (
            <option key={s}>{s}</option>
          ))}
        </select>
        {scale.kind === 'gamma' ? (
          <input
            type="number"
            aria-label="gamma"
            step={0.1}
            min={0.1}
            value={scale.gamma}
            onChange={e =>
              props.onScale({ ...scale, gamma: Number(e.target.value) || 1 })
            }
          />
        ) : null}
        <select
          aria-label="colour map"
          value={props.colourMap}
          onChange={e => props.onColourMap(e.target.value as ColourMapName)}
        >
          {COLOUR_MAPS.map(m => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <label>
          <input
            type="checkbox"
            checked={props.auto}
            onChange={e => props.onAuto(e.target.checked)}
          />
          auto
        </label>
        <input
          type="number"
          aria-label="low percentile"
          step={0.1}
          value={props.percentiles[0]}
          onChange={e =>
            props.onPercentiles([Number(e.target.value), props.percentiles[1]])
          }
        />
        –
        <input
          type="number"
          aria-label="high percentile"
          step={0.1}
          value={props.percentiles[1]}
          onChange={e =>
            props.onPercentiles([props.percentiles[0], Number(e.target.value)])
          }
        />
        %{limitInput('low')}
        {limitInput('high')}
      </div>
      <svg
        className="jp-nxviz-frames-histogram"
        width={BAR_WIDTH}
        height={BAR_HEIGHT + 10}
      >
        <path d={bars} />
        {[mark(scale.low), mark(scale.high)].map((x, i) =>
          x === undefined ? null : (
            <line
              key={i}
              x1={x}
              x2={x}
              y1={0}
              y2={BAR_HEIGHT}
              className="jp-nxviz-frames-limit"
            />
          )
        )}
        <foreignObject x={0} y={BAR_HEIGHT} width={BAR_WIDTH} height={10}>
          <div style={{ background: gradient(props.colourMap), height: 10 }} />
        </foreignObject>
      </svg>
    </div>
  );
}
