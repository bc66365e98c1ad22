// A 2D frame drawn with @h5web/lib's WebGL heatmap: colormaps, scales, percentile contrast.
// Loaded with a dynamic import() so JupyterLab's start-up does not pay for @h5web/lib.
import {
  ColorMap,
  ColorMapSelector,
  HeatmapVis,
  INTERPOLATORS,
  ScaleSelector,
  ScaleType,
  Separator,
  ToggleBtn,
  Toolbar,
  useCameraState,
  useVisCanvasContext,
  VisibleDomains
} from '@h5web/lib';
import {
  HTMLSelect,
  lockIcon,
  ToolbarButtonComponent
} from '@jupyterlab/ui-components';
import ndarray from 'ndarray';
import React, { useEffect, useMemo, useRef, useState } from 'react';

import { IImageFrame } from '../api/image';
import { NumericArray } from '../api/npy';
import {
  dataDomain,
  drawableDomain,
  fullDomain,
  parseRange,
  percentileDomain,
  ScaleName,
  serverDomain
} from './contrast';
import RegionOverlay from './RegionOverlay';
import { axisOffset, finiteRange, offsetLabel, shifted } from './ticks';
import { IViewerSettings } from './settings';

const COLOR_SCALES = [
  ScaleType.Linear,
  ScaleType.Log,
  ScaleType.Sqrt,
  ScaleType.SymLog
];

const PERCENTILE_CHOICES = ['0-100', '0.1-99.9', '1-99', '2-98'];

export interface IHeatmapPlotProps {
  frame: IImageFrame;
  settings: IViewerSettings;
  title: string;
  /** what the colours show, with units */
  valueLabel?: string;
  /** both axes in the same units (or pixels): the map keeps its ratio unless released */
  sameUnits?: boolean;
  /** value excluded from contrast and painted as bad (e.g. the detector gap 2^N-1) */
  ignore?: number;
  abscissaLabel?: string;
  ordinateLabel?: string;
  /** physical axis values (length n or n+1 edges) for the full-resolution slice */
  abscissa?: NumericArray;
  ordinate?: NumericArray;
  /** the visible full-resolution rectangle changed (zoom): [row0,row1,col0,col1] */
  onVisibleRegion?: (region: [number, number, number, number]) => void;
  /** how a reduced frame was made from the full slice; 'max pooling' unless said */
  reduction?: string;
  /** the visible region at full resolution, once it has arrived */
  regionFrame?: {
    frame: IImageFrame;
    region: [number, number, number, number];
  } | null;
}

/** The title, with what the colours show when that is not the title itself. */
function heatmapTitle(
  title: string,
  label: string | undefined,
  shown: string | undefined
): string {
  if (shown && shown !== label) {
    return `${title} (colours: ${shown})`; // drawn against an offset
  }
  return label && label !== title ? `${title} — ${label}` : title;
}

function isColorMap(name: string): name is ColorMap {
  return name in INTERPOLATORS;
}

function edges(length: number, factor: number, full: number): Float64Array {
  const out = new Float64Array(length + 1);
  for (let i = 0; i <= length; i += 1) {
    out[i] = Math.min(full, i * factor);
  }
  return out;
}

function RegionWatcher(props: {
  onChange: (domains: VisibleDomains) => void;
}): null {
  const { onChange } = props;
  const { getVisibleDomains } = useVisCanvasContext();
  const domains = useCameraState(getVisibleDomains, [getVisibleDomains]);
  useEffect(() => {
    const timer = window.setTimeout(() => onChange(domains), 250);
    return () => window.clearTimeout(timer);
  }, [
    domains.xVisibleDomain[0],
    domains.xVisibleDomain[1],
    domains.yVisibleDomain[0]
  ]);
  return null;
}

