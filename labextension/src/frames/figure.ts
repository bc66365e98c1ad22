// The Frames view as a figure for PNG export: its title (file, frame number, data file), the
// frame as shown (contrast, masks, rings, ROI) between pixel axes, and the histogram with the
// colour bar and its limits, drawn at the device's pixel ratio.
import { niceTicks, tickLabels } from '../common/ticks';
import { fit, IRegion } from './view';

/** What the figure is drawn with: the theme's colours and font. */
export interface IFigureStyle {
  ratio: number;
  background: string;
  foreground: string;
  font: string;
}

/** Renders a DOM element (canvas, SVG overlay, styles) to a canvas at `ratio`. */
export type Snap = (
  element: HTMLElement | SVGElement,
  ratio: number
) => Promise<HTMLCanvasElement>;

const TITLE = 28;
const LEFT = 58;
const BOTTOM = 42;
const GAP = 24;
const RIGHT = 12;
const TICK = 4;

function parseRegion(text: string | undefined): IRegion | undefined {
  const parts = (text ?? '').split(',').map(Number);
  if (parts.length !== 4 || parts.some(v => !Number.isFinite(v))) {
    return undefined;
  }
  const [r0, r1, c0, c1] = parts;
  return { r0, r1, c0, c1 };
}

/** Ticks of pixel-edge coordinates [low, high] at whole pixels, their screen positions. */
function axisTicks(
  low: number,
  high: number,
  scale: number,
  length: number
): { at: number; label: string }[] {
  const n = Math.max(2, Math.min(8, Math.floor(length / 70)));
  const ticks = niceTicks(low, high, n).filter(t => Number.isInteger(t));
  const labels = tickLabels(ticks);
  return ticks.map((t, i) => ({ at: (t - low) * scale, label: labels[i] }));
}

/**
 * The figure of the Frames view rooted at `root` (`.jp-nxviz-frames`), or undefined when no
 * frame is drawn.
 */
export async function framesFigure(
  root: HTMLElement,
  style: IFigureStyle,
  snap: Snap
): Promise<HTMLCanvasElement | undefined> {
  const box = root.querySelector<HTMLElement>('.jp-nxviz-frames-canvas');
  const region = parseRegion(box?.dataset.nxvizRegion);
  if (!box || !region || root.dataset.drawnIndex === '-1') {
    return undefined;
  }
  const width = box.clientWidth;
  const height = box.clientHeight;
  const place = fit(region, width, height);
  // the part of the canvas the frame covers
  const shownW = Math.min(width, (region.c1 - region.c0) * place.scale);
  const shownH = Math.min(height, (region.r1 - region.r0) * place.scale);
  const ox = Math.max(0, place.ox);
  const oy = Math.max(0, place.oy);

  const { ratio } = style;
  const frame = await snap(box, ratio);
  const histogram = root.querySelector<SVGSVGElement>(
    'svg.jp-nxviz-frames-histogram'
  );
  const bar = histogram ? await snap(histogram, ratio) : undefined;
  const barW = bar ? bar.width / ratio : 0;
  const barH = bar ? bar.height / ratio : 0;

  const cssW = LEFT + shownW + (bar ? GAP + barW : 0) + RIGHT;
  const cssH = TITLE + Math.max(shownH + BOTTOM, barH);
  const out = document.createElement('canvas');
  out.width = Math.round(cssW * ratio);
  out.height = Math.round(cssH * ratio);
  const ctx = out.getContext('2d');
  if (!ctx) {
    return undefined;
  }
  ctx.scale(ratio, ratio);
  ctx.fillStyle = style.background;
  ctx.fillRect(0, 0, cssW, cssH);
  ctx.fillStyle = style.foreground;
  ctx.strokeStyle = style.foreground;
  ctx.font = `bold 13px ${style.font}`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillText(root.dataset.nxvizTitle ?? '', 6, TITLE / 2, cssW - 12);

  // the frame as drawn, cut to its own extent
  ctx.drawImage(
    frame,
    ox * ratio,
    oy * ratio,
    shownW * ratio,
    shownH * ratio,
    LEFT,
    TITLE,
    shownW,
    shownH
  );
  ctx.lineWidth = 1;
  ctx.strokeRect(LEFT - 0.5, TITLE - 0.5, shownW + 1, shownH + 1);

  // pixel axes: columns along the bottom, rows down the left (row 0 at the top)
  const c0 = region.c0 + Math.max(0, -place.ox) / place.scale;
  const r0 = region.r0 + Math.max(0, -place.oy) / place.scale;
  const axis = { ctx, font: style.font, scale: place.scale, shownW, shownH };
  drawAxis(axis, 'column', c0);
  drawAxis(axis, 'row', r0);

  if (bar) {
    ctx.drawImage(bar, LEFT + shownW + GAP, TITLE, barW, barH);
  }
  return out;
}

interface IAxisPlace {
  ctx: CanvasRenderingContext2D;
  font: string;
  /** screen pixels per detector pixel */
  scale: number;
  shownW: number;
  shownH: number;
}

/**
 * One pixel axis of the figure: columns along the bottom edge of the frame, rows down its left
 * edge, from detector pixel `first` on; ticks, their labels, and the axis label in bold (as
 * @h5web's figures draw theirs).
 */
function drawAxis(
  place: IAxisPlace,
  direction: 'column' | 'row',
  first: number
): void {
  const { ctx, font, scale, shownW, shownH } = place;
  const columns = direction === 'column';
  const length = columns ? shownW : shownH;
  ctx.font = `11px ${font}`;
  ctx.textAlign = columns ? 'center' : 'right';
  ctx.textBaseline = columns ? 'top' : 'middle';
  for (const t of axisTicks(first, first + length / scale, scale, length)) {
    ctx.beginPath();
    if (columns) {
      const x = LEFT + t.at;
      ctx.moveTo(x, TITLE + shownH);
      ctx.lineTo(x, TITLE + shownH + TICK);
      ctx.stroke();
      ctx.fillText(t.label, x, TITLE + shownH + TICK + 2);
    } else {
      const y = TITLE + t.at;
      ctx.moveTo(LEFT - TICK, y);
      ctx.lineTo(LEFT, y);
      ctx.stroke();
      ctx.fillText(t.label, LEFT - TICK - 2, y);
    }
  }
  ctx.save();
  if (columns) {
    ctx.translate(LEFT + shownW / 2, TITLE + shownH + 22);
  } else {
    ctx.translate(12, TITLE + shownH / 2);
    ctx.rotate(-Math.PI / 2);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = columns ? 'top' : 'middle';
  ctx.font = `bold 12px ${font}`;
  ctx.fillText(`${direction} (pixel)`, 0, 0);
  ctx.restore();
}
