// One map (rows × columns) painted pixel for pixel through a colour map, with what the views
// draw over it: the cursor, pinned pixels, a rectangle being drawn, a highlighted selection.
import React, { useEffect, useMemo, useRef, useState } from 'react';

import { IImageFrame } from '../api/image';
import { ColourMapName, ScaleKind } from '../common/colour';
import { paintSlice, sliceLimits } from '../common/paint';

export interface IPixel {
  row: number;
  col: number;
}

export interface IMark extends IPixel {
  colour: string;
}

export interface IMapCanvasProps {
  frame: IImageFrame;
  scale: ScaleKind;
  colourMap: ColourMapName;
  /** colour limits; the server's percentiles (else min–max) when absent */
  limits?: [number, number];
  marks?: IMark[];
  /** a half-open rectangle [r0, r1, c0, c1] to outline */
  region?: [number, number, number, number] | null;
  /** 1 where a pixel is highlighted (rows × columns) */
  highlight?: Uint8Array | null;
  onHover?: (at: IPixel | null) => void;
  /** a click; `add` when shift was held */
  onPick?: (at: IPixel, add: boolean) => void;
  /** a rectangle dragged on the map: rows [r0, r1), columns [c0, c1) */
  onRegion?: (region: [number, number, number, number]) => void;
  /**
   * polygon mode: clicks place vertices (row, column at pixel edges), a click on the first
   * vertex (or a double click) closes the polygon
   */
  onPolygon?: (points: [number, number][]) => void;
  /** a closed polygon to outline (row, column pairs) */
  polygon?: [number, number][] | null;
  label?: string;
}

/** The row and column of the largest finite value (for tests and the readout). */
export function brightest(frame: IImageFrame): IPixel | null {
  let best = -Infinity;
  let at = -1;
  frame.data.forEach((v, i) => {
    if (Number.isFinite(v) && v > best) {
      best = v;
      at = i;
    }
  });
  const cols = frame.shape[1];
  return at < 0 ? null : { row: Math.floor(at / cols), col: at % cols };
}

/** The contrast limits a map is drawn with when none are chosen. */
export function mapLimits(frame: IImageFrame): [number, number] {
  return sliceLimits(frame.percentiles, frame.min ?? null, frame.max ?? null);
}

function outline(a: IPixel, b: IPixel): [number, number, number, number] {
  return [
    Math.min(a.row, b.row),
    Math.max(a.row, b.row) + 1,
    Math.min(a.col, b.col),
    Math.max(a.col, b.col) + 1
  ];
}

