// The slice view of volumes: three orthogonal planes (one large), their position lines, sliders
// and keys per axis, the voxel under the cursor; for NXtomo scans, projections, flats and darks,
// raw or flat/dark-corrected, and sinograms with the rotation angle along their rows.
import React, { useEffect, useState } from 'react';

import { FileApi, ISliceAnswer } from '../api/endpoints';
import { IVolumeInfo } from '../api/models';
import { COLOUR_MAPS, ColourMapName, ScaleKind } from '../common/colour';
import { isAbort, messageOf } from '../common/errors';
import {
  angleTicks,
  centre,
  coordinateLabel,
  datasetIndex,
  formatNumber,
  pictureAxes,
  pictureIndex,
  planeName,
  Position,
  valueAt
} from './geometry';
import { ISegment, LineProfile } from './LineProfile';
import { PyramidControl } from './Pyramid';
import { SlicePanel } from './SlicePanel';
import { useSlice } from './useSlice';

export interface IVolumeViewProps {
  api: FileApi;
  path: string;
}

type FrameKind = 'projections' | 'flats' | 'darks';
const KINDS: FrameKind[] = ['projections', 'flats', 'darks'];
const SIDE = 1024;

interface IHover {
  axis: number;
  row: number;
  col: number;
}

function useVolumeInfo(
  api: FileApi,
  path: string
): { info?: IVolumeInfo; error?: string } {
  const [state, setState] = useState<{ info?: IVolumeInfo; error?: string }>(
    {}
  );
  useEffect(() => {
    const controller = new AbortController();
    setState({});
    api.volume(path, controller.signal).then(
      info => !controller.signal.aborted && setState({ info }),
      (error: unknown) =>
        !controller.signal.aborted &&
        !isAbort(error) &&
        setState({ error: messageOf(error) })
    );
    return () => controller.abort();
  }, [api, path]);
  return state;
}

export function VolumeView(props: IVolumeViewProps): React.ReactElement {
  const { info, error } = useVolumeInfo(props.api, props.path);
  if (error) {
    return (
      <div className="jp-nxviz-problem" data-nxviz-view="volume">
        {error}
      </div>
    );
  }
  if (!info) {
    return (
      <div className="jp-nxviz-hint" data-nxviz-view="volume">
        Reading the volume…
      </div>
    );
  }
  return <Volume api={props.api} path={props.path} info={info} />;
}

