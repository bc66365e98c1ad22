// Scalars, strings, small compound and enum values from data?format=json.
import React from 'react';

import { FileApi } from '../api/endpoints';
import { IChildMeta } from '../api/models';
import { useLatest } from '../common/useLatest';
import { formatValue } from '../common/format';
import { formatComplex } from './matrixSources';
import { problemSentence } from '../common/problems';
import { dtypeKind } from '../common/dtype';

/** Enum values with their labels: 2 → 'ON (2)'. */
export function labelEnum(
  value: unknown,
  members: Record<string, number>
): unknown {
  const byValue = new Map(Object.entries(members).map(([k, v]) => [v, k]));
  const label = (v: unknown): unknown =>
    typeof v === 'number' && byValue.has(v) ? `${byValue.get(v)} (${v})` : v;
  return Array.isArray(value) ? value.map(label) : label(value);
}

function isPair(value: unknown): value is [number, number] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number'
  );
}

export interface IValueViewProps {
  api: FileApi;
  path: string;
  meta: IChildMeta;
}

export function ValueView(props: IValueViewProps): React.ReactElement {
  const { api, path, meta } = props;
  const state = useLatest(`value:${path}`, async signal => {
    const [read, attrs] = await Promise.all([
      api.value(path, undefined, signal),
      api.attrs(path, signal).catch(() => ({}) as Record<string, unknown>)
    ]);
    const units = (attrs as Record<string, unknown>).units;
    return {
      value: read,
      units: typeof units === 'string' && units.trim() ? units.trim() : null
    };
  });
  if (state.status === 'loading' || state.status === 'idle') {
    return <div className="jp-nxviz-hint">Reading the value…</div>;
  }
  if (state.status === 'error') {
    return (
      <div className="jp-nxviz-problem">{problemSentence(state.error)}</div>
    );
  }
  let value = state.value.value;
  const units = state.value.units;
  if (dtypeKind(meta) === 'complex' && isPair(value)) {
    value = formatComplex(value[0], value[1]);
  }
  const members = meta.type_info?.members;
  if (dtypeKind(meta) === 'enum' && members && !Array.isArray(members)) {
    value = labelEnum(value, members);
  }
  const compound =
    dtypeKind(meta) === 'compound' &&
    value !== null &&
    typeof value === 'object';
  return (
    <div className="jp-nxviz-value" data-nxviz-view="value">
      {compound && !Array.isArray(value) ? (
        <table className="jp-nxviz-attrs">
          <tbody>
            {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
              <tr key={k}>
                <th>{k}</th>
                <td>{formatValue(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <pre className="jp-nxviz-value-text">
          {formatValue(value)}
          {units ? (
            <span className="jp-nxviz-units" data-nxviz-units={units}>
              {' '}
              {units}
            </span>
          ) : null}
        </pre>
      )}
    </div>
  );
}
