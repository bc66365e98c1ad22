// The viewer in notebook outputs (application/vnd.nxviz+json) and code for a view in a cell.
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Clipboard, ICommandPalette, Notification } from '@jupyterlab/apputils';
import { DocumentWidget } from '@jupyterlab/docregistry';
import {
  INotebookTracker,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { NxvizClient } from '../api/client';
import { ViewerWidget } from '../app/ViewerWidget';
import {
  DEFAULT_SETTINGS,
  IViewerSettings,
  readSettings
} from '../viewers/settings';
import { codeFor } from './code';
import { NxvizOutput, outputRendererFactory } from './renderer';
import { folderOf, requestOf } from './view';

/** The viewer plugin's id: its settings are the viewer's defaults. */
const VIEWER_SETTINGS_ID = 'nxviz:plugin';

export const NotebookCommandIds = {
  insertCode: 'nxviz:insert-code',
  copyCode: 'nxviz:copy-code'
} as const;

/** A viewer and, when it sits in a notebook output, that output. */
interface ITarget {
  viewer: ViewerWidget;
  output: NxvizOutput | null;
}

function activate(
  app: JupyterFrontEnd,
  rendermime: IRenderMimeRegistry,
  notebooks: INotebookTracker | null,
  palette: ICommandPalette | null,
  settingRegistry: ISettingRegistry | null
): void {
  const client = new NxvizClient(app.serviceManager.serverSettings);
  let settings: IViewerSettings = DEFAULT_SETTINGS;
  const outputs = new Set<NxvizOutput>();
  let lastRoot: Element | null = null;

  const targetOf = (node: Element | null): ITarget | null => {
    const root = node?.closest('.jp-nxviz-root') ?? null;
    if (!root) {
      return null;
    }
    for (const output of outputs) {
      if (output.viewer?.node === root) {
        return { viewer: output.viewer, output };
      }
    }
    for (const widget of app.shell.widgets('main')) {
      if (
        widget instanceof DocumentWidget &&
        widget.content instanceof ViewerWidget &&
        widget.content.node === root
      ) {
        return { viewer: widget.content, output: null };
      }
    }
    return null;
  };

  /** The viewer under the context menu, else the current viewer tab, else the last one used. */
  const currentTarget = (): ITarget | null => {
    const hit = app.contextMenuHitTest(node =>
      node.classList.contains('jp-nxviz-root')
    );
    const shown = app.shell.currentWidget;
    const tab =
      shown instanceof DocumentWidget && shown.content instanceof ViewerWidget
        ? shown.content.node
        : null;
    return (
      targetOf(hit ?? null) ??
      targetOf(tab) ??
      (lastRoot?.isConnected ? targetOf(lastRoot) : null)
    );
  };

  // Remember the viewer the user touched last (outputs are not tabs the shell tracks).
  document.addEventListener(
    'pointerdown',
    event => {
      const root = (event.target as Element | null)?.closest?.(
        '.jp-nxviz-root'
      );
      if (root) {
        lastRoot = root;
      }
    },
    true
  );

  const notebookOf = (target: ITarget): NotebookPanel | null => {
    const output = target.output;
    const holding = output
      ? (notebooks?.find(panel => panel.node.contains(output.node)) ?? null)
      : null;
    return holding ?? notebooks?.currentWidget ?? null;
  };

  /** Code for the target's view, the path relative to `panel`'s folder (else the root). */
  const codeOf = (target: ITarget, panel: NotebookPanel | null): string =>
    codeFor(
      requestOf(
        target.viewer.controller,
        panel ? folderOf(panel.context.localPath) : null,
        target.output?.data ?? null
      )
    );

  const copyCode = async (target: ITarget): Promise<void> => {
    // From a file's tab the notebook is unknown: the path stays relative to the root.
    const panel = target.output ? notebookOf(target) : null;
    Clipboard.copyToSystem(codeOf(target, panel));
    Notification.info('Code for this view copied.', { autoClose: 3000 });
  };

  const insertCode = async (target: ITarget): Promise<void> => {
    const panel = notebookOf(target);
    if (!panel) {
      Clipboard.copyToSystem(codeOf(target, null));
      Notification.warning(
        'No notebook is open, so the code for this view was copied to the clipboard instead.',
        { autoClose: 5000 }
      );
      return;
    }
    const code = codeOf(target, panel);
    const notebook = panel.content;
    const output = target.output;
    const cell = output
      ? notebook.widgets.findIndex(c => c.node.contains(output.node))
      : -1;
    if (cell >= 0) {
      notebook.activeCellIndex = cell;
    }
    NotebookActions.insertBelow(notebook);
    if (notebook.activeCell?.model.type !== 'code') {
      NotebookActions.changeCellType(notebook, 'code');
    }
    notebook.activeCell?.model.sharedModel.setSource(code);
    app.shell.activateById(panel.id);
  };

  const guarded = async (
    action: (target: ITarget) => Promise<void>,
    target: ITarget
  ): Promise<void> => {
    try {
      await action(target);
    } catch (error) {
      Notification.error(
        `No code for this view: ${error instanceof Error ? error.message : String(error)}.`
      );
    }
  };

  const run =
    (action: (target: ITarget) => Promise<void>) => async (): Promise<void> => {
      const target = currentTarget();
      if (target) {
        await guarded(action, target);
      }
    };

  const fromOutput =
    (action: (target: ITarget) => Promise<void>) =>
    (output: NxvizOutput): void => {
      if (output.viewer) {
        lastRoot = output.viewer.node;
        void guarded(action, { viewer: output.viewer, output });
      }
    };

  app.commands.addCommand(NotebookCommandIds.insertCode, {
    label: 'Insert code for this view in a notebook cell',
    caption:
      'Python code for the selected entity or the shown slice, in a new cell below',
    isEnabled: () => currentTarget() !== null,
    execute: run(insertCode)
  });
  app.commands.addCommand(NotebookCommandIds.copyCode, {
    label: 'Copy code for this view',
    caption: 'Python code for the selected entity or the shown slice',
    isEnabled: () => currentTarget() !== null,
    execute: run(copyCode)
  });
  for (const [rank, command] of [
    NotebookCommandIds.insertCode,
    NotebookCommandIds.copyCode
  ].entries()) {
    app.contextMenu.addItem({ command, selector: '.jp-nxviz-root', rank });
    palette?.addItem({ command, category: 'NeXus viewer (nxviz)' });
  }

  rendermime.addFactory(
    outputRendererFactory({
      client,
      settings: () => settings,
      insertCode: fromOutput(insertCode),
      copyCode: fromOutput(copyCode),
      track: (output, alive) => {
        if (alive) {
          outputs.add(output);
        } else {
          outputs.delete(output);
        }
      }
    })
  );

  if (settingRegistry) {
    void settingRegistry
      .load(VIEWER_SETTINGS_ID)
      .then(loaded => {
        const update = (): void => {
          settings = readSettings(loaded.composite as Record<string, unknown>);
          outputs.forEach(output => output.updateSettings());
        };
        update();
        loaded.changed.connect(update);
      })
      .catch(reason => {
        console.warn('nxviz: settings for notebook outputs not loaded', reason);
      });
  }
}

export const notebookPlugin: JupyterFrontEndPlugin<void> = {
  id: 'nxviz:notebook',
  description:
    'The nxviz viewer in notebook outputs, and Python code for a view in a new cell',
  autoStart: true,
  requires: [IRenderMimeRegistry],
  optional: [INotebookTracker, ICommandPalette, ISettingRegistry],
  activate
};
