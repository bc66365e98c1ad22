// A pixel's measured spectrum with PyMca's fitted model, and the residuals below.
import { Button, HTMLSelect } from '@jupyterlab/ui-components';
import React, { useState } from 'react';

import { useLatest } from '../common/useLatest';
import { saveBlob } from '../common/save';
import { XrfApi } from './api';
import { IPixel } from './MapCanvas';
import { SpectrumPlot } from './SpectrumPlot';

export function FitPanel(props: {
  xrf: XrfApi;
  result: string;
  pixel: IPixel;
  /** file name stem for downloads */
  stem: string;
}): React.ReactElement {
  const { xrf, result, pixel } = props;
  const [log, setLog] = useState(true);
  const fit = useLatest(`fit:${result}:${pixel.row},${pixel.col}`, signal =>
    xrf.fit(result, pixel.row, pixel.col, signal)
  );
  if (fit.status === 'error') {
    return <div className="jp-nxviz-problem">{fit.message}</div>;
  }
  if (fit.status !== 'ready') {
    return (
      <div className="jp-nxviz-hint">
        Reading the fit of pixel {pixel.row},{pixel.col}…
      </div>
    );
  }
  const { energy, units, measured, model, residuals } = fit.value;
  return (
    <div
      className="jp-nxviz-xrf-fit"
      data-nxviz-pixel={`${pixel.row},${pixel.col}`}
      data-nxviz-residuals={residuals ? 'shown' : 'none'}
    >
      <div className="jp-nxviz-xrf-panel-title">
        pixel {pixel.row},{pixel.col}: measured spectrum and fitted model
        <label>
          <span className="jp-nxviz-control-label">counts</span>
          <HTMLSelect
            aria-label="fit scale"
            value={log ? 'log' : 'linear'}
            onChange={e => setLog(e.currentTarget.value === 'log')}
            options={['log', 'linear']}
          />
        </label>
        <Button
          minimal
          small
          title="Download this pixel's measured spectrum, model and residuals as CSV"
          onClick={() =>
            void xrf
              .fitCsv(result, pixel.row, pixel.col)
              .then(text =>
                saveBlob(
                  new Blob([text], { type: 'text/csv' }),
                  `${props.stem}-fit-${pixel.row}_${pixel.col}.csv`
                )
              )
          }
        >
          CSV
        </Button>
      </div>
      <SpectrumPlot
        curves={[
          ...(measured
            ? [
                {
                  id: 'measured',
                  label: 'measured',
                  energy,
                  values: measured,
                  colour: 'var(--jp-ui-font-color1)'
                }
              ]
            : []),
          {
            id: 'model',
            label: 'fitted model',
            energy,
            values: model,
            colour: 'var(--jp-error-color1)'
          }
        ]}
        xLabel={units ? `energy / ${units}` : 'channel'}
        log={log}
        residuals={
          residuals
            ? {
                id: 'residuals',
                label: 'residuals',
                energy,
                values: residuals,
                colour: 'var(--jp-brand-color1)'
              }
            : null
        }
      />
    </div>
  );
}
