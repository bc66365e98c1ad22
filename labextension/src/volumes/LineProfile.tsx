// The values along a segment drawn on a plane: sampled on the server (`line`), drawn here.
import React, { useEffect, useState } from 'react';

import { FileApi } from '../api/endpoints';
import { isAbort, messageOf } from '../common/errors';
import { formatNumber } from './geometry';

/** A segment drawn on the plane across `axis` at `index`: (row, column) voxel positions. */
export interface ISegment {
  axis: number;
  index: number;
  start: [number, number];
  end: [number, number];
}

/** The `line` endpoint's answer. */
export interface ILineAnswer {
  axes: [number, number];
  length: number;
  interpolation: string;
  distance: number[];
  values: (number | null)[];
  units: string | null;
}

export function fetchLine(
  api: FileApi,
  path: string,
  segment: ISegment,
  signal?: AbortSignal
): Promise<ILineAnswer> {
  return api.client.json<ILineAnswer>(
    'line',
    {
      file: api.file,
      path,
      axis: segment.axis,
      index: segment.index,
      r0: segment.start[0],
      c0: segment.start[1],
      r1: segment.end[0],
      c1: segment.end[1]
    },
    signal
  );
}

const WIDTH = 600;
const HEIGHT = 160;
const MARGIN = { left: 64, right: 8, top: 8, bottom: 28 };

/** The SVG polyline's points for values against distance (gaps where a value is null). */
export function profilePoints(
  distance: number[],
  values: (number | null)[],
  width: number,
  height: number
): { points: string; low: number; high: number } {
  const finite = values.filter((v): v is number => v !== null);
  const low = finite.length ? Math.min(...finite) : 0;
  const high = finite.length ? Math.max(...finite) : 1;
  const span = high > low ? high - low : 1;
  const far = distance.length ? distance[distance.length - 1] || 1 : 1;
  const points = values
    .map((v, i) =>
      v === null
        ? null
        : `${((distance[i] / far) * width).toFixed(2)},${(height - ((v - low) / span) * height).toFixed(2)}`
    )
    .filter((p): p is string => p !== null)
    .join(' ');
  return { points, low, high };
}

export function LineProfile(props: {
  api: FileApi;
  path: string;
  segment: ISegment;
  title: string;
  onClose: () => void;
}): React.ReactElement {
  const { api, path, segment } = props;
  const [state, setState] = useState<{ answer?: ILineAnswer; error?: string }>(
    {}
  );
  const key = JSON.stringify(segment);
  useEffect(() => {
    const controller = new AbortController();
    setState({});
    fetchLine(api, path, segment, controller.signal).then(
      answer => !controller.signal.aborted && setState({ answer }),
      (error: unknown) =>
        !controller.signal.aborted &&
        !isAbort(error) &&
        setState({ error: messageOf(error) })
    );
    return () => controller.abort();
  }, [api, path, key]);

  const { answer, error } = state;
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const drawn = answer
    ? profilePoints(answer.distance, answer.values, innerWidth, innerHeight)
    : null;
  return (
    <div
      className="jp-nxviz-volume-profile"
      data-axis={segment.axis}
      data-start={segment.start.join(',')}
      data-end={segment.end.join(',')}
      data-samples={answer ? answer.values.length : ''}
      data-values={answer ? JSON.stringify(answer.values) : ''}
    >
      <div className="jp-nxviz-volume-title">
        <span>
          {props.title}
          {answer
            ? ` · ${answer.values.length} samples along ${formatNumber(Number(answer.length.toFixed(2)))} voxels (${answer.interpolation})`
            : ''}
        </span>
        <button className="jp-Button jp-mod-minimal" onClick={props.onClose}>
          close
        </button>
      </div>
      {error ? <div className="jp-nxviz-problem">{error}</div> : null}
      {drawn && answer ? (
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-label="line profile"
        >
          <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
            <rect
              className="jp-nxviz-volume-profile-frame"
              width={innerWidth}
              height={innerHeight}
            />
            <polyline
              className="jp-nxviz-volume-profile-line"
              points={drawn.points}
            />
            <text x={-4} y={8} textAnchor="end">
              {formatNumber(drawn.high)}
            </text>
            <text x={-4} y={innerHeight} textAnchor="end">
              {formatNumber(drawn.low)}
            </text>
            <text x={0} y={innerHeight + 16}>
              0
            </text>
            <text x={innerWidth} y={innerHeight + 16} textAnchor="end">
              {`${formatNumber(Number(answer.length.toFixed(2)))} voxels`}
            </text>
            <text x={innerWidth / 2} y={innerHeight + 16} textAnchor="middle">
              {`distance · value${answer.units ? ` (${answer.units})` : ''}`}
            </text>
          </g>
        </svg>
      ) : error ? null : (
        <div className="jp-nxviz-hint">Sampling the segment…</div>
      )}
    </div>
  );
}
