// A group's default plot: follow @default to NXdata, then plot its signal against its axes.
import React, { useState } from 'react';

import { FileApi } from '../api/endpoints';
import { IEntityMeta, IFieldInfo, INexusInfo } from '../api/models';
import { useLatest } from '../app/useLatest';
import { formatValue } from '../inspect/format';
import { baseName } from '../tree/paths';
import { FramesView } from '../frames';
import { VolumeView } from '../volumes';
import { ArrayView, IAxisRef, ISliceTarget } from './ArrayView';
import { ComplexView } from './ComplexView';
import { MatrixView } from './MatrixView';
import { detectorAxes, plotContext, stackModes } from './framesChoice';
import { ModeSwitch, ViewMode } from './ModeSwitch';
import { IBrokenDefault, INxDataPlot, resolveDefaultPlot } from './nxdata';
import { problemSentence } from './problems';
import { chooseView } from './select';
import { IViewerSettings } from './settings';

export interface IResolved {
  kind: 'resolved';
  plot: INxDataPlot;
  signal: IEntityMeta;
  axes: IAxisRef[];
  title: string;
  /** the file's NeXus reading (null when it could not be read) */
  nexus?: INexusInfo | null;
}

async function labelOf(
  api: FileApi,
  path: string,
  signal: AbortSignal
): Promise<string> {
  try {
    const attrs = await api.attrs(path, signal);
    const name =
      typeof attrs.long_name === 'string' ? attrs.long_name : baseName(path);
    const units = typeof attrs.units === 'string' ? attrs.units : '';
    return units && !name.includes(units)
      ? `${name} (${formatValue(units)})`
      : name;
  } catch {
    return baseName(path);
  }
}

function fieldLabel(field: IFieldInfo): string {
  const name = field.long_name ?? field.name;
  return field.units && !name.includes(field.units)
    ? `${name} (${field.units})`
    : name;
}

/** The root's default plot from the `nexus` endpoint: one request instead of a walk. */
export function resolvedFromNexus(info: INexusInfo): IResolved | null {
  const nxdata = info.entries.find(
    e => e.nxdata && e.nxdata.path === info.default
  )?.nxdata;
  const signalField = nxdata?.signal;
  if (!nxdata || !signalField || !signalField.shape) {
    return null;
  }
  const rank = signalField.shape.length;
  const axes: IAxisRef[] = Array.from({ length: rank }, (_, i) => ({
    path: null,
    label: `dim ${i}`
  }));
  nxdata.axes.forEach((axis, position) => {
    if (!axis) {
      return;
    }
    const dim = axis.indices?.[0] ?? position;
    if (dim >= 0 && dim < rank && axis.shape?.length === 1) {
      axes[dim] = { path: axis.path, label: fieldLabel(axis) };
    }
  });
  const plot: INxDataPlot = {
    group: nxdata.path,
    signal: signalField.path,
    axes: axes.map(a => a.path),
    errors: nxdata.errors?.path ?? null,
    auxiliaries: nxdata.auxiliary_signals.map(a => a.path),
    title: nxdata.title
  };
  return {
    kind: 'resolved',
    plot,
    signal: {
      name: signalField.name,
      path: signalField.path,
      type: 'dataset',
      shape: signalField.shape,
      dtype: signalField.dtype
    },
    axes,
    title: nxdata.title ?? fieldLabel(signalField),
    nexus: info
  };
}

async function resolve(
  api: FileApi,
  group: string,
  signal: AbortSignal
): Promise<
  IResolved | { kind: 'none' } | { kind: 'broken'; broken: IBrokenDefault }
