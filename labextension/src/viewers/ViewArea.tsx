// The view of the selected entity, chosen from its metadata and switchable.
import React, { useState } from 'react';

import { FileApi } from '../api/endpoints';
import { IChildMeta } from '../api/models';
import { ArrayView, ISliceTarget } from './ArrayView';
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
  const [mode, setMode] = useState<'heatmap' | 'line' | null>(null);
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
    case 'heatmap': {
      const shape = view.kind === 'line' ? [view.length] : view.shape;
      const auto = view.kind === 'heatmap' ? 'heatmap' : 'line';
      const current = mode ?? auto;
      return (
        <div className="jp-nxviz-dataset-view">
          {view.kind === 'heatmap' ? (
            <div className="jp-nxviz-modes" role="tablist">
              {(['heatmap', 'line'] as const).map(m => (
                <button
                  key={m}
                  role="tab"
                  aria-selected={current === m}
                  className={`jp-nxviz-mode${current === m ? ' jp-mod-active' : ''}`}
                  onClick={() => setMode(m)}
                >
                  {m}
                </button>
              ))}
            </div>
          ) : null}
          <ArrayView
            key={`${path}:${current}`}
            api={api}
            path={path}
            shape={shape}
            mode={current}
            title={path}
            settings={props.settings}
            onSlice={props.onSlice}
          />
        </div>
      );
    }
  }
}
