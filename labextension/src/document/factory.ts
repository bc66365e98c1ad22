// Document widgets for HDF5/NeXus files; the file's bytes are never fetched.
import {
  ABCWidgetFactory,
  DocumentRegistry,
  DocumentWidget
} from '@jupyterlab/docregistry';

import { NxvizClient } from '../api/client';
import { FileApi } from '../api/endpoints';
import { ViewerController } from '../app/controller';
import { ViewerWidget } from '../app/ViewerWidget';
import { IGeometryStore } from '../frames/typedGeometry';
import { nxvizIcon } from '../icons';
import { mark } from '../marks';
import { keepOffDisk } from './model';
import { IViewerSettings } from '../viewers/settings';

export const FACTORY_NAME = 'nxviz';

export type NxvizDocument = DocumentWidget<ViewerWidget>;

export class NxvizWidgetFactory extends ABCWidgetFactory<NxvizDocument> {
  constructor(
    options: DocumentRegistry.IWidgetFactoryOptions<NxvizDocument>,
    private readonly client: NxvizClient,
    private readonly settings: () => IViewerSettings,
    private readonly geometryStore?: IGeometryStore
  ) {
    super(options);
  }

  protected createNewWidget(context: DocumentRegistry.Context): NxvizDocument {
    mark('nxviz:open');
    keepOffDisk(context);
    const controller = new ViewerController(
      new FileApi(this.client, context.localPath),
      this.settings()
    );
    const content = new ViewerWidget(controller, this.geometryStore);
    const widget = new DocumentWidget({ content, context });
    widget.addClass('jp-nxviz-document');
    widget.title.icon = nxvizIcon;
    void content.load();
    return widget;
  }
}
