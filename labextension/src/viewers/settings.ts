// The viewer's user settings (schema: labextension/schema/plugin.json).
import { ScaleName, SCALES } from './contrast';

export interface IViewerSettings {
  colormap: string;
  scale: ScaleName;
  /** percentile range for auto-contrast, e.g. '0.1-99.9'; '0-100' is min–max */
  percentiles: string;
  invertColormap: boolean;
  /**
   * The frame a stack opens on (flat index over its leading dimensions): a notebook output's
   * `frame` option, as nxviz.show was given it; not a user setting.
   */
  frame?: number;
}

export const DEFAULT_SETTINGS: IViewerSettings = {
  colormap: 'Viridis',
  scale: 'linear',
  percentiles: '0.1-99.9',
  invertColormap: false
};

export function readSettings(
  composite: Record<string, unknown>
): IViewerSettings {
  const scale = composite.scale as ScaleName;
  return {
    colormap:
      typeof composite.colormap === 'string'
        ? composite.colormap
        : DEFAULT_SETTINGS.colormap,
    scale: SCALES.includes(scale) ? scale : DEFAULT_SETTINGS.scale,
    percentiles:
      typeof composite.percentiles === 'string'
        ? composite.percentiles
        : DEFAULT_SETTINGS.percentiles,
    invertColormap: composite.invertColormap === true
  };
}
