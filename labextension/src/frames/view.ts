// The visible part of a frame: a region in full-resolution pixel edges, fitted into the canvas
// with square pixels; zoom about a point, pan, and screen ↔ pixel mapping.

export interface IRegion {
  /** rows r0..r1 and columns c0..c1 in pixel-edge coordinates (pixel i spans i..i+1) */
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

export interface IFit {
  /** screen pixels per detector pixel */
  scale: number;
  /** screen position of the region's top-left corner */
  ox: number;
  oy: number;
}

export function fullRegion(frame: [number, number]): IRegion {
  return { r0: 0, r1: frame[0], c0: 0, c1: frame[1] };
}

export function fit(region: IRegion, width: number, height: number): IFit {
  const rows = region.r1 - region.r0;
  const cols = region.c1 - region.c0;
  const scale = Math.min(width / cols, height / rows);
  return {
    scale,
    ox: (width - cols * scale) / 2,
    oy: (height - rows * scale) / 2
  };
}

/** Pixel-edge coordinates [row, column] of a screen point. */
export function toPixel(
  region: IRegion,
  f: IFit,
  sx: number,
  sy: number
): [number, number] {
  return [region.r0 + (sy - f.oy) / f.scale, region.c0 + (sx - f.ox) / f.scale];
}

/** Screen point of pixel-edge coordinates [row, column]. */
export function toScreen(
  region: IRegion,
  f: IFit,
  row: number,
  col: number
): [number, number] {
  return [
    f.ox + (col - region.c0) * f.scale,
    f.oy + (row - region.r0) * f.scale
  ];
}

/** Keep a region inside the frame and at least `minSide` pixels across. */
export function clampRegion(
  region: IRegion,
  frame: [number, number],
  minSide = 8
): IRegion {
  const clampAxis = (a: number, b: number, n: number): [number, number] => {
    let size = Math.min(n, Math.max(minSide, b - a));
    let start = Math.min(Math.max(0, a), n - size);
    if (!Number.isFinite(start)) {
      start = 0;
      size = n;
    }
    return [start, start + size];
  };
  const [r0, r1] = clampAxis(region.r0, region.r1, frame[0]);
  const [c0, c1] = clampAxis(region.c0, region.c1, frame[1]);
  return { r0, r1, c0, c1 };
}

/** Zoom by `factor` (> 1 zooms in) keeping pixel [row, col] under the same screen point. */
export function zoomAbout(
  region: IRegion,
  factor: number,
  row: number,
  col: number,
  frame: [number, number]
): IRegion {
  return clampRegion(
    {
      r0: row - (row - region.r0) / factor,
      r1: row + (region.r1 - row) / factor,
      c0: col - (col - region.c0) / factor,
      c1: col + (region.c1 - col) / factor
    },
    frame
  );
}

export function pan(
  region: IRegion,
  dRows: number,
  dCols: number,
  frame: [number, number]
): IRegion {
  return clampRegion(
    {
      r0: region.r0 + dRows,
      r1: region.r1 + dRows,
      c0: region.c0 + dCols,
      c1: region.c1 + dCols
    },
    frame
  );
}

/** Whole pixels covering a region, as the image endpoint's `region` wants: [r0, r1, c0, c1). */
export function integerRegion(
  region: IRegion,
  frame: [number, number]
): [number, number, number, number] {
  return [
    Math.max(0, Math.floor(region.r0)),
    Math.min(frame[0], Math.ceil(region.r1)),
    Math.max(0, Math.floor(region.c0)),
    Math.min(frame[1], Math.ceil(region.c1))
  ];
}

export function isFull(
  region: [number, number, number, number],
  frame: [number, number]
): boolean {
  return (
    region[0] === 0 &&
    region[2] === 0 &&
    region[1] === frame[0] &&
    region[3] === frame[1]
  );
}
