// The inspector's attributes, a page at a time: the server lists them in name order
// (`meta` with attr_offset/attr_limit) and answers the values of one page by name (`attr`).
import { FileApi } from '../api/endpoints';
import { AttributeValues, IAttributeMeta, IEntityMeta } from '../api/models';
import { isAbort, messageOf } from '../common/errors';

/** Attributes listed (with their values) per page. */
export const ATTRIBUTE_PAGE = 100;

export interface IAttributePage {
  attributes: IAttributeMeta[];
  /** null when they could not be read (see `valuesError`) */
  values: AttributeValues | null;
  valuesError?: string;
  /** attributes of the entity in all */
  total: number;
  /** where the next page starts; `next < total` when there is one */
  next: number;
}

/** The page a `meta` answer carries, with its values read by name. */
export async function pageOf(
  api: FileApi,
  path: string,
  meta: IEntityMeta,
  signal?: AbortSignal
): Promise<IAttributePage> {
  const attributes = meta.attributes ?? [];
  const offset = meta.attributes_offset ?? 0;
  const limit = meta.attributes_limit ?? attributes.length;
  let values: AttributeValues | null = null;
  let valuesError: string | undefined;
  if (attributes.length > 0) {
    try {
      values = await api.attrs(
        path,
        signal,
        attributes.map(a => a.name)
      );
    } catch (error) {
      if (isAbort(error)) {
        throw error;
      }
      valuesError = messageOf(error);
    }
  }
  return {
    attributes,
    values,
    valuesError,
    total: meta.attributes_total ?? attributes.length,
    // a damaged attribute may be left out of a page: the next one starts after the page asked
    next: offset + Math.max(limit, attributes.length)
  };
}

/** The page of attributes from `offset`. */
export async function attributePage(
  api: FileApi,
  path: string,
  offset: number,
  signal?: AbortSignal
): Promise<IAttributePage> {
  const meta = await api.meta(path, signal, 0, 0, offset, ATTRIBUTE_PAGE);
  return pageOf(api, path, meta, signal);
}
