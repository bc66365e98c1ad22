import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { WidgetTracker } from '@jupyterlab/apputils';
import { IFileBrowserFactory } from '@jupyterlab/filebrowser';

import { NxvizClient } from './api/client';
import {
  FACTORY_NAME,
  NxvizDocument,
  NxvizWidgetFactory
} from './document/factory';
import { MODEL_NAME, MetadataOnlyModelFactory } from './document/model';
import { FILE_TYPE_NAMES, FILE_TYPES, withIcon } from './fileTypes';
import { nxvizIcon } from './icons';

const CommandIds = {
  open: 'nxviz:open'
};

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'nxviz:plugin',
  description: 'NeXus/HDF5 viewer and validator',
  autoStart: true,
  optional: [ILayoutRestorer, IFileBrowserFactory],
  activate: (
    app: JupyterFrontEnd,
    restorer: ILayoutRestorer | null,
    browserFactory: IFileBrowserFactory | null
  ) => {
    const client = new NxvizClient(app.serviceManager.serverSettings);
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
      client
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

    app.commands.addCommand(CommandIds.open, {
      label: 'Open in nxviz',
      icon: nxvizIcon,
      execute: () => {
        const item = browserFactory?.tracker.currentWidget
          ?.selectedItems()
          .next();
        if (item && !item.done) {
          return app.commands.execute('docmanager:open', {
            path: item.value.path,
            factory: FACTORY_NAME
          });
        }
        return undefined;
      }
    });
    app.contextMenu.addItem({
      command: CommandIds.open,
      selector: FILE_TYPE_NAMES.map(
        name => `.jp-DirListing-item[data-file-type="${name}"]`
      ).join(', '),
      rank: 0
    });
  }
};

export default plugin;
