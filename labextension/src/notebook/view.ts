// What a viewer shows, read from its controller, as a code request.
import { ViewerController } from '../app/controller';
import { ICodeRequest } from './code';
import { IShowData } from './mime';

function entityOrNull(path: string | null | undefined): string | null {
  return path && path !== '/' ? path : null;
}

/**
 * The code request for a viewer's current selection and slice; `shown` is the output's data when
 * the viewer sits in a notebook output: its options are repeated while its entity is selected.
 */
export function requestOf(
  controller: Pick<ViewerController, 'api' | 'tree' | 'slice'>,
  notebookDir: string | null,
  shown: IShowData | null = null
): ICodeRequest {
  const selected = controller.tree.selected;
  const same =
    shown !== null && entityOrNull(shown.entity) === entityOrNull(selected);
  const node = selected ? controller.tree.node(selected) : undefined;
  const shape = node?.meta.shape;
  return {
    file: controller.api.file,
    notebookDir,
    entity: selected,
    isDataset: node?.meta.type === 'dataset',
    ndim: Array.isArray(shape) ? shape.length : undefined,
    slice: controller.slice,
    options: same ? shown.options : undefined
  };
}

/** The folder of a notebook's path ('' for a notebook at the server's root). */
export function folderOf(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts.slice(0, -1).join('/');
}
