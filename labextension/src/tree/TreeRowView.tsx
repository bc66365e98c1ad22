// One row of the tree: chevron, kind icon, name, NX_class badge, link target, findings badge.
import React from 'react';

import { IChildMeta } from '../api/models';
import { describeDtype } from '../common/dtype';
import { linkText } from '../common/format';
import { ITreeNode, SeverityCounts } from './model';

export const ROW_HEIGHT = 24;

function kindIcon(meta: IChildMeta): string {
  if (meta.dangling || meta.outside_root) {
    return '⚠';
  }
  if (meta.type === 'group') {
    return '▣';
  }
  if (meta.type === 'dataset') {
    return (meta.shape?.length ?? 0) === 0 ? '•' : '▦';
  }
  return '◇';
}

function summary(meta: IChildMeta): string {
  if (meta.type === 'dataset') {
    const shape =
      meta.shape === null || meta.shape === undefined
        ? 'empty'
        : meta.shape.length === 0
          ? 'scalar'
          : meta.shape.join('×');
    return `${shape} ${describeDtype(meta)}`;
  }
  return '';
}

export function FindingsBadge(props: {
  own?: SeverityCounts;
  below?: SeverityCounts;
}): React.ReactElement | null {
  const { own, below } = props;
  if (own) {
    const severity = own.error ? 'error' : own.warning ? 'warning' : 'info';
    const total = own.error + own.warning + own.info;
    return (
      <span
        className={`jp-nxviz-finding-badge jp-nxviz-sev-${severity}`}
        title={`${own.error} errors, ${own.warning} warnings, ${own.info} notes on this entity`}
      >
        {total}
      </span>
    );
  }
  if (below) {
    const severity = below.error ? 'error' : below.warning ? 'warning' : 'info';
    return (
      <span
        className={`jp-nxviz-finding-dot jp-nxviz-sev-${severity}`}
        title={`${below.error} errors, ${below.warning} warnings below`}
      />
    );
  }
  return null;
}

export interface ITreeRowProps {
  node: ITreeNode;
  selected: boolean;
  own?: SeverityCounts;
  below?: SeverityCounts;
  top: number;
  onClick: (path: string) => void;
  onToggle: (path: string) => void;
}

export function TreeRowView(props: ITreeRowProps): React.ReactElement {
  const { node, selected, own, below, top } = props;
  const meta = node.meta;
  const isGroup = meta.type === 'group';
  const target = linkText(meta);
  const broken = meta.dangling === true || meta.outside_root === true;
  const classes = ['jp-nxviz-node'];
  if (node.depth === 1) {
    classes.push('jp-nxviz-child');
  }
  if (selected) {
    classes.push('jp-mod-selected');
  }
  if (broken) {
    classes.push('jp-nxviz-broken');
  }
  return (
    <div
      className={classes.join(' ')}
      role="treeitem"
      aria-selected={selected}
      aria-expanded={isGroup ? node.expanded : undefined}
      aria-level={node.depth}
      data-name={meta.name}
      data-path={node.path}
      data-type={meta.type}
      style={{
        top,
        height: ROW_HEIGHT,
        paddingLeft: 4 + (node.depth - 1) * 14
      }}
      onClick={() => props.onClick(node.path)}
      onDoubleClick={() => isGroup && props.onToggle(node.path)}
    >
      <span
        className="jp-nxviz-chevron"
        onClick={event => {
          event.stopPropagation();
          if (isGroup) {
            props.onToggle(node.path);
          }
        }}
      >
        {isGroup ? (node.loading ? '…' : node.expanded ? '▾' : '▸') : ''}
      </span>
      <span className={`jp-nxviz-kind jp-nxviz-kind-${meta.type}`}>
        {kindIcon(meta)}
      </span>
      <span className="jp-nxviz-name">{meta.name}</span>
      {meta.nx_class ? (
        <span className="jp-nxviz-badge jp-nxviz-nxclass">{meta.nx_class}</span>
      ) : null}
      {target ? (
        <span
          className={`jp-nxviz-link${broken ? ' jp-nxviz-dangling' : ''}`}
          title={`${broken ? (meta.outside_root ? 'link outside the root to ' : 'dangling link to ') : 'link to '}${target}`}
        >
          {broken
            ? meta.outside_root
              ? '⇢ outside root: '
              : '⇢ missing: '
            : '⇢ '}
          {target}
        </span>
      ) : null}
      <span className="jp-nxviz-summary">{summary(meta)}</span>
      <FindingsBadge own={own} below={node.expanded ? undefined : below} />
      {node.error ? (
        <span className="jp-nxviz-row-error" title={node.error}>
          ⚠
        </span>
      ) : null}
    </div>
  );
}
