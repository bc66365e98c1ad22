import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, WidgetTracker } from '@jupyterlab/apputils';
import { IFileBrowserFactory } from '@jupyterlab/filebrowser';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';

import { NxvizClient } from './api/client';
import { addCommands } from './commands';
import {
  FACTORY_NAME,
  NxvizDocument,
  NxvizWidgetFactory
} from './document/factory';
import { MODEL_NAME, MetadataOnlyModelFactory } from './document/model';
import { notebookPlugin } from './notebook/plugin';
import { FILE_TYPE_NAMES, FILE_TYPES, withIcon } from './fileTypes';
import { stateDbGeometryStore } from './frames/typedGeometry';
import { preloadPlots } from './viewers/lazy';
import {
  DEFAULT_SETTINGS,
  IViewerSettings,
  readSettings
} from './viewers/settings';

const PLUGIN_ID = 'nxviz:plugin';

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'NeXus/HDF5 viewer and validator',
  autoStart: true,
  optional: [
    ILayoutRestorer,
    IFileBrowserFactory,
    ICommandPalette,
    ISettingRegistry,
    IStateDB
  ],
  activate: (
    app: JupyterFrontEnd,
    restorer: ILayoutRestorer | null,
    browserFactory: IFileBrowserFactory | null,
    palette: ICommandPalette | null,
    settingRegistry: ISettingRegistry | null,
    state: IStateDB | null
  ) => {
    const client = new NxvizClient(app.serviceManager.serverSettings);
    let settings: IViewerSettings = DEFAULT_SETTINGS;
    for (const fileType of FILE_TYPES) {
      app.docRegistry.addFileType(withIcon(fileType));
    }
    app.docRegistry.addModelFactory(new MetadataOnlyModelFactory());
    const factory = new NxvizWidgetFactory(
      {
        name: FACTORY_NAME,
        label: 'NeXus viewer (nxviz)',
        fileTypes: FILE_TYPE_NAMES,
        defaultFor: FILE_TYPE_NAMES,
        readOnly: true,
        modelName: MODEL_NAME
      },
      client,
      () => settings,
      state ? stateDbGeometryStore(state) : undefined
    );
    app.docRegistry.addWidgetFactory(factory);

    const tracker = new WidgetTracker<NxvizDocument>({ namespace: 'nxviz' });
    factory.widgetCreated.connect((_, widget) => {
      void tracker.add(widget);
      widget.context.pathChanged.connect(() => void tracker.save(widget));
    });
    if (restorer) {
      void restorer.restore(tracker, {
        command: 'docmanager:open',
        args: widget => ({ path: widget.context.path, factory: FACTORY_NAME }),
        name: widget => widget.context.path
      });
    }

    if (settingRegistry) {
      void settingRegistry
        .load(PLUGIN_ID)
        .then(loaded => {
          const update = (): void => {
            settings = readSettings(
              loaded.composite as Record<string, unknown>
            );
            tracker.forEach(widget => {
              widget.content.controller.settings = settings;
            });
          };
          update();
          loaded.changed.connect(update);
        })
        .catch(reason => {
          console.warn('nxviz: settings could not be loaded', reason);
        });
    }

    addCommands(app, tracker, browserFactory, palette);

    // Once JupyterLab has started and is idle, fetch the plotting code (@h5web/lib, three.js)
    // so the first plot does not wait for it; start-up itself never loads it.
    void app.restored.then(() => {
      const idle =
        window.requestIdleCallback ??
        ((f: () => void) => window.setTimeout(f, 2000));
      idle(() => preloadPlots(), { timeout: 10_000 });
    });
  }
};

export default [plugin, notebookPlugin];
