// Document widgets for HDF5/NeXus files; the file's bytes are never fetched.
import {
  ABCWidgetFactory,
  DocumentRegistry,
  DocumentWidget
} from '@jupyterlab/docregistry';

import { NxvizClient } from '../api/client';
import { nxvizIcon } from '../icons';
import { RootGroupsPanel } from './RootGroupsPanel';

export const FACTORY_NAME = 'nxviz';

export type NxvizDocument = DocumentWidget<RootGroupsPanel>;

export class NxvizWidgetFactory extends ABCWidgetFactory<NxvizDocument> {
  constructor(
    options: DocumentRegistry.IWidgetFactoryOptions<NxvizDocument>,
    private readonly client: NxvizClient
  ) {
    super(options);
  }

  protected createNewWidget(context: DocumentRegistry.Context): NxvizDocument {
    const content = new RootGroupsPanel(this.client, context.localPath);
    const widget = new DocumentWidget({ content, context });
    widget.addClass('jp-nxviz-document');
    widget.title.icon = nxvizIcon;
    void content.load();
    return widget;
  }
}
