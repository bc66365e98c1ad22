// The colour scale and colour map of the XRF maps: JupyterLab's selects.
import { HTMLSelect } from '@jupyterlab/ui-components';
import React from 'react';

import {
  COLOUR_MAPS,
  ColourMapName,
  ScaleKind,
  SCALES
} from '../common/colour';

export interface IMapStyle {
  scale: ScaleKind;
  colourMap: ColourMapName;
}

export const DEFAULT_STYLE: IMapStyle = {
  scale: 'linear',
  colourMap: 'viridis'
};

export function MapStyleControls(props: {
  value: IMapStyle;
  onChange: (style: IMapStyle) => void;
}): React.ReactElement {
  const { value } = props;
  return (
    <>
      <label title="How values map to colours">
        <span className="jp-nxviz-control-label">scale</span>
        <HTMLSelect
          aria-label="colour scale"
          value={value.scale}
          onChange={e =>
            props.onChange({
              ...value,
              scale: e.currentTarget.value as ScaleKind
            })
          }
          options={SCALES.filter(s => s !== 'gamma')}
        />
      </label>
      <label title="Colour map">
        <span className="jp-nxviz-control-label">colours</span>
        <HTMLSelect
          aria-label="colour map"
          value={value.colourMap}
          onChange={e =>
            props.onChange({
              ...value,
              colourMap: e.currentTarget.value as ColourMapName
            })
          }
          options={COLOUR_MAPS}
        />
      </label>
    </>
  );
}

/** Curve colours from the theme: pinned spectra, fit curves. */
export const CURVE_COLOURS = [
  'var(--jp-brand-color1)',
  'var(--jp-warn-color1)',
  'var(--jp-success-color1)',
  'var(--jp-error-color1)',
  'var(--jp-accent-color1)',
  'var(--jp-brand-color3)',
  'var(--jp-warn-color3)'
];