export default function HeatmapPlot(
  props: IHeatmapPlotProps
): React.ReactElement {
  const { frame, settings, ignore } = props;
  const [colorMap, setColorMap] = useState<ColorMap>(
    isColorMap(settings.colormap) ? settings.colormap : 'Viridis'
  );
  const [invert, setInvert] = useState(settings.invertColormap);
  const [scale, setScale] = useState<ScaleName>(settings.scale);
  const [range, setRange] = useState(settings.percentiles);
  const [showGrid, setShowGrid] = useState(false);
  const [keepRatio, setKeepRatio] = useState(props.sameUnits ?? true);
  const zoomed = useRef(false);

  const { domain, constant } = useMemo(() => {
    const percentiles = parseRange(range);
    const { min, max } = frame;
    const fromPercentiles =
      percentiles.low === 0 && percentiles.high === 100
        ? min !== undefined && max !== undefined
          ? ([min, max] as [number, number])
          : fullDomain(frame.data, ignore)
        : (serverDomain(frame.percentiles, percentiles) ??
          percentileDomain(frame.data, percentiles, ignore));
    const found = dataDomain(
      fromPercentiles,
      min ?? fullDomain(frame.data, ignore)?.[0],
      max ?? fullDomain(frame.data, ignore)?.[1]
    );
    return {
      domain: drawableDomain(found.domain, scale, frame.data, ignore),
      constant: found.constant
    };
  }, [frame, range, scale, ignore]);

  const [rows, cols] = frame.shape;
  const full = frame.fullShape?.slice(-2) ?? [
    rows * frame.factors[0],
    cols * frame.factors[1]
  ];
  const abscissa = props.abscissa ?? edges(cols, frame.factors[1], full[1]);
  const ordinate = props.ordinate ?? edges(rows, frame.factors[0], full[0]);
  // narrow ranges far from 0 are drawn relative to an offset, so tick labels stay distinct
  const xOffset = axisOffset(...finiteRange(abscissa));
  const yOffset = axisOffset(...finiteRange(ordinate));
  const colourOffset = scale === 'linear' ? axisOffset(...domain) : 0;
  const dataArray = useMemo(
    () =>
      ndarray(
        Float32Array.from(frame.data, v => v - colourOffset),
        frame.shape
      ),
    [frame, colourOffset]
  );
  const shownDomain: [number, number] = [
    domain[0] - colourOffset,
    domain[1] - colourOffset
  ];
  const valueLabel = offsetLabel(props.valueLabel ?? 'value', colourOffset);
  const offsets = xOffset !== 0 || yOffset !== 0 || colourOffset !== 0;
  const onVisible = props.onVisibleRegion;
  const noData =
    frame.noData !== undefined && frame.excluded
      ? { value: frame.noData, count: frame.excluded }
      : null;

  return (
    <div
      className={`jp-nxviz-plot${noData ? ' jp-nxviz-plot-nodata' : ''}`}
      data-nxviz-plot="heatmap"
    >
      {/* outside @h5web's toolbar, whose overflow menu would hide it in a narrow view */}
      <div className="jp-nxviz-plot-controls jp-Toolbar">
        <ToolbarButtonComponent
          className="jp-nxviz-keep-ratio"
          icon={lockIcon}
          label="Keep ratio"
          pressed={keepRatio}
          tooltip={
            keepRatio
              ? 'Physical axes keep their ratio (square steps look square); click to fill the area'
              : "The plot fills the area; click to keep the axes' ratio"
          }
          onClick={() => setKeepRatio(!keepRatio)}
        />
      </div>
      <Toolbar>
        <ColorMapSelector
          value={colorMap}
          onValueChange={setColorMap}
          invert={invert}
          onInversionChange={() => setInvert(!invert)}
        />
        <Separator />
        <ScaleSelector
          value={scale as ScaleType.Linear}
          onScaleChange={value => setScale(value as ScaleName)}
          options={COLOR_SCALES as ScaleType.Linear[]}
        />
        <Separator />
        <label
          className="jp-nxviz-contrast"
          title="Colour limits: the percentiles of the shown values (min–max: all of them)"
        >
          <span className="jp-nxviz-control-label">contrast</span>
          <HTMLSelect
            value={range}
            aria-label="contrast: colour limits from percentiles"
            data-nxviz-control="percentiles"
            onChange={event => setRange(event.currentTarget.value)}
            options={[
              ...(PERCENTILE_CHOICES.includes(range)
                ? []
                : [{ value: range, label: `${range} %` }]),
              ...PERCENTILE_CHOICES.map(choice => ({
                value: choice,
                label: choice === '0-100' ? 'min–max' : `${choice} %`
              }))
            ]}
          />
        </label>
        <Separator />
        <ToggleBtn
          label="Grid"
          value={showGrid}
          onToggle={() => setShowGrid(!showGrid)}
        />
      </Toolbar>
      <HeatmapVis
        className="jp-nxviz-vis"
        dataArray={dataArray}
        domain={shownDomain}
        colorMap={colorMap}
        invertColorMap={invert}
        scaleType={scale as ScaleType.Linear}
        aspect={keepRatio ? 'equal' : 'auto'}
        // row 0 at the top where rows are indices (images, detector frames), as the Frames
        // view and the notebook draw them; a physical y axis increases upwards
        flipYAxis={!props.ordinate}
        showGrid={showGrid}
        title={heatmapTitle(
          props.title,
          props.valueLabel,
          colourOffset ? valueLabel : props.valueLabel
        )}
        abscissaParams={{
          value: shifted(abscissa, xOffset),
          label: offsetLabel(props.abscissaLabel, xOffset)
        }}
        ordinateParams={{
          value: shifted(ordinate, yOffset),
          label: offsetLabel(props.ordinateLabel, yOffset)
        }}
        renderTooltip={
          offsets
            ? data => (
                <div className="jp-nxviz-tooltip">
                  x = {(data.abscissa + xOffset).toPrecision(6)}, y ={' '}
                  {(data.ordinate + yOffset).toPrecision(6)}
                  <br />
                  {props.valueLabel ?? 'value'} ={' '}
                  {frame.data[data.yi * cols + data.xi]?.toPrecision(6)}
                </div>
              )
            : undefined
        }
        ignoreValue={
          ignore === undefined ? undefined : (v: number) => v === ignore
        }
      >
        {props.regionFrame ? (
          <RegionOverlay
            frame={props.regionFrame.frame}
            region={props.regionFrame.region}
            domain={domain}
            colorMap={colorMap}
            invert={invert}
            scale={scale as ScaleType.Linear}
          />
        ) : null}
        {onVisible ? (
          <RegionWatcher
            onChange={domains => {
              const [x0, x1] = domains.xVisibleDomain;
              const [y0, y1] = domains.yVisibleDomain;
              const wholeX =
                x0 <= abscissa[0] && x1 >= abscissa[abscissa.length - 1];
              if (wholeX && !zoomed.current) {
                return;
              }
              zoomed.current = !wholeX;
              onVisible([
                Math.max(0, Math.floor(Math.min(y0, y1))),
                Math.min(full[0], Math.ceil(Math.max(y0, y1))),
                Math.max(0, Math.floor(x0)),
                Math.min(full[1], Math.ceil(x1))
              ]);
            }}
          />
        ) : null}
      </HeatmapVis>
      <div
        className="jp-nxviz-plot-note"
        data-nxviz-domain={domain.join(',')}
        data-nxviz-aspect={keepRatio ? 'equal' : 'auto'}
        data-nxviz-constant={constant ?? undefined}
      >
        {frame.fullShape ? `${frame.fullShape.join(' × ')} shown ` : ''}
        {frame.factors[0] > 1 || frame.factors[1] > 1
          ? `at 1/${Math.max(...frame.factors)} resolution (${props.reduction ?? 'max pooling'}); `
          : ''}
        {constant !== null
          ? `every value shown is ${constant.toPrecision(4)}`
          : `colour range ${domain.map(v => v.toPrecision(4)).join(' – ')}`}
        {noData ? (
          <span
            className="jp-nxviz-nodata"
            data-nxviz-nodata={noData.value}
            data-nxviz-nodata-count={noData.count}
          >
            ; <span className="jp-nxviz-nodata-swatch" aria-hidden="true" /> no
            data: {noData.count.toLocaleString('en')} values (masked, or holding{' '}
            {noData.value}) left out of the colours and drawn hatched
          </span>
        ) : null}
      </div>
    </div>
  );
}