export function MapCanvas(props: IMapCanvasProps): React.ReactElement {
  const canvas = useRef<HTMLCanvasElement>(null);
  const shade = useRef<HTMLCanvasElement>(null);
  const { frame } = props;
  const [rows, cols] = frame.shape;
  const [low, high] = props.limits ?? mapLimits(frame);
  const [start, setStart] = useState<{
    at: IPixel;
    x: number;
    y: number;
  } | null>(null);
  const [corner, setCorner] = useState<IPixel | null>(null);
  const [vertices, setVertices] = useState<[number, number][]>([]);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) {
      return;
    }
    const rgba = paintSlice(
      frame.data,
      { kind: props.scale, low, high, gamma: 1 },
      props.colourMap
    );
    context.putImageData(new ImageData(rgba, cols, rows), 0, 0);
  }, [frame, props.scale, props.colourMap, low, high]);
  useEffect(() => {
    const context = shade.current?.getContext('2d');
    if (!context) {
      return;
    }
    context.clearRect(0, 0, cols, rows);
    const mask = props.highlight;
    if (!mask || mask.length !== rows * cols) {
      return;
    }
    const rgba = new Uint8ClampedArray(rows * cols * 4);
    mask.forEach((m, i) => {
      // unselected pixels dimmed, selected ones left as they are
      rgba[i * 4 + 3] = m ? 0 : 170;
    });
    context.putImageData(new ImageData(rgba, cols, rows), 0, 0);
  }, [props.highlight, rows, cols]);

  const pixelAt = (event: React.PointerEvent): IPixel => {
    const box = event.currentTarget.getBoundingClientRect();
    const col = Math.floor(((event.clientX - box.left) / box.width) * cols);
    const row = Math.floor(((event.clientY - box.top) / box.height) * rows);
    return {
      row: Math.min(rows - 1, Math.max(0, row)),
      col: Math.min(cols - 1, Math.max(0, col))
    };
  };
  const pointAt = (event: React.PointerEvent): [number, number] => {
    const box = event.currentTarget.getBoundingClientRect();
    const round = (v: number) => Math.round(v * 100) / 100;
    return [
      round(((event.clientY - box.top) / box.height) * rows),
      round(((event.clientX - box.left) / box.width) * cols)
    ];
  };
  const drawing = props.onPolygon !== undefined;
  const place = (event: React.PointerEvent): void => {
    const point = pointAt(event);
    const first = vertices[0];
    const closes =
      first !== undefined &&
      vertices.length >= 3 &&
      Math.hypot(point[0] - first[0], point[1] - first[1]) <
        Math.max(0.75, rows / 60);
    if (closes) {
      props.onPolygon?.(vertices);
      setVertices([]);
    } else {
      setVertices([...vertices, point]);
    }
  };
  const dragging =
    start !== null && corner !== null && props.onRegion !== undefined;
  const region = dragging ? outline(start.at, corner) : props.region;
  // a scan of every value: once a map, not on every pointer move
  const top = useMemo(() => brightest(frame), [frame]);
  return (
    <div
      className="jp-nxviz-xrf-map"
      style={{ aspectRatio: `${cols} / ${rows}` }}
      data-nxviz-shape={`${rows},${cols}`}
      data-nxviz-brightest={top ? `${top.row},${top.col}` : ''}
      data-nxviz-limits={`${low},${high}`}
      aria-label={props.label}
      onPointerDown={event => {
        if (event.button !== 0 || drawing) {
          return;
        }
        event.currentTarget.setPointerCapture(event.pointerId);
        setStart({ at: pixelAt(event), x: event.clientX, y: event.clientY });
        setCorner(null);
      }}
      onPointerMove={event => {
        const at = pixelAt(event);
        if (
          start &&
          Math.hypot(event.clientX - start.x, event.clientY - start.y) > 4
        ) {
          setCorner(at);
        }
        props.onHover?.(at);
      }}
      onPointerUp={event => {
        if (drawing) {
          place(event);
        } else if (start && corner && props.onRegion) {
          props.onRegion(outline(start.at, corner));
        } else if (start) {
          props.onPick?.(pixelAt(event), event.shiftKey);
        }
        setStart(null);
        setCorner(null);
      }}
      onDoubleClick={() => {
        if (drawing && vertices.length >= 3) {
          props.onPolygon?.(vertices);
          setVertices([]);
        }
      }}
      onPointerLeave={() => {
        if (!start) {
          props.onHover?.(null);
        }
      }}
    >
      <canvas ref={canvas} width={cols} height={rows} />
      <canvas ref={shade} width={cols} height={rows} />
      <svg viewBox={`0 0 ${cols} ${rows}`} preserveAspectRatio="none">
        {region ? (
          <rect
            className="jp-nxviz-xrf-region"
            x={region[2]}
            y={region[0]}
            width={region[3] - region[2]}
            height={region[1] - region[0]}
            vectorEffect="non-scaling-stroke"
          />
        ) : null}
        {props.polygon ? (
          <polygon
            className="jp-nxviz-xrf-region"
            points={props.polygon.map(p => `${p[1]},${p[0]}`).join(' ')}
            vectorEffect="non-scaling-stroke"
          />
        ) : null}
        {vertices.length > 0 ? (
          <polyline
            className="jp-nxviz-xrf-region"
            data-nxviz-vertices={vertices.length}
            points={vertices.map(p => `${p[1]},${p[0]}`).join(' ')}
            vectorEffect="non-scaling-stroke"
          />
        ) : null}
        {(props.marks ?? []).map((m, i) => (
          <rect
            key={i}
            className="jp-nxviz-xrf-mark"
            x={m.col}
            y={m.row}
            width={1}
            height={1}
            style={{ stroke: m.colour }}
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </svg>
    </div>
  );
}
