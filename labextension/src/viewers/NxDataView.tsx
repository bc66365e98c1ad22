// A group's default plot, as the server chose it (@default, the NeXus rules, or the first
// plottable dataset): its signal against its axes, auxiliary signals in a menu.
import { HTMLSelect } from '@jupyterlab/ui-components';
import React, { useState } from 'react';

import { FileApi } from '../api/endpoints';
import { INexusInfo } from '../api/models';
import { useLatest } from '../common/useLatest';
import { baseName } from '../common/paths';
import { FramesView } from '../frames';
import { VolumeView } from '../volumes';
import { XrfView } from '../xrf';
import { ArrayView, IAxisRef, ISliceTarget } from './ArrayView';
import { ComplexView } from './ComplexView';
import { MatrixView } from './MatrixView';
import { detectorAxes, plotContext, stackModes } from './framesChoice';
import { DataNotes } from './DataNotes';
import { ModeSwitch, ViewMode } from './ModeSwitch';
import { INxDataPlot, IResolved, Resolution, resolvedFromPlot } from './nxdata';
import { problemSentence } from '../common/problems';
import { chooseView } from './select';
import { IViewerSettings } from './settings';

export type { IResolved } from './nxdata';

/** The root's default plot from the `nexus` reading (one request for the whole file). */
export function resolvedFromNexus(info: INexusInfo): IResolved | null {
  if (!info.plot) {
    return null;
  }
  const resolved = resolvedFromPlot(info.plot);
  return resolved.kind === 'resolved' ? resolved : null;
}

async function resolve(
  api: FileApi,
  group: string,
  signal: AbortSignal
): Promise<Resolution> {
  if (group === '/') {
    const info = await api.nexusOnce();
    if (info.plot) {
      return resolvedFromPlot(info.plot);
    }
  }
  return resolvedFromPlot(await api.plot(group, signal));
}

/** The signals menu: the NXdata signal, or one of its auxiliary signals, drawn alone. */
function SignalMenu(props: {
  resolved: IResolved;
  current: number;
  onChange: (index: number) => void;
}): React.ReactElement | null {
  const { signals } = props.resolved;
  if (signals.length < 2) {
    return null;
  }
  return (
    <label
      className="jp-nxviz-signal-menu"
      title="The NXdata signal, or one of its auxiliary signals, each on its own scale"
    >
      <span className="jp-nxviz-control-label">signal</span>
      <HTMLSelect
        value={String(props.current)}
        aria-label="signal shown"
        data-nxviz-control="signal"
        onChange={event => props.onChange(Number(event.currentTarget.value))}
        options={signals.map((s, i) => ({
          value: String(i),
          label: i === 0 ? s.label : `${s.label} (auxiliary)`
        }))}
      />
    </label>
  );
}

/** Axes of a detector signal: the NXdata's own where it gives them, pixels elsewhere. */
function withDetectorAxes(axes: IAxisRef[]): IAxisRef[] {
  const pixels = detectorAxes(axes.length);
  return axes.map((a, i) => (a.path ? a : pixels[i]));
}

export interface INxDataViewProps {
  api: FileApi;
  group: string;
  settings: IViewerSettings;
  onSlice?: (target: ISliceTarget) => void;
  onPlot?: (plot: INxDataPlot) => void;
}