> {
  if (group === '/') {
    try {
      const fromNexus = resolvedFromNexus(await api.nexusOnce());
      if (fromNexus) {
        return fromNexus;
      }
    } catch (error) {
      if (signal.aborted) {
        throw error;
      }
      // an older server, or a file the NeXus reading fails on: walk @default ourselves
    }
  }
  const found = await resolveDefaultPlot(api, group, signal);
  if (found.kind !== 'plot') {
    return found;
  }
  const plot = found.plot;
  const signalMeta = await api.meta(plot.signal, signal, 0, 0);
  const rank = signalMeta.shape?.length ?? 0;
  const axes: IAxisRef[] = await Promise.all(
    Array.from({ length: rank }, async (_, i) => {
      const axisPath = plot.axes[i] ?? null;
      return {
        path: axisPath,
        label: axisPath ? await labelOf(api, axisPath, signal) : `dim ${i}`
      };
    })
  );
  const title = plot.title ?? (await labelOf(api, plot.signal, signal));
  const nexus = await api.nexusOnce().catch(() => null);
  return { kind: 'resolved', plot, signal: signalMeta, axes, title, nexus };
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
  const state = useLatest(`nxdata:${group}`, async signal => {
    const resolved = await resolve(api, group, signal);
    if (resolved.kind === 'resolved') {
      props.onPlot?.(resolved.plot);
    }
    return resolved;
  });
  if (state.status === 'error') {
    return (
      <div className="jp-nxviz-problem">{problemSentence(state.error)}</div>
    );
  }
  if (state.status !== 'ready') {
    return <div className="jp-nxviz-hint">Following @default…</div>;
  }
  if (state.value.kind === 'broken') {
    const { from, target } = state.value.broken;
    return (
      <div className="jp-nxviz-problem" data-nxviz-view="problem">
        The @default attribute of {from} names {target}, which is not an NXdata
        group in this file; select a dataset in the tree to plot it.
      </div>
    );
  }
  if (state.value.kind === 'none') {
    return (
      <div className="jp-nxviz-hint" data-nxviz-view="group">
        {group === '/' ? 'This file' : `The group ${group}`} names no default
        plot (@default to an NXdata group); select a dataset in the tree to see
        its values.
      </div>
    );
  }
  const { plot, signal, axes, title, nexus } = state.value;
  const view = chooseView(signal);
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
        <div className="jp-nxviz-plot-origin">
          default plot: {plot.group} — signal {baseName(plot.signal)}
        </div>
        {view.kind === 'complex' ? (
          <ComplexView
            api={api}
            path={plot.signal}
            shape={shape}
            mode={shape.length === 1 ? 'line' : 'heatmap'}
            settings={props.settings}
          />
        ) : (
          <MatrixView api={api} path={plot.signal} meta={signal} />
        )}
      </div>
    );
  }
  const stack =
    view.kind === 'heatmap'
      ? stackModes(signal, plot.signal, plot.group, plotContext(nexus, axes))
      : { modes: [], preferred: 'line' as const, framesPath: plot.signal };
  const current = mode ?? stack.preferred;
  return (
    <div className="jp-nxviz-nxdata" data-nxviz-default={plot.group}>
      <div className="jp-nxviz-plot-origin">
        default plot: {plot.group} — signal {baseName(plot.signal)}
      </div>
      <ModeSwitch modes={stack.modes} current={current} onChange={setMode} />
      {current === 'volume' ? (
        <VolumeView key={plot.signal} api={api} path={plot.signal} />
      ) : current === 'frames' ? (
        <FramesView
          api={api}
          path={stack.framesPath}
          initialIndex={props.settings.frame}
          onSlice={props.onSlice}
        />
      ) : (
        <ArrayView
          key={`${plot.signal}:${current}`}
          api={api}
          path={plot.signal}
          shape={shape}
          mode={current === 'heatmap' ? 'heatmap' : 'line'}
          title={title}
          settings={props.settings}
          initialFrame={props.settings.frame}
          axes={stack.detector ? withDetectorAxes(axes) : axes}
          detector={stack.detector}
          errors={plot.errors}
          auxiliaries={plot.auxiliaries}
          onSlice={props.onSlice}
        />
      )}
    </div>
  );
}
