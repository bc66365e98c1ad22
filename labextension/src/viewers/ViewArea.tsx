// The view of the selected entity, chosen from its metadata and switchable.
import React, { useState } from 'react';

import { FileApi } from '../api/endpoints';
import { IChildMeta } from '../api/models';
import { useLatest } from '../common/useLatest';
import { IDataContext } from '../common/dataContext';
import { FramesView } from '../frames';
import { VolumeView } from '../volumes';
import { usePymcaResult, XrfView } from '../xrf';
import { ArrayView, ISliceTarget } from './ArrayView';
import { ComplexView } from './ComplexView';
import { DataNotes } from './DataNotes';
import { MatrixView } from './MatrixView';
import { detectorAxes } from './framesChoice';
import { datasetModes, isRgbCandidate } from './modes';
import { ModeSwitch, ViewMode } from './ModeSwitch';
import { NxDataView } from './NxDataView';
import { RgbView } from './RgbView';
import { chooseView } from './select';
import { IViewerSettings } from './settings';
import { ValueView } from './ValueView';

export interface IViewAreaProps {
  api: FileApi;
  path: string;
  meta: IChildMeta;
  settings: IViewerSettings;
  onSlice: (target: ISliceTarget | null) => void;
}

/**
 * @interpretation of an RGB candidate or a 3-D dataset (PyMca marks cubes of spectra
 * 'spectrum') and a 3-D dataset's own @axes (NeXus's older way, e.g. SPEC's `_mca_`:
 * 'eta:chi:_mca_channel_'); nulls for other datasets, undefined while read.
 */
function useOwnAttributes(
  api: FileApi,
  path: string,
  meta: IChildMeta
): { interpretation: string | null; axes: string[] } | undefined {
  const wanted =
    isRgbCandidate(meta) ||
    (meta.type === 'dataset' && meta.shape?.length === 3);
  const attrs = useLatest(wanted ? `interpretation:${path}` : null, signal =>
    api.attrs(path, signal)
  );
  if (!wanted || attrs.status === 'error') {
    return { interpretation: null, axes: [] };
  }
  if (attrs.status !== 'ready') {
    return undefined;
  }
  const value = attrs.value.interpretation;
  return {
    interpretation: typeof value === 'string' ? value : null,
    axes: meta.shape?.length === 3 ? names(attrs.value.axes) : []
  };
}

function parentOf(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return `/${parts.slice(0, -1).join('/')}`;
}

function names(value: unknown): string[] {
  if (typeof value === 'string') {
    return value.split(/[,:\s]+/).filter(Boolean);
  }
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

/**
 * What the Frames predicate needs around an image or stack (undefined while read): the file's
 * NeXus reading, the holding group's NX_class and, for an NXdata signal, its axes' names.
 */
function useDataContext(
  api: FileApi,
  path: string,
  wanted: boolean
): IDataContext | undefined {
  const state = useLatest(
    wanted ? `context:${path}` : null,
    async (signal): Promise<IDataContext> => {
      const nexus = await api.nexusOnce().catch(() => null);
      const attrs = await api
        .attrs(parentOf(path), signal)
        .catch(() => ({}) as Record<string, unknown>);
      const parentClass =
        typeof attrs.NX_class === 'string' ? attrs.NX_class : null;
      const name = path.split('/').pop();
      const axisNames =
        parentClass === 'NXdata' && attrs.signal === name
          ? names(attrs.axes).map(a => (a === '.' ? null : a))
          : undefined;
      return { nexus, parentClass, axisNames };
    }
  );
  if (!wanted || state.status === 'error') {
    return {};
  }
  return state.status === 'ready' ? state.value : undefined;
}

export function ViewArea(props: IViewAreaProps): React.ReactElement {
  const { api, path, meta } = props;
  const view = chooseView(meta);
  const [mode, setMode] = useState<ViewMode | null>(null);
  const own = useOwnAttributes(api, path, meta);
  const interpretation = own?.interpretation;
  const context = useDataContext(api, path, view.kind === 'heatmap');
  const pymca = usePymcaResult(api, path, view.kind === 'group');
  switch (view.kind) {
    case 'problem':
      return (
        <div className="jp-nxviz-problem" data-nxviz-view="problem">
          {view.message}
        </div>
      );
    case 'group':
      return pymca ? (
        <XrfView key={pymca} api={api} path={pymca} />
      ) : (
        <NxDataView
          api={api}
          group={path}
          settings={props.settings}
          onSlice={props.onSlice}
        />
      );
    case 'value':
      return (
        <>
          <DataNotes api={api} path={path} meta={meta} />
          <ValueView api={api} path={path} meta={meta} />
        </>
      );
  }
  if (interpretation === undefined || context === undefined) {
    return <div className="jp-nxviz-hint">Reading the attributes…</div>;
  }
  const offered = datasetModes(view, meta, path, interpretation, {
    ...context,
    interpretation,
    ownAxes: own?.axes
  });
  const current =
    mode && offered.modes.includes(mode) ? mode : offered.preferred;
  let body: React.ReactElement;
  if (current === 'matrix') {
    body = (
      <MatrixView
        key={path}
        api={api}
        path={path}
        meta={meta}
        cellWidth={
          view.kind === 'complex'
            ? 180
            : view.kind === 'matrix' || view.kind === 'compound'
              ? 140
              : undefined
        }
      />
    );
  } else if (current === 'xrf') {
    // an NXdata signal is asked as its group, whose axes give the energy calibration
    const signalOf = context.axisNames !== undefined ? parentOf(path) : path;
    body = <XrfView key={path} api={api} path={signalOf} />;
  } else if (current === 'volume') {
    body = <VolumeView key={path} api={api} path={path} />;
  } else if (current === 'frames') {
    body = (
      <FramesView
        api={api}
        path={offered.framesPath}
        initialIndex={props.settings.frame}
        onSlice={props.onSlice}
      />
    );
  } else if (current === 'rgb') {
    body = (
      <RgbView key={path} api={api} path={path} shape={meta.shape ?? []} />
    );
  } else if (view.kind === 'complex') {
    body = (
      <ComplexView
        key={`${path}:${current}`}
        api={api}
        path={path}
        shape={view.shape}
        mode={current}
        settings={props.settings}
      />
    );
  } else {
    const shape =
      view.kind === 'line'
        ? [view.length]
        : 'shape' in view
          ? view.shape
          : (meta.shape ?? []);
    body = (
      <ArrayView
        key={`${path}:${current}`}
        api={api}
        path={path}
        shape={shape}
        mode={current}
        title={path}
        settings={props.settings}
        initialFrame={props.settings.frame}
        onSlice={props.onSlice}
        detector={offered.detector}
        axes={offered.detector ? detectorAxes(shape.length) : undefined}
      />
    );
  }
  return (
    <div className="jp-nxviz-dataset-view">
      <ModeSwitch modes={offered.modes} current={current} onChange={setMode} />
      <DataNotes api={api} path={path} meta={meta} />
      {body}
    </div>
  );
}
