// PNG export of what the view shows: a line or heatmap plot with its axes, labels, colour bar
// and title (@h5web's <figure>), or the Frames view composed as a figure (frames/figure.ts).
// Only when a view has neither is its bare canvas saved.
import { framesFigure, IFigureStyle, Snap } from '../frames/figure';

function themeStyle(ratio: number): IFigureStyle {
  const css = getComputedStyle(document.body);
  const value = (name: string, fallback: string) =>
    css.getPropertyValue(name).trim() || fallback;
  return {
    ratio,
    background: value('--jp-layout-color0', 'white'),
    foreground: value('--jp-ui-font-color1', 'black'),
    font: value('--jp-ui-font-family', 'sans-serif')
  };
}

/** SVG properties set by style sheets, which a deep clone of an <svg> would lose. */
const SVG_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'visibility',
  'display',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'paint-order'
];

/**
 * Runs `task` with the computed style of every element inside an <svg> of `element` written
 * into its style attribute (html-to-image clones an <svg> whole, without its children's style
 * sheet rules: rings would fill black), then puts the attributes back.
 */
async function withSvgStyles<T>(
  element: Element,
  task: () => Promise<T>
): Promise<T> {
  const inside = Array.from(
    element.querySelectorAll<SVGElement>('svg *')
  ).filter(el => !(el instanceof SVGSVGElement));
  const saved = inside.map(el => el.getAttribute('style'));
  inside.forEach(el => {
    const computed = getComputedStyle(el);
    for (const name of SVG_PROPERTIES) {
      el.style.setProperty(name, computed.getPropertyValue(name));
    }
  });
  try {
    return await task();
  } finally {
    inside.forEach((el, i) => {
      const style = saved[i];
      if (style === null) {
        el.removeAttribute('style');
      } else {
        el.setAttribute('style', style);
      }
    });
  }
}

/** Renders an element to a canvas with its computed styles (html-to-image, loaded on use). */
function snapper(background: string): Snap {
  return async (element, ratio) => {
    const { toCanvas } = await import('html-to-image');
    return withSvgStyles(element, () =>
      toCanvas(element as HTMLElement, {
        pixelRatio: ratio,
        backgroundColor: background,
        skipFonts: true
      })
    );
  };
}

function toBlob(canvas: HTMLCanvasElement): Promise<Blob | null> {
  return new Promise(resolve => canvas.toBlob(resolve, 'image/png'));
}

/** The figure of the view in `main` as PNG; undefined when the view draws no plot. */
export async function viewPng(
  main: HTMLElement
): Promise<Blob | null | undefined> {
  const style = themeStyle(Math.max(1, window.devicePixelRatio || 1));
  const snap = snapper(style.background);
  const frames = main.querySelector<HTMLElement>('.jp-nxviz-frames');
  if (frames) {
    const canvas = await framesFigure(frames, style, snap);
    return canvas ? toBlob(canvas) : undefined;
  }
  const figure = main.querySelector<HTMLElement>('figure.jp-nxviz-vis');
  if (figure) {
    return toBlob(await snap(figure, style.ratio));
  }
  const canvas = main.querySelector<HTMLCanvasElement>('canvas');
  return canvas ? toBlob(canvas) : undefined;
}
