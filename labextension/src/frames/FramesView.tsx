// The Frames view of a diffraction image stack (NXmx, or a plain stack): navigation and play,
// contrast, masks and overloads, geometry (from the file or typed) with resolution rings and
// readout, zoom/pan, ROI and radial profile.
import React, {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState
} from 'react';

import { FileApi } from '../api/endpoints';
import { DEFAULT_PERCENTILES } from './contrast';
import { ContrastBar } from './ContrastBar';
import { Controls } from './Controls';
import { FrameCanvas } from './FrameCanvas';
import { isComplete } from './geometry';
import { FramesLayout } from './Layout';
import { FrameLoader, prefetchDepth } from './loader';
import { reduceMask } from './maskBits';
import { IPaintOptions } from './paint';
import { RadialPlot } from './RadialPlot';
import { Toggles } from './Toggles';
import { GeometryForm, Readout } from './Readout';
import { combineRange, frameSelection, IFrameStack, locate } from './stack';
import {
  Combine,
  IFrameQuery,
  useHoverValues,
  useRoiStats,
  useShownFrame,
  wholeFrameRequest
} from './useFrames';
import { usePlayer } from './usePlayer';
import { useTypedGeometry } from './typedGeometry';
import { RadialAxis, useRadialProfile } from './useProfile';
import { useContrast } from './useContrast';
import { requestSize, useSize } from '../common/useSize';
import { useFrameSource } from './useSource';
import { fullRegion, integerRegion, IRegion } from './view';

// the panels that do not change with the frame are not rendered again on each step
const StillToggles = React.memo(Toggles);
const StillReadout = React.memo(Readout);
const StillGeometryForm = React.memo(GeometryForm);
const NO_GEOMETRY = {};

export interface IFramesViewProps {
  /** the file's API, shared with the rest of the viewer (its NeXus reading is asked once) */
  api: FileApi;
  /** a 3D+ dataset, or a group holding data_000001… or a 3D `data` */
  path: string;
  /** the frame shown first (a notebook output's `frame` option) */
  initialIndex?: number;
  /** told the shown frame's dataset and selection (what NPY/CSV/TIFF export download) */
  onSlice?: (target: { path: string; selection: string }) => void;
}

