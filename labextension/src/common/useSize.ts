// The size of a view's drawing area (all of it, in CSS pixels, at the device's pixel ratio; the
// Frames view's canvas, the XRF spectrum) and the image size to ask the server for.
import React, { useLayoutEffect, useState } from 'react';

/** Canvas size before the area is laid out (and where it cannot be measured). */
const GUESSED_SIZE: [number, number] = [640, 608];

/** The screen's device pixels per CSS pixel (2 on most laptops' displays). */
function pixelRatio(): number {
  return typeof window !== 'undefined' && window.devicePixelRatio > 0
    ? window.devicePixelRatio
    : 1;
}

/**
 * Canvas size in CSS pixels: all of the area (its height follows the space the view has, not
 * its width); `measured` is false until the area has been laid out, so no frame is asked at a
 * guessed size. `ratio` is the device pixel ratio the canvas is drawn at.
 */
export function useSize(area: React.RefObject<HTMLDivElement>): {
  size: [number, number];
  measured: boolean;
  ratio: number;
} {
  const [size, setSize] = useState<[number, number] | null>(null);
  const [ratio, setRatio] = useState(pixelRatio);
  // measured when the layout mounts, while the stack is still being read
  useLayoutEffect(() => {
    const el = area.current;
    if (!el) {
      return undefined;
    }
    const measure = () => {
      const w = Math.max(100, Math.floor(el.clientWidth));
      const h = Math.max(100, Math.floor(el.clientHeight));
      setSize(old => (old && old[0] === w && old[1] === h ? old : [w, h]));
      setRatio(pixelRatio());
    };
    if (typeof ResizeObserver === 'undefined') {
      setSize(GUESSED_SIZE);
      return undefined;
    }
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { size: size ?? GUESSED_SIZE, measured: size !== null, ratio };
}

/**
 * The image size to ask for: the visible region binned by the smallest whole factor that fits
 * it in the device pixels it is drawn on (the same along both axes), so the server sends full
 * resolution (factor 1) as soon as the zoom shows fewer detector pixels than screen pixels, and
 * a resize that keeps the factor asks for the same image again.
 */
export function requestSize(
  region: [number, number, number, number],
  width: number,
  height: number,
  ratio: number
): [number, number] {
  const rows = Math.max(1, region[1] - region[0]);
  const cols = Math.max(1, region[3] - region[2]);
  const devicePixelsPerPixel = Math.min(width / cols, height / rows) * ratio;
  const factor = Math.max(1, Math.ceil(1 / devicePixelsPerPixel - 1e-9));
  return [Math.ceil(cols / factor), Math.ceil(rows / factor)];
}
