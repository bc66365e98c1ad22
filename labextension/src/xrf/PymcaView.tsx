// PyMca's fit results: the element-line maps as a mosaic (parameters, uncertainties or mass
// fractions), a pixel's fit, an RGB composite, the correlation of two maps, the configuration.
import { Button, HTMLSelect } from '@jupyterlab/ui-components';
import React, { useState } from 'react';

import { saveBlob } from '../common/save';
import { messageOf } from '../common/errors';
import { ISelection, XrfApi } from './api';
import { CubeView } from './CubeView';
import { FitPanel } from './FitPanel';
import { IPixel } from './MapCanvas';
import { DEFAULT_STYLE, IMapStyle, MapStyleControls } from './MapStyle';
import { IXrfPayload } from './models';
import { Mosaic } from './Mosaic';
import { RgbComposite } from './RgbComposite';
import { ScatterPanel } from './ScatterPanel';
import { useMaps } from './useMaps';

type Tab = 'maps' | 'rgb' | 'scatter' | 'configuration' | 'spectra';

const KIND_ORDER = ['parameters', 'uncertainties', 'massfractions'];

export function PymcaView(props: {
  xrf: XrfApi;
  payload: IXrfPayload;
  stem: string;
}): React.ReactElement {
  const { xrf, payload } = props;
  const kinds = [...new Set(payload.maps.map(m => m.kind))].sort(
    (a, b) => KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b)
  );
  const [kind, setKind] = useState(kinds[0] ?? 'parameters');
  const [tab, setTab] = useState<Tab>('maps');
  const [style, setStyle] = useState<IMapStyle>(DEFAULT_STYLE);
  const [shared, setShared] = useState(false);
  const [pixel, setPixel] = useState<IPixel | null>(null);
  const [selection, setSelection] = useState<ISelection | null>(null);
  const [rgbPaths, setRgbPaths] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const maps = payload.maps.filter(m => m.kind === kind);
  const { frames, errors } = useMaps(
    xrf,
    maps.map(m => m.path)
  );
  const tabs: Tab[] = ['maps', 'rgb', 'scatter', 'configuration'];
  if (payload.cube) {
    tabs.push('spectra');
  }
  const shownPaths =
    tab === 'rgb'
      ? rgbPaths
      : tab === 'maps' || tab === 'scatter'
        ? maps.map(m => m.path)
        : [];
  const exportTiff = async (): Promise<void> => {
    try {
      const blob = await xrf.tiff(shownPaths);
      saveBlob(blob, `${props.stem}-${kind}.tif`);
      setProblem(null);
    } catch (e) {
      setProblem(messageOf(e));
    }
  };
  return (
    <div
      className="jp-nxviz-xrf jp-nxviz-xrf-pymca"
      data-nxviz-view="xrf-pymca"
      data-nxviz-result={payload.path}
    >
      <div className="jp-nxviz-xrf-controls">
        <div className="jp-nxviz-modes" role="tablist">
          {tabs.map(t => (
            <button
              key={t}
              role="tab"
              aria-selected={tab === t}
              data-tab={t}
              className={`jp-nxviz-mode${tab === t ? ' jp-mod-active' : ''}`}
              onClick={() => setTab(t)}
            >
              {t}
            </button>
          ))}
        </div>
        {tab === 'maps' || tab === 'rgb' || tab === 'scatter' ? (
          <label title="PyMca's fitted peak areas, their uncertainties, or the mass fractions">
            <span className="jp-nxviz-control-label">maps</span>
            <HTMLSelect
              aria-label="kind of maps"
              value={kind}
              onChange={e => {
                setKind(e.currentTarget.value);
                setSelection(null);
              }}
              options={kinds}
            />
          </label>
        ) : null}
        {tab === 'maps' ? (
          <>
            <MapStyleControls value={style} onChange={setStyle} />
            <label title="One colour scale for all maps, or each map its own">
              <span className="jp-nxviz-control-label">limits</span>
              <HTMLSelect
                aria-label="colour limits"
                value={shared ? 'shared' : 'individual'}
                onChange={e => setShared(e.currentTarget.value === 'shared')}
                options={[
                  { value: 'individual', label: 'each map its own' },
                  { value: 'shared', label: 'one for all' }
                ]}
              />
            </label>
          </>
        ) : null}
        {shownPaths.length > 0 ? (
          <Button
            small
            title="Download the shown maps as a multi-page TIFF (one page per map)"
            onClick={() => void exportTiff()}
          >
            TIFF
          </Button>
        ) : null}
      </div>
      {problem ? <div className="jp-nxviz-problem">{problem}</div> : null}
      {tab === 'maps' || tab === 'scatter' ? (
        <div className={tab === 'scatter' ? 'jp-nxviz-xrf-panels' : ''}>
          {tab === 'scatter' ? (
            <div className="jp-nxviz-xrf-panel">
              <ScatterPanel xrf={xrf} maps={maps} onSelect={setSelection} />
            </div>
          ) : null}
          <div className="jp-nxviz-xrf-panel">
            <Mosaic
              maps={maps}
              frames={frames}
              errors={errors}
              style={style}
              shared={shared}
              marks={
                pixel ? [{ ...pixel, colour: 'var(--jp-error-color1)' }] : []
              }
              highlight={tab === 'scatter' ? (selection?.mask ?? null) : null}
              onPick={setPixel}
            />
          </div>
        </div>
      ) : null}
      {tab === 'maps' && pixel && payload.fit ? (
        <FitPanel
          xrf={xrf}
          result={payload.path}
          pixel={pixel}
          stem={props.stem}
        />
      ) : null}
      {tab === 'maps' && !payload.fit ? (
        <div className="jp-nxviz-hint">
          This result holds no per-pixel fit (measured and model spectra).
        </div>
      ) : null}
      {tab === 'rgb' ? (
        <RgbComposite maps={maps} frames={frames} onPaths={setRgbPaths} />
      ) : null}
      {tab === 'configuration' ? (
        <pre
          className="jp-nxviz-xrf-config"
          data-nxviz-config={payload.config ? 'shown' : 'none'}
        >
          {payload.config ?? 'The file holds no fit configuration.'}
        </pre>
      ) : null}
      {tab === 'spectra' && payload.cube ? (
        <CubeView xrf={xrf} cube={payload.cube} stem={props.stem} />
      ) : null}
    </div>
  );
}
