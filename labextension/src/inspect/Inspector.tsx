// Metadata and attributes of the selected entity.
import React from 'react';

import { FileApi } from '../api/endpoints';
import {
  AttributeValues,
  IChildMeta,
  IEntityMeta,
  ITypeInfo
} from '../api/models';
import { RequestState, useLatest } from '../app/useLatest';
import { linkText } from '../tree/TreeRowView';
import { describeDtype } from '../viewers/select';
import { formatShape, formatValue } from './format';

interface IDetails {
  meta: IEntityMeta | null;
  metaError?: string;
  attrs: AttributeValues | null;
  attrsError?: string;
}

async function loadDetails(
  api: FileApi,
  path: string,
  listed: IChildMeta,
  signal: AbortSignal
): Promise<IDetails> {
  if (listed.dangling || listed.outside_root) {
    return { meta: null, attrs: null };
  }
  const [meta, attrs] = await Promise.allSettled([
    api.meta(path, signal, 0, 0),
    api.attrs(path, signal)
  ]);
  return {
    meta: meta.status === 'fulfilled' ? meta.value : null,
    metaError:
      meta.status === 'rejected'
        ? String((meta.reason as Error).message)
        : undefined,
    attrs: attrs.status === 'fulfilled' ? attrs.value : null,
    attrsError:
      attrs.status === 'rejected'
        ? String((attrs.reason as Error).message)
        : undefined
  };
}

function Field(props: {
  label: string;
  children: React.ReactNode;
}): React.ReactElement {
  return (
    <>
      <dt>{props.label}</dt>
      <dd data-field={props.label}>{props.children}</dd>
    </>
  );
}

function members(info: ITypeInfo | undefined): string | null {
  const m = info?.members;
  if (!m) {
    return null;
  }
  if (Array.isArray(m)) {
    return m
      .map(
        member =>
          `${member.name ?? '?'}: ${describeDtype({ dtype: member.dtype, type_info: member })}`
      )
      .join(', ');
  }
  return Object.entries(m)
    .map(([label, value]) => `${value} = ${label}`)
    .join(', ');
}

export interface IInspectorProps {
  api: FileApi;
  path: string | null;
  listed: IChildMeta | null;
}

export function Inspector(props: IInspectorProps): React.ReactElement {
  const { api, path, listed } = props;
  const details: RequestState<IDetails> = useLatest(
    path && listed ? `inspect:${path}` : null,
    signal => loadDetails(api, path!, listed!, signal)
  );
  if (!path || !listed) {
    return (
      <div className="jp-nxviz-inspector">
        <p className="jp-nxviz-hint">
          Select an entity in the tree to see its metadata.
        </p>
      </div>
    );
  }
  const meta: IChildMeta =
    details.status === 'ready' && details.value.meta
      ? details.value.meta
      : listed;
  const target = linkText(listed);
  const attributeNames =
    details.status === 'ready'
      ? (details.value.meta?.attributes ?? []).map(a => a.name)
      : [];
  const attrs = details.status === 'ready' ? details.value.attrs : null;
  const kindMembers = members(meta.type_info);
  return (
    <div className="jp-nxviz-inspector">
      <dl className="jp-nxviz-fields">
        <Field label="path">{path}</Field>
        <Field label="kind">
          {meta.type}
          {meta.nx_class ? ` (${meta.nx_class})` : ''}
        </Field>
        {target ? (
          <Field label="link target">
            {target}
            {listed.dangling ? ' — dangling' : ''}
            {listed.outside_root ? ' — outside the root, not followed' : ''}
          </Field>
        ) : null}
        {meta.type === 'dataset' ? (
          <>
            <Field label="dtype">{describeDtype(meta)}</Field>
            {kindMembers ? <Field label="members">{kindMembers}</Field> : null}
            <Field label="shape">{formatShape(meta.shape)}</Field>
            <Field label="chunks">
              {meta.chunks ? meta.chunks.join(' × ') : 'contiguous'}
            </Field>
            <Field label="filters">
              {meta.filters && meta.filters.length > 0
                ? meta.filters.map(f => `${f.name} (${f.id})`).join(', ')
                : 'none'}
            </Field>
          </>
        ) : null}
      </dl>
      <h3 className="jp-nxviz-subtitle">Attributes</h3>
      {details.status === 'loading' ? (
        <p className="jp-nxviz-hint">Reading…</p>
      ) : null}
      {details.status === 'ready' && details.value.metaError ? (
        <p className="jp-nxviz-error">{details.value.metaError}</p>
      ) : null}
      {details.status === 'ready' &&
      attributeNames.length === 0 &&
      !details.value.metaError ? (
        <p className="jp-nxviz-hint">No attributes.</p>
      ) : null}
      {attributeNames.length > 0 ? (
        <table className="jp-nxviz-attrs">
          <tbody>
            {attributeNames.map(name => (
              <tr key={name} data-attr={name}>
                <th>@{name}</th>
                <td>
                  {attrs && name in attrs
                    ? formatValue(attrs[name])
                    : details.status === 'ready' && details.value.attrsError
                      ? '(value unavailable)'
                      : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {details.status === 'ready' &&
      details.value.attrsError &&
      attributeNames.length > 0 ? (
        <p className="jp-nxviz-hint">
          Attribute values could not be read: {details.value.attrsError}
        </p>
      ) : null}
    </div>
  );
}
