// The plotting components, loaded on demand: @h5web/lib and three.js stay out of start-up.
import React from 'react';

type HeatmapModule = typeof import('./HeatmapPlot');
type LineModule = typeof import('./LinePlot');

let heatmap: Promise<HeatmapModule> | null = null;
let line: Promise<LineModule> | null = null;

export function loadHeatmapPlot(): Promise<HeatmapModule> {
  heatmap ??= import('./HeatmapPlot');
  return heatmap;
}

export function loadLinePlot(): Promise<LineModule> {
  line ??= import('./LinePlot');
  return line;
}

/** Start fetching the plotting code while the file's metadata is read. */
export function preloadPlots(): void {
  void loadHeatmapPlot().catch(() => undefined);
  void loadLinePlot().catch(() => undefined);
}

export const HeatmapPlot = React.lazy(loadHeatmapPlot);
export const LinePlot = React.lazy(loadLinePlot);
