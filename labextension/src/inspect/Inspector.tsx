// Metadata and attributes of the selected entity.
import { Button } from '@jupyterlab/ui-components';
import React, { useEffect, useRef, useState } from 'react';

import { FileApi } from '../api/endpoints';
import { IChildMeta, IEntityMeta, ITypeInfo } from '../api/models';
import { RequestState, useLatest } from '../common/useLatest';
import { isAbort, messageOf } from '../common/errors';
import { describeDtype } from '../common/dtype';
import {
  ATTRIBUTE_PAGE,
  attributePage,
  IAttributePage,
  pageOf
} from './attributes';
import { formatShape, formatValue, linkText } from '../common/format';

interface IDetails {
  meta: IEntityMeta | null;
  metaError?: string;
  /** the first page of attributes, with their values */
  first: IAttributePage | null;
}

async function loadDetails(
  api: FileApi,
  path: string,
  listed: IChildMeta,
  signal: AbortSignal
): Promise<IDetails> {
  if (listed.dangling || listed.outside_root) {
    return { meta: null, first: null };
  }
  await api.afterFirstView(); // the first plot's requests go first
  if (signal.aborted) {
    throw new DOMException('aborted', 'AbortError');
  }
  let meta: IEntityMeta;
  try {
    meta = await api.meta(path, signal, 0, 0, 0, ATTRIBUTE_PAGE);
  } catch (error) {
    if (isAbort(error)) {
      throw error;
    }
    return { meta: null, metaError: messageOf(error), first: null };
  }
  return { meta, first: await pageOf(api, path, meta, signal) };
}

/** The attributes read so far, a page at a time, and a control that reads the next page. */
function Attributes(props: {
  api: FileApi;
  path: string;
  first: IAttributePage;
}): React.ReactElement | null {
  const { api, path, first } = props;
  const [more, setMore] = useState<IAttributePage[]>([]);
  const [reading, setReading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);
  const pages = [first, ...more];
  const last = pages[pages.length - 1];
  const shown = pages.reduce((n, page) => n + page.attributes.length, 0);
  const valuesError = pages.find(page => page.valuesError)?.valuesError;
  const readMore = (): void => {
    const request = new AbortController();
    controller.current = request;
    setReading(true);
    setError(null);
    attributePage(api, path, last.next, request.signal).then(
      page => {
        if (!request.signal.aborted) {
          setMore(pages => [...pages, page]);
          setReading(false);
        }
      },
      (reason: unknown) => {
        if (!request.signal.aborted && !isAbort(reason)) {
          setError(messageOf(reason));
          setReading(false);
        }
      }
    );
  };
  if (shown === 0 && last.next >= last.total) {
    return null;
  }
  return (
    <>
      <table className="jp-nxviz-attrs">
        <tbody>
          {pages.flatMap(page =>
            page.attributes.map(({ name }) => (
              <tr key={name} data-attr={name}>
                <th>@{name}</th>
                <td>
                  {page.values && name in page.values
                    ? formatValue(page.values[name])
                    : page.valuesError
                      ? '(value unavailable)'
                      : ''}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      {valuesError ? (
        <p className="jp-nxviz-hint">
          Attribute values could not be read: {valuesError}
        </p>
      ) : null}
      {last.next < last.total ? (
        <div className="jp-nxviz-attrs-more" data-shown={shown}>
          <span>
            {shown.toLocaleString()} of {last.total.toLocaleString()} attributes
            shown
          </span>
          <Button small minimal disabled={reading} onClick={readMore}>
            {reading
              ? 'Reading…'
              : `Show ${Math.min(ATTRIBUTE_PAGE, last.total - last.next).toLocaleString()} more`}
          </Button>
        </div>
      ) : null}
      {error ? <p className="jp-nxviz-error">{error}</p> : null}
    </>
  );
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
  const first = details.status === 'ready' ? details.value.first : null;
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
      !details.value.metaError &&
      (first === null || first.total === 0) ? (
        <p className="jp-nxviz-hint">No attributes.</p>
      ) : null}
      {first ? (
        <Attributes key={path} api={api} path={path} first={first} />
      ) : null}
    </div>
  );
}
