// The spectra cube view: the summed (or energy-window) map beside the spectrum under the cursor;
// click pins a pixel, shift-click adds one, a rectangle gives its sum spectrum, a window dragged
// on the spectrum gives its map, chosen elements' emission lines are marked.
import { Button, HTMLSelect } from '@jupyterlab/ui-components';
import React, { useMemo, useState } from 'react';

import { useLatest } from '../common/useLatest';
import { saveBlob } from '../common/save';
import { MapWindow, XrfApi } from './api';
import { ElementPicker } from './ElementPicker';
import { keVTo } from './elements';
import { MapCanvas } from './MapCanvas';
import { DEFAULT_STYLE, IMapStyle, MapStyleControls } from './MapStyle';
import { IXrfCube } from './models';
import { ICurve, SpectrumPlot } from './SpectrumPlot';
import { useSpectra } from './useSpectra';

export interface ICubeViewProps {
  xrf: XrfApi;
  cube: IXrfCube;
  /** file name stem for downloads */
  stem: string;
}

/** The energy axis' label: 'energy / keV', or 'channel' without a calibration. */
export function energyLabel(cube: IXrfCube): string {
  if (cube.energy.source === 'channel') {
    return 'channel';
  }
  return cube.energy.units ? `energy / ${cube.energy.units}` : 'energy';
}

/** The extent of the cube's energy axis (channel numbers without a calibration). */
export function energyRange(cube: IXrfCube): [number, number] {
  const values = cube.energy.values;
  if (values.length === 0) {
    return [0, Math.max(1, cube.shape[2] - 1)];
  }
  const first = values[0];
  const last = values[values.length - 1];
  return first <= last ? [first, last] : [last, first];
}

/** The map request of a window dragged on the spectrum (channels: whole, half-open). */
export function windowOf(cube: IXrfCube, window: [number, number]): MapWindow {
  if (cube.energy.source === 'channel') {
    return {
      kind: 'channels',
      range: [Math.max(0, Math.floor(window[0])), Math.ceil(window[1]) + 1]
    };
  }
  return { kind: 'energy', range: window };
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(4);
}