export function NxDataView(props: INxDataViewProps): React.ReactElement {
  const { api, group } = props;
  const [mode, setMode] = useState<ViewMode | null>(null);
  const [chosen, setChosen] = useState(0);
  const state = useLatest(`nxdata:${group}`, async signal => {
    const resolved = await resolve(api, group, signal);
    if (resolved.kind === 'resolved') {
      props.onPlot?.(resolved.plot);
      // the file's NeXus reading tells detector frames and volumes apart
      const nexus = await api.nexusOnce().catch(() => null);
      return { ...resolved, nexus };
    }
    return resolved;
  });
  if (state.status === 'error') {
    return (
      <div className="jp-nxviz-problem">{problemSentence(state.error)}</div>
    );
  }
  if (state.status !== 'ready') {
    return <div className="jp-nxviz-hint">Finding the default plot…</div>;
  }
  if (state.value.kind === 'unreadable') {
    return (
      <div className="jp-nxviz-problem" data-nxviz-view="unreadable">
        {`The default plot ${state.value.group} cannot be drawn: ${state.value.note}. Nothing is drawn in its place; the file's other entities can still be browsed.`}
      </div>
    );
  }
  if (state.value.kind === 'none') {
    return (
      <div className="jp-nxviz-hint" data-nxviz-view="group">
        {group === '/' ? 'This file' : `The group ${group}`} holds nothing to
        plot (no NXdata group with a signal, no numeric array)
        {state.value.note ? ` (${state.value.note})` : ''}; its metadata is in
        the inspector.
      </div>
    );
  }
  const resolved = state.value;
  const { plot, axes } = resolved;
  const choice = resolved.signals[chosen] ?? resolved.signals[0];
  const signalPath = choice?.path ?? plot.signal;
  const title = plot.title ?? choice?.label ?? resolved.title;
  const signal = {
    ...resolved.signal,
    name: baseName(signalPath),
    path: signalPath
  };
  const view = chooseView(signal);
  const origin = (
    <div
      className="jp-nxviz-plot-origin"
      data-nxviz-chosen-by={resolved.note ? 'fallback' : 'default'}
    >
      <span title={plot.group}>
        default plot: {plot.group} — signal {baseName(plot.signal)}
      </span>
      {resolved.note ? (
        <span className="jp-nxviz-plot-note-why" data-nxviz-note="">
          {' '}
          (chosen because {resolved.note})
        </span>
      ) : null}
    </div>
  );
  if (view.kind === 'problem') {
    return <div className="jp-nxviz-problem">{view.message}</div>;
  }
  if (view.kind === 'value' || view.kind === 'group') {
    return (
      <div className="jp-nxviz-hint">
        The default plot's signal {plot.signal} is a single value; select it in
        the tree.
      </div>
    );
  }
  const shape = signal.shape ?? [];
  if (
    view.kind === 'complex' ||
    view.kind === 'matrix' ||
    view.kind === 'compound'
  ) {
    return (
      <div className="jp-nxviz-nxdata" data-nxviz-default={plot.group}>
        {origin}
        {view.kind === 'complex' ? (
          <ComplexView
            api={api}
            path={signalPath}
            shape={shape}
            mode={shape.length === 1 ? 'line' : 'heatmap'}
            settings={props.settings}
          />
        ) : (
          <MatrixView api={api} path={signalPath} meta={signal} />
        )}
      </div>
    );
  }
  const stack =
    view.kind === 'heatmap'
      ? stackModes(
          signal,
          signalPath,
          plot.group,
          plotContext(resolved.nexus, axes)
        )
      : { modes: [], preferred: 'line' as const, framesPath: signalPath };
  const current = mode ?? stack.preferred;
  return (
    <div className="jp-nxviz-nxdata" data-nxviz-default={plot.group}>
      {origin}
      <DataNotes api={api} path={signalPath} />
      <div className="jp-nxviz-nxdata-controls">
        <SignalMenu resolved={resolved} current={chosen} onChange={setChosen} />
        <ModeSwitch modes={stack.modes} current={current} onChange={setMode} />
      </div>
      {current === 'xrf' ? (
        <XrfView key={plot.group} api={api} path={plot.group} />
      ) : current === 'volume' ? (
        <VolumeView key={signalPath} api={api} path={signalPath} />
      ) : current === 'frames' ? (
        <FramesView
          api={api}
          path={stack.framesPath}
          initialIndex={props.settings.frame}
          onSlice={props.onSlice}
        />
      ) : (
        <ArrayView
          key={`${signalPath}:${current}`}
          onSlice={target => props.onSlice?.({ ...target, nxdata: plot.group })}
          api={api}
          path={signalPath}
          shape={shape}
          mode={current === 'heatmap' ? 'heatmap' : 'line'}
          title={title}
          valueLabel={choice?.label}
          settings={props.settings}
          initialFrame={props.settings.frame}
          axes={stack.detector ? withDetectorAxes(axes) : axes}
          detector={stack.detector}
          errors={signalPath === plot.signal ? plot.errors : null}
          scales={resolved.scales}
        />
      )}
    </div>
  );
}