function Volume(props: {
  api: FileApi;
  path: string;
  info: IVolumeInfo;
}): React.ReactElement {
  const { api, path, info } = props;
  const tomo = info.nxtomo;
  const projections = tomo ? tomo.frames.projections : null;
  const [kind, setKind] = useState<FrameKind>('projections');
  const frames = tomo ? tomo.frames[kind] : null;
  const [position, setPosition] = useState<Position>(() => {
    const middle = centre(info);
    if (projections && projections.length) {
      middle[0] = projections[0];
    }
    return middle;
  });
  const [large, setLarge] = useState(0);
  const [corrected, setCorrected] = useState(false);
  const [scale, setScale] = useState<ScaleKind>('linear');
  const [colourMap, setColourMap] = useState<ColourMapName>('greys');
  const [hover, setHover] = useState<IHover | null>(null);
  const [segment, setSegment] = useState<ISegment | null>(null);
  // the last step's direction along each axis: the next slice that way is prefetched
  const [heading, setHeading] = useState<Position>([1, 1, 1]);

  const sliceOf = (axis: number) => ({
    path,
    axis,
    index: position[axis],
    // the thumbnails are drawn half as large: a coarser pyramid level, a smaller answer
    width: large === axis ? SIDE : SIDE / 2,
    height: large === axis ? SIDE : SIDE / 2,
    projections: tomo !== null && axis !== 0,
    corrected:
      corrected && tomo !== null && (axis !== 0 || kind === 'projections')
  });
  const ahead = (axis: number) => {
    const request = sliceOf(axis);
    const index = request.index + heading[axis];
    if (index < 0 || index >= info.shape[axis] || (axis === 0 && tomo)) {
      return undefined;
    }
    return { ...request, index };
  };
  const states = [
    useSlice(api, sliceOf(0), ahead(0)),
    useSlice(api, sliceOf(1), ahead(1)),
    useSlice(api, sliceOf(2), ahead(2))
  ];
  const rowsProjections = tomo ? projections : null;

  const move = (axis: number, index: number) => {
    const clamped = Math.min(info.shape[axis] - 1, Math.max(0, index));
    setPosition(old => {
      const next = [...old] as Position;
      next[axis] = clamped;
      return next;
    });
  };
  const step = (axis: number, delta: number) => {
    setHeading(old => {
      const next = [...old] as Position;
      next[axis] = Math.sign(delta) || 1;
      return next;
    });
    if (axis === 0 && frames) {
      const at = Math.max(0, frames.indexOf(position[0]));
      const next = Math.min(frames.length - 1, Math.max(0, at + delta));
      move(0, frames[next]);
    } else {
      move(axis, position[axis] + delta);
    }
  };
  const pick = (axis: number, row: number, col: number) => {
    const [r, c] = pictureAxes(axis);
    const rowIndex = datasetIndex(r, row, rowsProjections);
    if (r === 0 && tomo && kind !== 'projections') {
      setKind('projections');
    }
    setPosition(old => {
      const next = [...old] as Position;
      next[r] = rowIndex;
      next[c] = col;
      return next;
    });
  };

  const readout = hoverReadout(
    hover,
    states[hover?.axis ?? 0].answer,
    position,
    info,
    rowsProjections
  );
  const angles = tomo?.rotation_angle ?? null;
  const angleUnits = tomo?.rotation_angle_units ?? null;
  const panelTitle = (axis: number): string => {
    if (!tomo) {
      return `${planeName(axis, info.axes)} at ${coordinateLabel(axis, position[axis], info.axes)}`;
    }
    if (axis === 0) {
      const list = tomo.frames[kind];
      const at = list.indexOf(position[0]);
      const angle = angles
        ? ` · ${formatNumber(angles[position[0]])}${angleUnits === 'deg' ? '°' : ` ${angleUnits ?? ''}`}`
        : '';
      return `${kind.replace(/s$/, '')} ${at >= 0 ? at + 1 : '?'} of ${list.length} (frame ${position[0]})${kind === 'projections' ? angle : ''}`;
    }
    return `sinogram at detector ${axis === 1 ? 'row' : 'column'} ${position[axis]}`;
  };

  return (
    <div
      className="jp-nxviz-volume"
      data-nxviz-view="volume"
      data-nxtomo={tomo ? 'true' : 'false'}
    >
      <div className="jp-nxviz-volume-controls">
        {tomo ? (
          <span className="jp-nxviz-volume-kinds" role="radiogroup">
            {KINDS.map(k => (
              <label key={k} data-kind={k}>
                <input
                  type="radio"
                  checked={kind === k}
                  disabled={tomo.counts[k] === 0}
                  onChange={() => {
                    setKind(k);
                    const list = tomo.frames[k];
                    if (list.length) {
                      move(0, list[0]);
                    }
                  }}
                />
                {k}{' '}
                <span className="jp-nxviz-volume-count">{tomo.counts[k]}</span>
              </label>
            ))}
            <label>
              <input
                type="checkbox"
                className="jp-nxviz-volume-corrected"
                checked={corrected}
                disabled={tomo.counts.flats === 0}
                onChange={event => setCorrected(event.target.checked)}
              />
              flat/dark corrected (−log)
            </label>
          </span>
        ) : null}
        <label>
          scale{' '}
          <select
            className="jp-mod-styled"
            value={scale}
            onChange={event => setScale(event.target.value as ScaleKind)}
          >
            {(['linear', 'log'] as ScaleKind[]).map(s => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          colours{' '}
          <select
            className="jp-mod-styled"
            value={colourMap}
            onChange={event =>
              setColourMap(event.target.value as ColourMapName)
            }
          >
            {COLOUR_MAPS.map(name => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        {tomo ? null : <PyramidControl api={api} path={path} />}
      </div>
      <div className="jp-nxviz-volume-sliders">
        {[0, 1, 2].map(axis => {
          const list = axis === 0 ? frames : null;
          const max = (list ? list.length : info.shape[axis]) - 1;
          const value = list
            ? Math.max(0, list.indexOf(position[0]))
            : position[axis];
          return (
            <label
              key={axis}
              className="jp-nxviz-volume-slider"
              data-axis={axis}
            >
              <input
                type="range"
                min={0}
                max={max}
                value={value}
                onChange={event => {
                  const v = Number(event.target.value);
                  move(axis, list ? list[v] : v);
                }}
              />
              <span>{coordinateLabel(axis, position[axis], info.axes)}</span>
            </label>
          );
        })}
      </div>
      <div className="jp-nxviz-volume-panels">
        {[0, 1, 2].map(axis => {
          const [r, c] = pictureAxes(axis);
          const state = states[axis];
          const sinogram = tomo !== null && axis !== 0;
          return (
            <SlicePanel
              key={axis}
              axis={axis}
              title={panelTitle(axis)}
              answer={state.answer}
              status={state.status}
              error={state.status === 'error' ? state.message : undefined}
              lineRow={pictureIndex(r, position[r], rowsProjections)}
              lineCol={position[c]}
              rowTicks={
                sinogram && projections
                  ? angleTicks(projections, angles, angleUnits)
                  : undefined
              }
              rowLabel={sinogram ? 'rotation angle' : undefined}
              large={large === axis}
              scale={scale}
              colourMap={colourMap}
              onPick={(row, col) => pick(axis, row, col)}
              onHover={at => setHover(at ? { axis, ...at } : null)}
              onStep={delta => step(axis, delta)}
              onEnlarge={() => setLarge(axis)}
              segment={
                segment &&
                segment.axis === axis &&
                segment.index === position[axis]
                  ? segment
                  : undefined
              }
              onSegment={
                sinogram
                  ? undefined // its rows are projections, not the slice's rows
                  : (start, end) =>
                      setSegment({ axis, index: position[axis], start, end })
              }
            />
          );
        })}
      </div>
      {segment ? (
        <LineProfile
          api={api}
          path={path}
          segment={segment}
          title={`Profile on ${planeName(segment.axis, info.axes)} at ${coordinateLabel(segment.axis, segment.index, info.axes)}, from [${segment.start.join(', ')}] to [${segment.end.join(', ')}]${tomo ? ' (raw values)' : ''}`}
          onClose={() => setSegment(null)}
        />
      ) : null}
      <div
        className="jp-nxviz-volume-readout"
        data-voxel={readout ? readout.voxel.join(',') : ''}
        data-value={readout?.value ?? ''}
      >
        {readout
          ? readout.text
          : 'Point at a plane to read a voxel; click to move the other planes there; shift + drag to draw a line profile.'}
      </div>
    </div>
  );
}

function hoverReadout(
  hover: IHover | null,
  answer: ISliceAnswer | undefined,
  position: Position,
  info: IVolumeInfo,
  projections: number[] | null
): { voxel: Position; value: string; text: string } | null {
  if (!hover || !answer) {
    return null;
  }
  const [r, c] = pictureAxes(hover.axis);
  const voxel = [...position] as Position;
  voxel[r] = datasetIndex(r, hover.row, projections);
  voxel[c] = hover.col;
  const value = valueAt(
    answer.frame.data,
    answer.frame.shape,
    answer.meta.factors,
    hover.row,
    hover.col
  );
  const binned = answer.meta.factors[0] > 1 || answer.meta.factors[1] > 1;
  const level = answer.meta.pyramid ?? 0;
  const pooled = level
    ? ` (pyramid level ${level}: means of ${2 ** level}³ voxels, ${answer.meta.factors.join('×')} voxels a pixel)`
    : binned
      ? ` (max of ${answer.meta.factors.join('×')} voxels)`
      : '';
  const shown = value === undefined ? '' : formatNumber(value);
  const what = answer.meta.corrected ? '−log transmission' : 'value';
  const coords = [0, 1, 2]
    .map(a => coordinateLabel(a, voxel[a], info.axes))
    .join(', ');
  const exact = answer.meta.complete ? '' : ' (refining)';
  return {
    voxel,
    value: shown,
    text: `[${voxel.join(', ')}]  ${coords}  ${what} ${shown}${pooled}${exact}`
  };
}
