// SVG drawn over the frame: resolution rings with Å labels, the beam-centre marker and the ROI.
import React from 'react';

import { cornerRadius, IGeometry, rings } from './geometry';
import { IFit, IRegion, toScreen } from './view';

/** Rings smaller than this, or closer than the gap to the previous one, are left out (screen px). */
const MIN_RING_PX = 24;
const MIN_RING_GAP_PX = 14;

interface ILabelBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Directions tried for a ring's label, first the upper right. */
const LABEL_ANGLES = [-45, -135, 45, 135, -90, 0, 180, 90].map(
  a => (a * Math.PI) / 180
);
const LABEL_HEIGHT = 14;
const CHAR_WIDTH = 6.5;

/**
 * Where a ring's label goes: on the ring, inside the frame as drawn (`bounds`: not over the
 * canvas's empty margin, which the exported figure leaves out), clear of the labels placed
 * before (undefined when no place is free: the ring is drawn without a label).
 */
function labelPlace(
  bx: number,
  by: number,
  rx: number,
  ry: number,
  label: string,
  bounds: ILabelBox,
  placed: ILabelBox[]
): ILabelBox | undefined {
  const w = label.length * CHAR_WIDTH + 4;
  const h = LABEL_HEIGHT;
  for (const angle of LABEL_ANGLES) {
    const px = bx + rx * Math.cos(angle);
    const py = by + ry * Math.sin(angle);
    // the label sits outside the ring, on the side of its direction
    const x = Math.cos(angle) >= 0 ? px + 2 : px - w - 2;
    const y = Math.sin(angle) <= 0 ? py - h - 1 : py + 1;
    const box = { x, y, w, h };
    const inside =
      x >= bounds.x &&
      y >= bounds.y &&
      x + w <= bounds.x + bounds.w &&
      y + h <= bounds.y + bounds.h;
    const clear = placed.every(
      p => x + w <= p.x || p.x + p.w <= x || y + h <= p.y || p.y + p.h <= y
    );
    if (inside && clear) {
      return box;
    }
  }
  return undefined;
}

export interface IOverlayProps {
  width: number;
  height: number;
  region: IRegion;
  fit: IFit;
  frameShape: [number, number];
  geometry?: IGeometry;
  showRings: boolean;
  showBeam: boolean;
  roi?: [number, number, number, number];
}

/** The part of the overlay (width × height) the frame's region is drawn on. */
export function frameBox(
  region: IRegion,
  fit: IFit,
  width: number,
  height: number
): ILabelBox {
  const [x0, y0] = toScreen(region, fit, region.r0, region.c0);
  const [x1, y1] = toScreen(region, fit, region.r1, region.c1);
  const x = Math.max(0, x0);
  const y = Math.max(0, y0);
  return {
    x,
    y,
    w: Math.max(0, Math.min(width, x1) - x),
    h: Math.max(0, Math.min(height, y1) - y)
  };
}

export function Overlay(props: IOverlayProps): React.ReactElement {
  const { region, fit, geometry } = props;
  const items: React.ReactElement[] = [];
  const bounds = frameBox(region, fit, props.width, props.height);
  if (geometry) {
    // pixel i spans edges i..i+1: the beam centre (a pixel-centre coordinate) sits at +0.5
    const [bx, by] = toScreen(
      region,
      fit,
      geometry.beamY + 0.5,
      geometry.beamX + 0.5
    );
    if (props.showRings) {
      const far = cornerRadius(
        geometry,
        props.frameShape[0],
        props.frameShape[1]
      );
      let last = -Infinity;
      const placed: ILabelBox[] = [];
      for (const ring of rings(geometry, far)) {
        const rx = (ring.radius / geometry.pixelX) * fit.scale;
        const ry = (ring.radius / geometry.pixelY) * fit.scale;
        if (rx < MIN_RING_PX || rx - last < MIN_RING_GAP_PX) {
          continue; // too small or too close to the previous ring to read
        }
        last = rx;
        const label = `${ring.d.toFixed(ring.d < 1 ? 2 : 1)} Å`;
        const box = labelPlace(bx, by, rx, ry, label, bounds, placed);
        if (box) {
          placed.push(box);
        }
        items.push(
          <g
            key={`ring-${ring.d}`}
            className="jp-nxviz-frames-ring"
            data-d={ring.d}
          >
            <ellipse cx={bx} cy={by} rx={rx} ry={ry} />
            {box ? (
              <text x={box.x} y={box.y + box.h - 3}>
                {label}
              </text>
            ) : null}
          </g>
        );
      }
    }
    if (props.showBeam) {
      items.push(
        <g key="beam" className="jp-nxviz-frames-beam">
          <line x1={bx - 8} y1={by} x2={bx + 8} y2={by} />
          <line x1={bx} y1={by - 8} x2={bx} y2={by + 8} />
        </g>
      );
    }
  }
  if (props.roi) {
    const [r0, r1, c0, c1] = props.roi;
    const [x0, y0] = toScreen(region, fit, r0, c0);
    const [x1, y1] = toScreen(region, fit, r1, c1);
    items.push(
      <rect
        key="roi"
        className="jp-nxviz-frames-roi"
        data-region={`${r0}:${r1},${c0}:${c1}`}
        x={x0}
        y={y0}
        width={x1 - x0}
        height={y1 - y0}
      />
    );
  }
  return (
    <svg
      className="jp-nxviz-frames-overlay"
      width={props.width}
      height={props.height}
      data-rings={items.filter(i => String(i.key).startsWith('ring-')).length}
      data-frame-box={[bounds.x, bounds.y, bounds.w, bounds.h]
        .map(v => v.toFixed(1))
        .join(',')}
    >
      {items}
    </svg>
  );
}
