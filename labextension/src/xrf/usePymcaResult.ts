// The PyMca fit result a group shows: the group itself, or (for the file's root or an NXentry)
// an NXprocess inside it that PyMca wrote. Metadata only, each listing asked once and shared.
import { FileApi } from '../api/endpoints';
import { IEntityMeta } from '../api/models';
import { useLatest } from '../common/useLatest';
import { pymcaResultOf } from './predicate';

function join(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** Where below `path` (itself, its entries, their processes) PyMca's result is; null if none. */
export async function findPymcaResult(
  api: Pick<FileApi, 'listingOnce'>,
  path: string,
  entry = false
): Promise<string | null> {
  const meta: IEntityMeta = await api.listingOnce(path);
  const own = pymcaResultOf(meta, path);
  if (own || meta.type !== 'group') {
    return own;
  }
  const isEntry = entry || meta.nx_class === 'NXentry';
  if (path !== '/' && !isEntry) {
    return null;
  }
  for (const child of meta.children ?? []) {
    if (child.type !== 'group') {
      continue;
    }
    const childPath = join(path, child.name);
    let found: string | null = null;
    if (path === '/' && child.nx_class === 'NXentry') {
      found = await findPymcaResult(api, childPath, true);
    } else if (isEntry && child.nx_class === 'NXprocess') {
      found = pymcaResultOf(await api.listingOnce(childPath), childPath);
    }
    if (found) {
      return found;
    }
  }
  return null;
}

/** The PyMca result a group view opens on (null while looked for, or when there is none). */
export function usePymcaResult(
  api: FileApi,
  path: string,
  wanted: boolean
): string | null {
  const state = useLatest(wanted ? `pymca:${path}` : null, () =>
    findPymcaResult(api, path)
  );
  return state.status === 'ready' ? state.value : null;
}
