// A model factory whose file format is null: the document context then asks the contents
// API for the file's metadata only (content=0), never for its bytes.
//
// Its models also say they are saved by someone else ("collaborative"): the document context
// then reports canSave = false, so it never makes a checkpoint (@jupyterlab/docregistry's
// context copies a writable file into .ipynb_checkpoints/ when it is first opened: a full copy
// of every HDF5 file opened). nxviz never writes the files it shows.
import {
  DocumentModel,
  DocumentRegistry,
  TextModelFactory
} from '@jupyterlab/docregistry';
import { Contents } from '@jupyterlab/services';

export const MODEL_NAME = 'nxviz-metadata-only';

export class MetadataOnlyModelFactory extends TextModelFactory {
  override get name(): string {
    return MODEL_NAME;
  }

  override get fileFormat(): Contents.FileFormat {
    return null;
  }

  override createNew(
    options: ConstructorParameters<typeof DocumentModel>[0] = {}
  ): DocumentRegistry.ICodeModel {
    return new DocumentModel({ ...options, collaborationEnabled: true });
  }
}

/**
 * Keep a context off the disk: JupyterLab lists a document's checkpoints for its tab caption,
 * and jupyter_server's file checkpoints create .ipynb_checkpoints/ beside the file just to
 * list them (even in a read-only data folder). An nxviz document has no checkpoints, and
 * saving it (Ctrl+S) writes nothing.
 */
export function keepOffDisk(context: DocumentRegistry.Context): void {
  context.listCheckpoints = () => Promise.resolve([]);
  context.save = () => Promise.resolve();
}
