// The view of the selected entity, chosen from its metadata and switchable.
import React, { useState } from 'react';

import { FileApi } from '../api/endpoints';
import { IChildMeta } from '../api/models';
import { FramesView } from '../frames';
import { ArrayView, ISliceTarget } from './ArrayView';
import { stackModes } from './framesChoice';
import { ModeSwitch, ViewMode } from './ModeSwitch';
import { NxDataView } from './NxDataView';
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

export function ViewArea(props: IViewAreaProps): React.ReactElement {
  const { api, path, meta } = props;
  const view = chooseView(meta);
  const [mode, setMode] = useState<ViewMode | null>(null);
  switch (view.kind) {
    case 'problem':
      return (
        <div className="jp-nxviz-problem" data-nxviz-view="problem">
          {view.message}
        </div>
      );
    case 'group':
      return (
        <NxDataView
          api={api}
          group={path}
          settings={props.settings}
          onSlice={props.onSlice}
        />
      );
    case 'value':
      return <ValueView api={api} path={path} meta={meta} />;
    case 'line':
    case 'sliced-line':
      return (
        <ArrayView
          key={path}
          api={api}
          path={path}
          shape={view.kind === 'line' ? [view.length] : view.shape}
          mode="line"
          title={path}
          settings={props.settings}
          onSlice={props.onSlice}
        />
      );
    case 'heatmap': {
      const stack = stackModes(meta, path);
      const current = mode ?? stack.preferred;
      return (
        <div className="jp-nxviz-dataset-view">
          <ModeSwitch
            modes={stack.modes}
            current={current}
            onChange={setMode}
          />
          {current === 'frames' ? (
            <FramesView
              client={api.client}
              file={api.file}
              path={stack.framesPath}
            />
          ) : (
            <ArrayView
              key={`${path}:${current}`}
              api={api}
              path={path}
              shape={view.shape}
              mode={current}
              title={path}
              settings={props.settings}
              onSlice={props.onSlice}
            />
          )}
        </div>
      );
    }
  }
}