export function FramesView(props: IFramesViewProps): React.ReactElement {
  const { api, path, onSlice } = props;
  const [firstFrameIn, setFirstFrameIn] = useState(false);
  // what the first frame's request needs, for useFrameSource to ask it as soon as the stack is
  // known, before the view renders it (useShownFrame then finds it on its way)
  const early = useRef<{ ask?: (stack: IFrameStack) => void }>({});
  const { source, error } = useFrameSource(api, path, firstFrameIn, stack =>
    early.current.ask?.(stack)
  );
  const stack = source?.stack;
  const frameShape: [number, number] = stack?.frameShape ?? [1, 1];

  // the file's geometry unless typed by hand (kept per file and stack in JupyterLab's state);
  // a plain stack with none in the file gets the form, and its tools once the numbers are in
  const detector = source?.detector;
  const fromFile = detector?.diffraction === true;
  const [typed, setTyped] = useTypedGeometry(api.file, path);
  const geometry = typed ?? detector?.geometry ?? NO_GEOMETRY;
  // rings, beam centre and radial profile where the file gives a geometry or one was typed
  const diffraction = fromFile || isComplete(geometry);

  const [combine, setCombine] = useState<Combine>('none');
  const [combineCount, setCombineCount] = useState(10);
  const player = usePlayer(
    stack?.count ?? 0,
    combine === 'none' ? 1 : combineCount,
    props.initialIndex
  );

  // the shown frame is the slice the export commands download
  const frameAddress = stack ? locate(stack, player.index) : undefined;
  const slicePath = frameAddress?.path;
  const sliceSelection = frameAddress ? frameSelection(frameAddress) : '';
  useEffect(() => {
    if (slicePath) {
      onSlice?.({ path: slicePath, selection: sliceSelection });
    }
  }, [slicePath, sliceSelection]);

  const [percentiles, setPercentiles] =
    useState<[number, number]>(DEFAULT_PERCENTILES);
  const loader = useMemo(
    () => new FrameLoader(api, 12, percentiles),
    [api, percentiles]
  );
  const sideLoader = useMemo(
    () => new FrameLoader(api, 3, percentiles),
    [api, percentiles]
  );

  const area = useRef<HTMLDivElement>(null);
  const {
    size: [width, height],
    measured,
    ratio
  } = useSize(area);
  // the region belongs to the frame shape it was set for: a new stack starts on its whole frame
  const shapeKey = frameShape.join('x');
  const [zoomed, setZoomed] = useState<{ shape: string; region: IRegion }>();
  // one object while unchanged: the canvas is redrawn only when something drawn changes
  const region = useMemo(
    () => (zoomed?.shape === shapeKey ? zoomed.region : fullRegion(frameShape)),
    [zoomed, shapeKey]
  );
  const setRegion = useCallback(
    (next: IRegion) => setZoomed({ shape: shapeKey, region: next }),
    [shapeKey]
  );
  const resetZoom = useCallback(
    () => setRegion(fullRegion(frameShape)),
    [setRegion]
  );

  const visible = integerRegion(region, frameShape);
  const [askWidth, askHeight] = requestSize(visible, width, height, ratio);
  const query: IFrameQuery = {
    combine,
    combineCount,
    region: visible,
    width: askWidth,
    height: askHeight
  };
  early.current.ask = measured
    ? (next: IFrameStack) =>
        void loader
          .load(
            wholeFrameRequest(next, player.index, query, {
              width,
              height,
              ratio
            })
          )
          .catch(() => undefined)
    : undefined;
  const { shown, error: frameError } = useShownFrame(
    loader,
    measured ? stack : undefined,
    player.index,
    query,
    // how far ahead: from the measured time a frame takes and the pace frames go at (the
    // asked rate while playing, the steps' own while stepping in a run)
    prefetchDepth(
      loader.perFrameMs,
      player.playing ? player.fps : player.stepRate,
      player.playing || player.stepRate > 0,
      loader.capacity,
      loader.latencyMs
    ),
    player.direction
  );
  if (shown && !firstFrameIn) {
    setFirstFrameIn(true);
  }

  const contrast = useContrast(shown, player.playing);
  const { scale, colourMap } = contrast;

  const [showMask, setShowMask] = useState(true);
  const [showSaturated, setShowSaturated] = useState(true);
  const [showRings, setShowRings] = useState(true);
  const [showBeam, setShowBeam] = useState(true);
  const [showProfile, setShowProfile] = useState(false);
  const [roiMode, setRoiMode] = useState(false);
  const [axis, setAxis] = useState<RadialAxis>('q');

  // the mask's classes depend on where the shown frame's bins lie, not on its values: reduced
  // again only when the region, bin factors or image shape change (not on each step)
  const bins = shown
    ? [...shown.region, ...shown.frame.factors, ...shown.frame.shape].join(',')
    : '';
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
  }, [source?.mask, bins]);

  const paintOptions: IPaintOptions = useMemo(
    () => ({ scale, colourMap, maskClasses, showMask, showSaturated }),
    [scale, colourMap, maskClasses, showMask, showSaturated]
  );

  const [pixel, setPixel] = useState<[number, number]>();
  const hover = useHoverValues(api, source, player.index, pixel);
  const [roi, setRoi] = useState<[number, number, number, number]>();
  const roiStats = useRoiStats(sideLoader, stack, player.index, query, roi);
  const complete = diffraction && isComplete(geometry) ? geometry : undefined;
  const radial = useRadialProfile(
    api,
    stack,
    player.index,
    query,
    geometry,
    axis,
    diffraction && showProfile && !player.playing
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
      <FramesLayout
        area={area}
        header={<div className="jp-nxviz-hint">loading frames…</div>}
      />
    );
  }
  const address = locate(stack, player.index);
  const blockName = address.path.split('/').pop() ?? address.path;
  // a range is cut at the end of the series
  const combined =
    combine === 'none'
      ? 0
      : combineRange(stack, player.index, combineCount).count;
  const combinedNote =
    combine !== 'none'
      ? ` ${combine} of ${combined}${combined < combineCount ? ' (end of series)' : ''}`
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

  return (
    <FramesLayout
      area={area}
      root={{
        'data-frame-index': player.index,
        'data-frame-count': stack.count,
        'data-drawn-index': shown?.index ?? -1,
        'data-mask-loaded': source?.mask ? 'true' : 'false',
        'data-diffraction': diffraction ? 'true' : 'false',
        // the title of an exported PNG: what is shown, and where it comes from
        'data-nxviz-title': `${api.file} ${path}: frame ${player.index} of ${stack.count - 1} (${blockName} [${address.local}]${combinedNote})`,
        tabIndex: 0,
        onKeyDown: onKey
      }}
      header={
        <>
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
          <StillToggles
            diffraction={diffraction}
            showMask={showMask}
            setShowMask={setShowMask}
            showSaturated={showSaturated}
            setShowSaturated={setShowSaturated}
            showRings={showRings}
            setShowRings={setShowRings}
            showBeam={showBeam}
            setShowBeam={setShowBeam}
            roiMode={roiMode}
            setRoiMode={setRoiMode}
            showProfile={showProfile}
            setShowProfile={setShowProfile}
            onResetZoom={resetZoom}
          />
          {frameError ? (
            <div className="jp-nxviz-problem">{frameError}</div>
          ) : null}
        </>
      }
      canvas={
        <FrameCanvas
          width={width}
          height={height}
          ratio={ratio}
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
      }
      side={
        <>
          <ContrastBar
            scale={scale}
            auto={contrast.auto}
            percentiles={percentiles}
            colourMap={colourMap}
            histogram={contrast.histogram}
            onScale={contrast.setScale}
            onAuto={contrast.setAuto}
            onPercentiles={setPercentiles}
            onColourMap={contrast.setColourMap}
          />
          <StillReadout
            hover={hover}
            geometry={diffraction ? geometry : NO_GEOMETRY}
            roi={roiStats}
          />
          <StillGeometryForm
            geometry={geometry}
            fromFile={fromFile}
            typed={typed !== undefined}
            onChange={setTyped}
          />
          {diffraction && showProfile ? (
            <RadialPlot
              profile={radial.profile}
              axis={axis}
              onAxis={setAxis}
              busy={radial.busy}
              error={radial.error}
            />
          ) : null}
        </>
      }
    />
  );
}
