// A full-resolution region drawn over the reduced overview when the user zooms in.
import {
  ColorMap,
  HeatmapMesh,
  ScaleType,
  useVisCanvasContext
} from '@h5web/lib';
import ndarray from 'ndarray';
import React, { useMemo } from 'react';
import { Vector3 } from 'three';

import { IImageFrame } from '../api/image';

export interface IRegionOverlayProps {
  frame: IImageFrame;
  /** [row0, row1, col0, col1] of the full-resolution slice the frame covers */
  region: [number, number, number, number];
  domain: [number, number];
  colorMap: ColorMap;
  invert: boolean;
  scale: ScaleType.Linear;
}

export default function RegionOverlay(
  props: IRegionOverlayProps
): React.ReactElement {
  const { frame, region, domain } = props;
  const { dataToWorld } = useVisCanvasContext();
  const values = useMemo(
    () => ndarray(Float32Array.from(frame.data), frame.shape),
    [frame]
  );
  const [r0, r1, c0, c1] = region;
  const a = dataToWorld(new Vector3(c0, r0, 0));
  const b = dataToWorld(new Vector3(c1, r1, 0));
  return (
    <HeatmapMesh
      values={values}
      domain={domain}
      colorMap={props.colorMap}
      invertColorMap={props.invert}
      scaleType={props.scale}
      size={{ width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) }}
      position={[(a.x + b.x) / 2, (a.y + b.y) / 2, 0.5]}
      scale={[1, b.y < a.y ? -1 : 1, 1]}
    />
  );
}
