// The viewer's layout: tree on the left, the view in the middle, inspector and findings on the right.
import {
  checkIcon,
  downloadIcon,
  imageIcon,
  refreshIcon,
  ToolbarButtonComponent
} from '@jupyterlab/ui-components';
import React, { useCallback, useSyncExternalStore } from 'react';

import { FairPanel } from '../fair/FairPanel';
import { Inspector } from '../inspect/Inspector';
import { SearchBox } from '../tree/SearchBox';
import { TreeView } from '../tree/TreeView';
import { ValidationPanel } from '../validation/ValidationPanel';
import { ViewArea } from '../viewers/ViewArea';
import { ViewerController } from './controller';
import type { ExportKind } from './ViewerWidget';

/** The header's export buttons: what each saves. */
const EXPORTS: [ExportKind, string][] = [
  ['png', 'Save the plot as PNG'],
  ['npy', 'Download the current slice as NumPy .npy'],
  [
    'csv',
    'Download the current slice as CSV (a NeXus plot: axis, signal and errors, with a header)'
  ],
  ['tiff', 'Download the current 2D slice as TIFF']
];

export interface IViewerAppProps {
  controller: ViewerController;
  onExport: (what: ExportKind) => void;
  /** given the view's pane as it mounts (its size is where the first frame is drawn) */
  mainPane?: React.RefCallback<HTMLDivElement>;
}

export function ViewerApp(props: IViewerAppProps): React.ReactElement {
  const { controller } = props;
  const version = useSyncExternalStore(
    controller.subscribe,
    controller.getVersion
  );
  const tree = controller.tree;
  const selected = tree.selected;
  const node = selected ? tree.node(selected) : undefined;
  const viewPath = node ? node.path : '/';
  const viewMeta = node ? node.meta : (tree.rootMeta ?? tree.root.meta);
  const select = useCallback((path: string) => tree.select(path), [tree]);
  const reveal = useCallback(
    (path: string) => void controller.reveal(path),
    [controller]
  );
  const validation = controller.validation;
  const findings =
    validation.status === 'ready'
      ? validation.value.files.reduce((n, f) => n + f.findings.length, 0)
      : null;

  return (
    <div className="jp-nxviz-viewer">
      <div className="jp-nxviz-header">
        <span className="jp-nxviz-file">{controller.api.file}</span>
        <span className="jp-nxviz-actions jp-Toolbar">
          <ToolbarButtonComponent
            className="jp-nxviz-button"
            icon={refreshIcon}
            label="Refresh"
            tooltip="Read the file again"
            onClick={() => void controller.refresh()}
          />
          <ToolbarButtonComponent
            className="jp-nxviz-button"
            icon={checkIcon}
            label={`Validate${findings !== null ? ` (${findings})` : ''}`}
            tooltip="Validate against the NeXus definitions"
            onClick={() => void controller.validate()}
          />
          {EXPORTS.filter(
            ([kind]) => kind !== 'tiff' || controller.sliceIsImage
          ).map(([kind, title]) => (
            <ToolbarButtonComponent
              key={kind}
              className="jp-nxviz-button"
              icon={kind === 'png' ? imageIcon : downloadIcon}
              label={kind.toUpperCase()}
              tooltip={title}
              onClick={() => props.onExport(kind)}
            />
          ))}
        </span>
      </div>
      {controller.state === 'error' ? (
        <div className="jp-nxviz-message jp-nxviz-error">
          {controller.error}
        </div>
      ) : null}
      <div className="jp-nxviz-body">
        <div className="jp-nxviz-left">
          {controller.state === 'loading' ? (
            <div className="jp-nxviz-message">
              Reading {controller.api.file}…
            </div>
          ) : null}
          {controller.state === 'ready' ? (
            <SearchBox
              api={controller.api}
              epoch={controller.epoch}
              onPick={reveal}
            />
          ) : null}
          <TreeView model={tree} version={version} onActivate={select} />
          <div className="jp-nxviz-tree-foot">
            {tree.root.total !== undefined
              ? `${tree.root.total} root ${tree.root.total === 1 ? 'entity' : 'entities'}`
              : ''}
          </div>
        </div>
        <div className="jp-nxviz-main" ref={props.mainPane}>
          {controller.state === 'ready' ? (
            <ViewArea
              key={`${viewPath}:${controller.epoch}`}
              api={controller.api}
              path={viewPath}
              meta={viewMeta}
              settings={controller.settings}
              onSlice={target => {
                controller.slice = target;
              }}
            />
          ) : null}
        </div>
        <div className="jp-nxviz-side">
          <h3 className="jp-nxviz-subtitle">Inspector</h3>
          {controller.state === 'ready' ? (
            <Inspector
              key={controller.epoch}
              api={controller.api}
              path={viewPath}
              listed={viewMeta}
            />
          ) : null}
          <h3 className="jp-nxviz-subtitle">Validation</h3>
          {controller.revealFailed ? (
            <p className="jp-nxviz-hint">
              {controller.revealFailed} is not in the file.
            </p>
          ) : null}
          <ValidationPanel
            state={validation}
            onSelect={reveal}
            onRun={() => void controller.validate()}
          />
          <h3 className="jp-nxviz-subtitle">FAIR readiness</h3>
          {controller.state === 'ready' ? (
            <FairPanel
              api={controller.api}
              epoch={controller.epoch}
              onSelect={reveal}
            />
          ) : null}
        </div>
      </div>
    </div>
  );
}
