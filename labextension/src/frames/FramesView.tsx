// The Frames view of a diffraction image stack (NXmx): navigation and play, contrast, masks and
// overloads, geometry with resolution rings and readout, zoom/pan, ROI and radial profile.
import React, { useEffect, useMemo, useState } from 'react';

import { NxvizClient } from '../api/client';
import { FileApi } from '../api/endpoints';
import { ColourMapName, IScale } from './colour';
import { autoLimits, DEFAULT_PERCENTILES, histogram } from './contrast';
import { ContrastBar } from './ContrastBar';
import { Controls } from './Controls';
import { FrameCanvas } from './FrameCanvas';
import { IGeometry, isComplete } from './geometry';
import { FrameLoader } from './loader';
import { reduceMask } from './maskBits';
import { IPaintOptions, PIXEL_COLOURS } from './paint';
import { RadialAxis } from './radial';
import { RadialPlot } from './RadialPlot';
import { GeometryForm, Readout } from './Readout';
import { combineRange, locate } from './stack';
import {
  Combine,
  IFrameQuery,
  useHoverValues,
  useRadialProfile,
  useRoiStats,
  useShownFrame
} from './useFrames';
import { usePlayer } from './usePlayer';
import { useFrameSource } from './useSource';
import { fullRegion, integerRegion, IRegion } from './view';

export interface IFramesViewProps {
  client: NxvizClient;
  /** file path relative to the server root */
  file: string;
  /** a 3D+ dataset, or a group holding data_000001… or a 3D `data` */
  path: string;
}

/** Frames asked ahead while playing (one ahead when stepping). */
const PREFETCH_PLAYING = 4;