export function CubeView(props: ICubeViewProps): React.ReactElement {
  const { xrf, cube } = props;
  const [window, setWindow] = useState<[number, number] | null>(null);
  const [style, setStyle] = useState<IMapStyle>(DEFAULT_STYLE);
  const [log, setLog] = useState(true);
  const [elements, setElements] = useState<string[]>([]);
  const [tool, setTool] = useState<'rectangle' | 'polygon'>('rectangle');
  const spectra = useSpectra(xrf, cube);
  const hover = spectra.hover;
  const map = useLatest(
    `map:${cube.path}:${window?.join(':') ?? 'all'}`,
    signal => xrf.map(cube.path, window ? windowOf(cube, window) : null, signal)
  );
  const factor = keVTo(cube.energy.units);
  const lines = useLatest(
    elements.length > 0 && factor !== null
      ? `lines:${elements.join(',')}`
      : null,
    signal => xrf.lines(elements, undefined, signal)
  );
  const units =
    cube.energy.source === 'channel' ? 'channels' : (cube.energy.units ?? '');
  const hovered = spectra.hovered;
  // the plot's props keep their identity while only the cursor moves (the spectrum under it
  // is still being asked): the plot is not drawn again until a spectrum changes
  const curves = useMemo(() => {
    const drawn: ICurve[] = spectra.shown.map(s => ({
      id: s.id,
      label: `${s.label} (${s.spectrum.pixels} px)`,
      energy: s.spectrum.energy,
      values: s.spectrum.counts,
      colour: s.colour
    }));
    if (hovered) {
      drawn.unshift({
        id: 'hover',
        label: `under the cursor: pixel ${hovered.at.row},${hovered.at.col}`,
        energy: hovered.spectrum.energy,
        values: hovered.spectrum.counts,
        colour: 'var(--jp-ui-font-color2)',
        dashed: true
      });
    }
    return drawn;
  }, [spectra.shown, hovered]);
  const shownLines = useMemo(
    () =>
      lines.status === 'ready' && factor !== null
        ? lines.value.map(l => ({ ...l, energy: l.energy * factor }))
        : [],
    [lines, factor]
  );
  const xRange = useMemo(() => energyRange(cube), [cube]);
  const frame = map.status === 'ready' ? map.value : null;
  const value =
    frame && hover
      ? frame.data[hover.row * frame.shape[1] + hover.col]
      : undefined;
  const sources = spectra.shown.map(s => s.source);
  const regionShown = sources.filter(s => s.kind === 'region').pop();
  const polygonShown = sources.filter(s => s.kind === 'polygon').pop();
  return (
    <div
      className="jp-nxviz-xrf jp-nxviz-xrf-cube"
      data-nxviz-view="xrf-cube"
      data-nxviz-cube={cube.path}
    >
      <div className="jp-nxviz-xrf-controls">
        <span className="jp-nxviz-xrf-title" title={cube.path}>
          {cube.shape[0]} × {cube.shape[1]} pixels, {cube.shape[2]} channels
          {cube.energy.source === 'channel'
            ? ' (no energy calibration in the file)'
            : ''}
        </span>
        <MapStyleControls value={style} onChange={setStyle} />
        <label title="Counts axis of the spectrum">
          <span className="jp-nxviz-control-label">spectrum</span>
          <HTMLSelect
            aria-label="spectrum scale"
            value={log ? 'log' : 'linear'}
            onChange={e => setLog(e.currentTarget.value === 'log')}
            options={['log', 'linear']}
          />
        </label>
        <label title="What a drag (rectangle) or clicks (polygon: click the first point again to close) on the map draw: the sum spectrum of the pixels inside">
          <span className="jp-nxviz-control-label">draw</span>
          <HTMLSelect
            aria-label="region tool"
            value={tool}
            onChange={e =>
              setTool(e.currentTarget.value as 'rectangle' | 'polygon')
            }
            options={['rectangle', 'polygon']}
          />
        </label>
        <ElementPicker chosen={elements} onChange={setElements} />
      </div>
      <div className="jp-nxviz-xrf-panels">
        <div className="jp-nxviz-xrf-panel">
          <div
            className="jp-nxviz-xrf-panel-title"
            data-nxviz-map-window={window?.join(':') ?? ''}
          >
            {window
              ? `counts in ${fmt(window[0])}–${fmt(window[1])} ${units}`
              : 'counts summed over all channels'}
            {window ? (
              <Button minimal small onClick={() => setWindow(null)}>
                all channels
              </Button>
            ) : null}
          </div>
          <div
            hidden
            data-nxviz-map-ready={
              map.status === 'ready' ? (window?.join(':') ?? 'all') : ''
            }
          />
          {frame ? (
            <MapCanvas
              frame={frame}
              scale={style.scale}
              colourMap={style.colourMap}
              marks={spectra.shown
                .filter(s => s.source.kind === 'pixel')
                .map(s =>
                  s.source.kind === 'pixel'
                    ? { row: s.source.row, col: s.source.col, colour: s.colour }
                    : { row: 0, col: 0, colour: s.colour }
                )}
              region={
                regionShown?.kind === 'region'
                  ? [...regionShown.rows, ...regionShown.cols]
                  : null
              }
              onHover={spectra.hoverAt}
              onPick={(at, add) =>
                void spectra.add(
                  { kind: 'pixel', row: at.row, col: at.col },
                  add
                )
              }
              polygon={
                polygonShown?.kind === 'polygon' ? polygonShown.points : null
              }
              onPolygon={
                tool === 'polygon'
                  ? points =>
                      void spectra.add({ kind: 'polygon', points }, true)
                  : undefined
              }
              onRegion={r =>
                void spectra.add(
                  { kind: 'region', rows: [r[0], r[1]], cols: [r[2], r[3]] },
                  true
                )
              }
              label="map of counts"
            />
          ) : (
            <div
              className={
                map.status === 'error' ? 'jp-nxviz-problem' : 'jp-nxviz-hint'
              }
            >
              {map.status === 'error'
                ? map.message
                : 'Summing the cube on the server…'}
            </div>
          )}
          <div
            className="jp-nxviz-xrf-readout"
            data-nxviz-pixel={hover ? `${hover.row},${hover.col}` : ''}
          >
            {hover
              ? `row ${hover.row}, column ${hover.col}: ${value?.toPrecision(6) ?? '…'}`
              : 'Point at a pixel for its spectrum; click pins it, shift-click adds it; drag a rectangle for its sum.'}
          </div>
        </div>
        <div className="jp-nxviz-xrf-panel">
          <SpectrumPlot
            curves={curves}
            xLabel={energyLabel(cube)}
            log={log}
            lines={shownLines}
            window={window}
            onWindow={setWindow}
            legend={false}
            xRange={xRange}
          />
          {factor === null && elements.length > 0 ? (
            <div className="jp-nxviz-hint">
              Emission lines need an energy axis in eV or keV; this one is in{' '}
              {units || 'no units'}.
            </div>
          ) : null}
          {spectra.error ? (
            <div className="jp-nxviz-problem">{spectra.error}</div>
          ) : null}
          <ul className="jp-nxviz-xrf-shown" aria-label="shown spectra">
            {spectra.shown.map(s => (
              <li
                key={s.id}
                data-nxviz-spectrum={s.id}
                data-nxviz-source={JSON.stringify(s.source)}
              >
                <span
                  className="jp-nxviz-xrf-swatch"
                  style={{ background: s.colour }}
                />
                {s.label} ({s.spectrum.pixels}{' '}
                {s.spectrum.pixels === 1 ? 'pixel' : 'pixels'})
                <Button
                  minimal
                  small
                  title="Download this spectrum as CSV (energy with units, counts)"
                  onClick={() =>
                    void xrf
                      .spectrumCsv(cube.path, s.source)
                      .then(text =>
                        saveBlob(
                          new Blob([text], { type: 'text/csv' }),
                          `${props.stem}-${s.label.replace(/[^\w.-]+/g, '_')}.csv`
                        )
                      )
                  }
                >
                  CSV
                </Button>
                <Button
                  minimal
                  small
                  title="Remove"
                  onClick={() => spectra.remove(s.id)}
                >
                  ×
                </Button>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
