// Wire types of /nxviz/api/, mirrored from nxviz/server/models.py.

export type EntityType =
  'group' | 'dataset' | 'soft_link' | 'external_link' | 'datatype' | 'other';

export interface IAttributeMeta {
  name: string;
  dtype?: string;
  shape?: number[] | null;
}

export interface IChildMeta {
  name: string;
  type: EntityType;
  nx_class?: string | null;
  shape?: number[] | null;
  dtype?: unknown;
  target_path?: string;
  target_file?: string;
  dangling?: boolean;
}

export interface IGroupMeta {
  name: string;
  type: 'group';
  attributes: IAttributeMeta[];
  children: IChildMeta[];
  total: number;
  offset: number;
  limit: number;
  nx_class?: string | null;
}

export interface IEntityMeta {
  name: string;
  type: EntityType;
  [key: string]: unknown;
}

export interface IDefinitionInfo {
  name: string;
  title: string;
  file: string;
}

export interface IDefinitionsListing {
  nxdl: string;
  source: string;
  definitions: IDefinitionInfo[];
}

export interface IErrorBody {
  code: string;
  message: string;
}

export function isGroupMeta(
  meta: IEntityMeta | IGroupMeta
): meta is IGroupMeta {
  return meta.type === 'group' && Array.isArray((meta as IGroupMeta).children);
}
