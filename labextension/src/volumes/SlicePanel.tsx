// One plane of the volume: the picture, the other planes' position lines, cursor and keys.
import React, { useEffect, useRef, useState } from 'react';

import { ColourMapName, IScale } from '../common/colour';
import { ISliceAnswer } from '../api/endpoints';
import { paintSlice, sliceLimits } from '../common/paint';

export interface IPanelProps {
  axis: number;
  title: string;
  answer?: ISliceAnswer;
  status: 'loading' | 'ready' | 'error';
  error?: string;
  /** picture row and column (full resolution) where the other planes cut this one */
  lineRow?: number;
  lineCol?: number;
  /** labelled rows (the rotation angles along a sinogram) */
  rowTicks?: { row: number; label: string }[];
  rowLabel?: string;
  large: boolean;
  scale: IScale['kind'];
  colourMap: ColourMapName;
  onPick: (row: number, col: number) => void;
  onHover: (at: { row: number; col: number } | null) => void;
  onStep: (delta: number) => void;
  onEnlarge: () => void;
  /** the segment whose profile is shown, (row, column) voxel positions on this plane */
  segment?: { start: [number, number]; end: [number, number] };
  /** shift + drag draws a segment (absent: no drawing on this plane) */
  onSegment?: (start: [number, number], end: [number, number]) => void;
}

type Point = [number, number];

const KEY_STEPS: Record<string, number> = {
  ArrowUp: 1,
  ArrowRight: 1,
  ArrowDown: -1,
  ArrowLeft: -1,
  PageUp: 10,
  PageDown: -10
};

export function SlicePanel(props: IPanelProps): React.ReactElement {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { answer } = props;
  const full = answer?.meta.shape ?? [1, 1];
  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context || !answer) {
      return;
    }
    const [h, w] = answer.frame.shape;
    const [low, high] = sliceLimits(
      answer.meta.percentiles,
      answer.meta.min,
      answer.meta.max
    );
    element.width = w;
    element.height = h;
    const rgba = paintSlice(
      answer.frame.data,
      { kind: props.scale, low, high, gamma: 1 },
      props.colourMap
    );
    context.putImageData(new ImageData(rgba, w, h), 0, 0);
  }, [answer, props.scale, props.colourMap]);

  const voxel = (event: React.MouseEvent): { row: number; col: number } => {
    const rect = event.currentTarget.getBoundingClientRect();
    const col = Math.floor(
      ((event.clientX - rect.left) / rect.width) * full[1]
    );
    const row = Math.floor(
      ((event.clientY - rect.top) / rect.height) * full[0]
    );
    return {
      row: Math.min(full[0] - 1, Math.max(0, row)),
      col: Math.min(full[1] - 1, Math.max(0, col))
    };
  };
  /** The voxel under the mouse: a drawn segment runs between voxel centres. */
  const position = (event: React.MouseEvent): Point => {
    const at = voxel(event);
    return [at.row, at.col];
  };
  const [drawing, setDrawing] = useState<{ start: Point; end: Point } | null>(
    null
  );
  const shownSegment = drawing ?? props.segment;
  const meta = answer?.meta;
  return (
    <div
      className={`jp-nxviz-volume-panel${props.large ? ' jp-mod-large' : ''}`}
      data-axis={props.axis}
      data-level={meta ? meta.level : -1}
      data-complete={meta?.complete ? 'true' : 'false'}
      data-pyramid={meta?.pyramid ?? ''}
      data-index={meta?.index ?? -1}
      data-line-row={props.lineRow ?? ''}
      data-line-col={props.lineCol ?? ''}
      tabIndex={0}
      onKeyDown={event => {
        const step = KEY_STEPS[event.key];
        if (step !== undefined) {
          event.preventDefault();
          props.onStep(step);
        }
      }}
    >
      <div className="jp-nxviz-volume-title">
        <button className="jp-nxviz-volume-enlarge" onClick={props.onEnlarge}>
          {props.title}
        </button>
        <span className="jp-nxviz-volume-progress">
          {props.status === 'error'
            ? props.error
            : meta && !meta.complete
              ? `refining ${meta.chunks_shown}/${meta.chunks_total} chunks`
              : meta?.pyramid
                ? `from the pyramid (level ${meta.pyramid})`
                : ''}
        </span>
      </div>
      <div className="jp-nxviz-volume-body">
        {props.rowTicks && props.rowTicks.length > 0 ? (
          <div className="jp-nxviz-volume-ticks" aria-label={props.rowLabel}>
            {props.rowTicks.map(t => (
              <span
                key={t.row}
                className="jp-nxviz-volume-tick"
                style={{ top: `${((t.row + 0.5) / full[0]) * 100}%` }}
              >
                {t.label}
              </span>
            ))}
          </div>
        ) : null}
        <div
          className="jp-nxviz-volume-picture"
          style={{ aspectRatio: `${full[1]} / ${full[0]}` }}
          onClick={event => {
            if (event.shiftKey && props.onSegment) {
              return; // the end of a drawn segment
            }
            const at = voxel(event);
            props.onPick(at.row, at.col);
          }}
          onMouseDown={event => {
            if (event.shiftKey && props.onSegment) {
              event.preventDefault();
              const at = position(event);
              setDrawing({ start: at, end: at });
            }
          }}
          onMouseMove={event => {
            props.onHover(voxel(event));
            if (drawing) {
              setDrawing({ start: drawing.start, end: position(event) });
            }
          }}
          onMouseUp={event => {
            if (drawing && props.onSegment) {
              const end = position(event);
              if (end[0] !== drawing.start[0] || end[1] !== drawing.start[1]) {
                props.onSegment(drawing.start, end);
              }
            }
            setDrawing(null);
          }}
          onMouseLeave={() => {
            props.onHover(null);
            setDrawing(null);
          }}
        >
          <canvas ref={canvas} />
          <svg viewBox={`0 0 ${full[1]} ${full[0]}`} preserveAspectRatio="none">
            {props.lineRow !== undefined ? (
              <line
                className="jp-nxviz-volume-line"
                x1={0}
                x2={full[1]}
                y1={props.lineRow + 0.5}
                y2={props.lineRow + 0.5}
              />
            ) : null}
            {props.lineCol !== undefined ? (
              <line
                className="jp-nxviz-volume-line"
                y1={0}
                y2={full[0]}
                x1={props.lineCol + 0.5}
                x2={props.lineCol + 0.5}
              />
            ) : null}
            {shownSegment ? (
              <line
                className="jp-nxviz-volume-segment"
                x1={shownSegment.start[1] + 0.5}
                y1={shownSegment.start[0] + 0.5}
                x2={shownSegment.end[1] + 0.5}
                y2={shownSegment.end[0] + 0.5}
              />
            ) : null}
          </svg>
        </div>
      </div>
    </div>
  );
}