/** Canvas size: the area's width, and a height that follows it (square-ish frames). */
function useSize(el: HTMLDivElement | null): [number, number] {
  const [size, setSize] = useState<[number, number]>([640, 608]);
  useEffect(() => {
    if (!el || typeof ResizeObserver === 'undefined') {
      return undefined;
    }
    const observer = new ResizeObserver(() => {
      const w = Math.max(200, Math.floor(el.clientWidth));
      const h = Math.round(Math.min(900, Math.max(300, w * 0.95)));
      setSize(old => (old[0] === w && old[1] === h ? old : [w, h]));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [el]);
  return size;
}

export function FramesView(props: IFramesViewProps): React.ReactElement {
  const { client, file, path } = props;
  const api = useMemo(() => new FileApi(client, file), [client, file]);
  const { source, error } = useFrameSource(client, file, path);
  const stack = source?.stack;
  const frameShape: [number, number] = stack?.frameShape ?? [1, 1];

  const [geometry, setGeometry] = useState<Partial<IGeometry>>({});
  useEffect(
    () => setGeometry(source?.detector.geometry ?? {}),
    [source?.detector]
  );

  const [combine, setCombine] = useState<Combine>('none');
  const [combineCount, setCombineCount] = useState(10);
  const player = usePlayer(
    stack?.count ?? 0,
    combine === 'none' ? 1 : combineCount
  );

  const [percentiles, setPercentiles] =
    useState<[number, number]>(DEFAULT_PERCENTILES);
  const loader = useMemo(
    () => new FrameLoader(client, file, 12, percentiles),
    [client, file, percentiles]
  );
  const sideLoader = useMemo(
    () => new FrameLoader(client, file, 3, percentiles),
    [client, file, percentiles]
  );

  const [area, setArea] = useState<HTMLDivElement | null>(null);
  const [width, height] = useSize(area);
  const [region, setRegion] = useState<IRegion>(fullRegion(frameShape));
  useEffect(
    () => setRegion(fullRegion(frameShape)),
    [frameShape[0], frameShape[1]]
  );

  const query: IFrameQuery = {
    combine,
    combineCount,
    region: integerRegion(region, frameShape),
    width,
    height
  };
  const { shown, error: frameError } = useShownFrame(
    loader,
    stack,
    player.index,
    query,
    player.playing ? PREFETCH_PLAYING : 1
  );

  const [scale, setScale] = useState<IScale>({
    kind: 'linear',
    low: 0,
    high: 1,
    gamma: 2
  });
  const [auto, setAuto] = useState(true);
  const [colourMap, setColourMap] = useState<ColourMapName>('greys-inverted');
  useEffect(() => {
    if (!auto || !shown) {
      return;
    }
    const p = shown.frame.percentiles;
    const low = p[String(percentiles[0])];
    const high = p[String(percentiles[1])];
    const limits =
      low !== undefined && high !== undefined && high > low
        ? [low, high]
        : autoLimits(shown.frame.data, percentiles);
    if (limits) {
      setScale(s => ({ ...s, low: limits[0], high: limits[1] }));
    }
  }, [shown, auto, percentiles]);
  // the histogram spans the valid minimum to half a window above the high limit
  const hist = useMemo(() => {
    if (!shown) {
      return undefined;
    }
    const low = shown.frame.min ?? scale.low;
    const top = scale.high + (scale.high - scale.low) * 0.5;
    const high = Math.min(shown.frame.max ?? top, top);
    return histogram(shown.frame.data, low, high > low ? high : low + 1, 64);
  }, [shown, scale.low, scale.high]);

  const [showMask, setShowMask] = useState(true);
  const [showSaturated, setShowSaturated] = useState(true);
  const [showRings, setShowRings] = useState(true);
  const [showBeam, setShowBeam] = useState(true);
  const [showProfile, setShowProfile] = useState(false);
  const [roiMode, setRoiMode] = useState(false);
  const [axis, setAxis] = useState<RadialAxis>('q');

  const maskClasses = useMemo(() => {
    const mask = source?.mask;
    if (!mask || !shown) {
      return undefined;
    }
    const s = mask.step;
    const [r0, r1, c0, c1] = shown.region;
    const [fy, fx] = shown.frame.factors;
    return reduceMask(
      mask.data,
      mask.shape[0],
      mask.shape[1],
      [
        Math.floor(r0 / s),
        Math.ceil(r1 / s),
        Math.floor(c0 / s),
        Math.ceil(c1 / s)
      ],
      [Math.max(1, fy / s), Math.max(1, fx / s)],
      shown.frame.shape
    );
  }, [source?.mask, shown]);

  const paintOptions: IPaintOptions = useMemo(
    () => ({ scale, colourMap, maskClasses, showMask, showSaturated }),
    [scale, colourMap, maskClasses, showMask, showSaturated]
  );

  const [pixel, setPixel] = useState<[number, number]>();
  const hover = useHoverValues(api, source, player.index, pixel);
  const [roi, setRoi] = useState<[number, number, number, number]>();
  const roiStats = useRoiStats(sideLoader, stack, player.index, query, roi);
  const complete = isComplete(geometry) ? geometry : undefined;
  const { profile, busy } = useRadialProfile(
    sideLoader,
    stack,
    player.index,
    query,
    geometry,
    axis,
    showProfile && !player.playing
  );

  if (error) {
    return (
      <div
        className="jp-nxviz-frames jp-nxviz-problem"
        data-nxviz-view="frames"
      >
        {error}
      </div>
    );
  }
  if (!stack) {
    return (
      <div className="jp-nxviz-frames" data-nxviz-view="frames">
        loading frames…
      </div>
    );
  }
  const address = locate(stack, player.index);
  const blockName = address.path.split('/').pop() ?? address.path;
  // the server combines within one data file: a range crossing its end is cut there
  const combined =
    combine === 'none'
      ? 0
      : combineRange(stack, player.index, combineCount).count;
  const combinedNote =
    combine !== 'none'
      ? ` ${combine} of ${combined}${combined < combineCount ? ' (end of file)' : ''}`
      : '';

  const onKey = (event: React.KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (target.tagName === 'INPUT' || target.tagName === 'SELECT') {
      return;
    }
    const steps: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      PageDown: 10,
      PageUp: -10
    };
    if (event.key in steps) {
      player.step(steps[event.key]);
    } else if (event.key === 'Home') {
      player.setIndex(0);
    } else if (event.key === 'End') {
      player.setIndex(stack.count - 1);
    } else if (event.key === ' ') {
      player.setPlaying(!player.playing);
    } else {
      return;
    }
    event.preventDefault();
  };

  const toggle = (
    label: string,
    value: boolean,
    set: (v: boolean) => void,
    colour?: string
  ) => (
    <label className="jp-nxviz-frames-toggle">
      <input
        type="checkbox"
        checked={value}
        onChange={e => set(e.target.checked)}
        aria-label={label}
      />
      {colour ? (
        <span
          className="jp-nxviz-frames-swatch"
          style={{ background: colour }}
        />
      ) : null}
      {label}
    </label>
  );

  return (
    <div
      className="jp-nxviz-frames"
      data-nxviz-view="frames"
      data-frame-index={player.index}
      data-frame-count={stack.count}
      data-drawn-index={shown?.index ?? -1}
      data-mask-loaded={source?.mask ? 'true' : 'false'}
      tabIndex={0}
      onKeyDown={onKey}
    >
      <Controls
        player={player}
        count={stack.count}
        combine={combine}
        combineCount={combineCount}
        onCombine={(c, n) => {
          setCombine(c);
          setCombineCount(n);
        }}
        source={`${blockName} [${address.local}]${combinedNote}`}
      />
      <div className="jp-nxviz-frames-toggles">
        {toggle('mask', showMask, setShowMask, PIXEL_COLOURS.gap)}
        {toggle(
          'saturated',
          showSaturated,
          setShowSaturated,
          PIXEL_COLOURS.saturated
        )}
        {toggle('rings', showRings, setShowRings)}
        {toggle('beam', showBeam, setShowBeam)}
        {toggle('ROI', roiMode, setRoiMode)}
        {toggle('radial profile', showProfile, setShowProfile)}
        <button
          onClick={() => setRegion(fullRegion(frameShape))}
          title="Whole frame (double-click)"
        >
          reset zoom
        </button>
      </div>
      {frameError ? <div className="jp-nxviz-problem">{frameError}</div> : null}
      <div className="jp-nxviz-frames-main">
        <div className="jp-nxviz-frames-area" ref={setArea}>
          <FrameCanvas
            width={width}
            height={height}
            shown={shown}
            paintOptions={paintOptions}
            region={region}
            frameShape={frameShape}
            roiMode={roiMode}
            overlay={{ geometry: complete, showRings, showBeam, roi }}
            onRegion={setRegion}
            onHover={setPixel}
            onRoi={setRoi}
            onDrawn={player.drawn}
          />
        </div>
        <div className="jp-nxviz-frames-side">
          <ContrastBar
            scale={scale}
            auto={auto}
            percentiles={percentiles}
            colourMap={colourMap}
            histogram={hist}
            onScale={setScale}
            onAuto={setAuto}
            onPercentiles={setPercentiles}
            onColourMap={setColourMap}
          />
          <Readout hover={hover} geometry={geometry} roi={roiStats} />
          <GeometryForm geometry={geometry} onChange={setGeometry} />
          {showProfile ? (
            <RadialPlot
              profile={profile}
              axis={axis}
              onAxis={setAxis}
              busy={busy}
            />
          ) : null}
        </div>
      </div>
    </div>
  );
}
