// A model factory whose file format is null: the document context then asks the contents
// API for the file's metadata only (content=0), never for its bytes.
import { TextModelFactory } from '@jupyterlab/docregistry';
import { Contents } from '@jupyterlab/services';

export const MODEL_NAME = 'nxviz-metadata-only';

export class MetadataOnlyModelFactory extends TextModelFactory {
  override get name(): string {
    return MODEL_NAME;
  }

  override get fileFormat(): Contents.FileFormat {
    return null;
  }
}
