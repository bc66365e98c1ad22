// The frame on a 2D canvas (ImageData through a colour map, pixels kept square and sharp), with
// wheel zoom about the cursor, drag to pan, shift-drag (or ROI mode) for a rectangle, and hover.
import React, {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState
} from 'react';

import { IImageFrame } from '../api/image';
import { mark } from '../marks';
import { IOverlayProps, Overlay } from './Overlay';
import { IPaintOptions, paint } from './paint';
import { normaliseRect } from './roi';
import {
  fit,
  fullRegion,
  IRegion,
  pan,
  toPixel,
  toScreen,
  zoomAbout
} from './view';

// rings, beam and ROI are drawn again only when they or the view's region change, not per frame
const StillOverlay = React.memo(Overlay);

export interface IShownFrame {
  frame: IImageFrame;
  /** full-resolution [r0, r1, c0, c1) the frame covers */
  region: [number, number, number, number];
  index: number;
}

export interface IFrameCanvasProps {
  /** CSS pixels */
  width: number;
  height: number;
  /** device pixels per CSS pixel: the canvas holds width × ratio by height × ratio pixels */
  ratio: number;
  shown?: IShownFrame;
  paintOptions: IPaintOptions;
  region: IRegion;
  frameShape: [number, number];
  roiMode: boolean;
  overlay: Omit<
    IOverlayProps,
    'width' | 'height' | 'region' | 'fit' | 'frameShape'
  >;
  onRegion: (region: IRegion) => void;
  onHover: (pixel: [number, number] | undefined) => void;
  onRoi: (rect: [number, number, number, number]) => void;
  onDrawn: (index: number) => void;
}

interface IDrag {
  x: number;
  y: number;
  region: IRegion;
  roi: boolean;
}

export function FrameCanvas(props: IFrameCanvasProps): React.ReactElement {
  const { width, height, ratio, shown, region, frameShape } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<IDrag | null>(null);
  const [rubber, setRubber] = useState<[number, number, number, number]>();
  const placement = useMemo(
    () => fit(region, width, height),
    [region, width, height]
  );
  // the frame's pixels, painted once per frame (or look) into one kept ImageData and off-screen
  // canvas: a step allocates nothing the size of the image
  const pixels = useRef<{ image?: ImageData; off?: HTMLCanvasElement }>({});
  const painted = useMemo(() => {
    if (!shown) {
      return undefined;
    }
    const [rows, cols] = shown.frame.shape;
    const kept = pixels.current;
    if (kept.image?.width !== cols || kept.image?.height !== rows) {
      kept.image = new ImageData(cols, rows);
    }
    paint(shown.frame.data, props.paintOptions, kept.image.data);
    kept.off ??= document.createElement('canvas');
    if (kept.off.width !== cols || kept.off.height !== rows) {
      kept.off.width = cols;
      kept.off.height = rows;
    }
    kept.off.getContext('2d')?.putImageData(kept.image, 0, 0);
    return { off: kept.off, shown };
  }, [shown, props.paintOptions]);

  // drawn as the frame's render is committed, not after the next paint of the page
  useLayoutEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || !painted) {
      return;
    }
    const { off, shown: drawn } = painted;
    const [rows, cols] = drawn.frame.shape;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0); // drawn in CSS pixels, sharp on the device
    ctx.clearRect(0, 0, width, height);
    ctx.imageSmoothingEnabled = false;
    const [r0, , c0] = drawn.region;
    const [x, y] = toScreen(region, placement, r0, c0);
    const [fy, fx] = drawn.frame.factors;
    ctx.drawImage(
      off,
      x,
      y,
      cols * fx * placement.scale,
      rows * fy * placement.scale
    );
    mark('nxviz:frame-drawn');
    props.onDrawn(drawn.index);
  }, [painted, region, width, height, ratio]);

  useEffect(() => {
    const element = canvas.current;
    if (!element) {
      return undefined;
    }
    const wheel = (event: WheelEvent) => {
      event.preventDefault();
      const [row, col] = toPixel(
        region,
        placement,
        event.offsetX,
        event.offsetY
      );
      const factor = event.deltaY < 0 ? 1.25 : 0.8;
      props.onRegion(zoomAbout(region, factor, row, col, frameShape));
    };
    element.addEventListener('wheel', wheel, { passive: false });
    return () => element.removeEventListener('wheel', wheel);
  });

  const pixelAt = (event: React.MouseEvent): [number, number] =>
    toPixel(
      region,
      placement,
      event.nativeEvent.offsetX,
      event.nativeEvent.offsetY
    );

  const onMouseDown = (event: React.MouseEvent) => {
    drag.current = {
      x: event.nativeEvent.offsetX,
      y: event.nativeEvent.offsetY,
      region,
      roi: props.roiMode || event.shiftKey
    };
  };
  const onMouseMove = (event: React.MouseEvent) => {
    const pixel = pixelAt(event);
    const inside =
      pixel[0] >= 0 &&
      pixel[1] >= 0 &&
      pixel[0] < frameShape[0] &&
      pixel[1] < frameShape[1];
    props.onHover(inside ? pixel : undefined);
    const d = drag.current;
    if (!d) {
      return;
    }
    if (d.roi) {
      const start = toPixel(d.region, placement, d.x, d.y);
      setRubber(normaliseRect(start, pixel, frameShape));
    } else {
      const dx = (event.nativeEvent.offsetX - d.x) / placement.scale;
      const dy = (event.nativeEvent.offsetY - d.y) / placement.scale;
      if (dx !== 0 || dy !== 0) {
        props.onRegion(pan(d.region, -dy, -dx, frameShape));
      }
    }
  };
  const onMouseUp = () => {
    if (drag.current?.roi && rubber) {
      props.onRoi(rubber);
    }
    drag.current = null;
    setRubber(undefined);
  };

  return (
    <div
      className="jp-nxviz-frames-canvas"
      style={{ width, height }}
      data-nxviz-region={[region.r0, region.r1, region.c0, region.c1].join(',')}
    >
      <canvas
        ref={canvas}
        width={Math.round(width * ratio)}
        height={Math.round(height * ratio)}
        style={{ width, height }}
        data-drawn-index={shown?.index ?? -1}
        data-factors={shown?.frame.factors.join(',')}
        onMouseDown={onMouseDown}
        onMouseMove={onMouseMove}
        onMouseUp={onMouseUp}
        onMouseLeave={() => {
          props.onHover(undefined);
          onMouseUp();
        }}
        onDoubleClick={() => props.onRegion(fullRegion(frameShape))}
      />
      <StillOverlay
        {...props.overlay}
        roi={rubber ?? props.overlay.roi}
        width={width}
        height={height}
        region={region}
        fit={placement}
        frameShape={frameShape}
      />
    </div>
  );
}
