// Palette commands of the viewer: open, refresh, validate, export.
import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette, WidgetTracker } from '@jupyterlab/apputils';
import { IFileBrowserFactory } from '@jupyterlab/filebrowser';

import { FACTORY_NAME, NxvizDocument } from './document/factory';
import { FILE_TYPE_NAMES } from './fileTypes';
import { nxvizIcon } from './icons';

export const CommandIds = {
  open: 'nxviz:open',
  refresh: 'nxviz:refresh',
  validate: 'nxviz:validate',
  exportPng: 'nxviz:export-png',
  exportNpy: 'nxviz:export-npy',
  exportCsv: 'nxviz:export-csv',
  exportTiff: 'nxviz:export-tiff'
} as const;

const CATEGORY = 'NeXus viewer (nxviz)';

export function addCommands(
  app: JupyterFrontEnd,
  tracker: WidgetTracker<NxvizDocument>,
  browserFactory: IFileBrowserFactory | null,
  palette: ICommandPalette | null
): void {
  const current = (): NxvizDocument | null => tracker.currentWidget;
  const hasViewer = (): boolean => current() !== null;

  app.commands.addCommand(CommandIds.open, {
    label: 'Open in nxviz',
    caption: 'Open the selected HDF5/NeXus file in the nxviz viewer',
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
  app.commands.addCommand(CommandIds.refresh, {
    label: 'nxviz: Refresh the file',
    isEnabled: hasViewer,
    execute: () => current()?.content.controller.refresh()
  });
  app.commands.addCommand(CommandIds.validate, {
    label: 'nxviz: Validate the file',
    isEnabled: hasViewer,
    execute: () => current()?.content.controller.validate()
  });
  app.commands.addCommand(CommandIds.exportPng, {
    label: 'nxviz: Export the plot as PNG',
    isEnabled: hasViewer,
    execute: () => current()?.content.export('png')
  });
  app.commands.addCommand(CommandIds.exportNpy, {
    label: 'nxviz: Export the current slice as NPY',
    isEnabled: hasViewer,
    execute: () => current()?.content.export('npy')
  });
  app.commands.addCommand(CommandIds.exportCsv, {
    label: 'nxviz: Export the current slice as CSV',
    isEnabled: hasViewer,
    execute: () => current()?.content.export('csv')
  });
  app.commands.addCommand(CommandIds.exportTiff, {
    label: 'nxviz: Export the current 2D slice as TIFF',
    isEnabled: hasViewer,
    execute: () => current()?.content.export('tiff')
  });

  // One item per file type: context-menu selectors cannot contain commas.
  for (const name of FILE_TYPE_NAMES) {
    app.contextMenu.addItem({
      command: CommandIds.open,
      selector: `.jp-DirListing-item[data-file-type="${name}"]`,
      rank: 0
    });
  }
  if (palette) {
    for (const command of [
      CommandIds.refresh,
      CommandIds.validate,
      CommandIds.exportPng,
      CommandIds.exportNpy,
      CommandIds.exportCsv,
      CommandIds.exportTiff
    ]) {
      palette.addItem({ command, category: CATEGORY });
    }
  }
}
