// The lazy, virtualised, paged tree with keyboard navigation.
import React, { useCallback, useEffect, useRef, useState } from 'react';

import { isNodeRow, TreeModel, TreeRow } from './model';
import { parentPath } from '../common/paths';
import { ROW_HEIGHT, TreeRowView } from './TreeRowView';

const OVERSCAN = 12;

function MoreRow(props: {
  row: Extract<TreeRow, { kind: 'more' }>;
  top: number;
  onVisible: (parent: string) => void;
}): React.ReactElement {
  const { row, top, onVisible } = props;
  useEffect(() => {
    onVisible(row.parent);
  }, [row.parent, row.loaded, onVisible]);
  return (
    <div
      className="jp-nxviz-more"
      style={{ top, height: ROW_HEIGHT, paddingLeft: 4 + (row.depth - 1) * 14 }}
    >
      loading {row.loaded.toLocaleString()} of {row.total.toLocaleString()}…
    </div>
  );
}

export interface ITreeViewProps {
  model: TreeModel;
  version: string;
  onActivate: (path: string) => void;
}

export function TreeView(props: ITreeViewProps): React.ReactElement {
  const { model } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const rows = model.rows();
  const selected = model.selected;

  useEffect(() => {
    const element = scroller.current;
    if (!element) {
      return undefined;
    }
    const observer = new ResizeObserver(() =>
      setHeight(element.clientHeight || 600)
    );
    observer.observe(element);
    setHeight(element.clientHeight || 600);
    return () => observer.disconnect();
  }, []);

  // Keep the selected row in view (after reveal or keyboard moves).
  useEffect(() => {
    const element = scroller.current;
    if (!element || !selected) {
      return;
    }
    const index = rows.findIndex(r => isNodeRow(r) && r.node.path === selected);
    if (index < 0) {
      return;
    }
    const top = index * ROW_HEIGHT;
    if (top < element.scrollTop) {
      element.scrollTop = top;
    } else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight) {
      element.scrollTop = top + ROW_HEIGHT - element.clientHeight;
    }
  }, [selected, props.version]);

  const loadMore = useCallback(
    (parent: string) => void model.loadMore(parent),
    [model]
  );
  const toggle = useCallback(
    (path: string) => void model.toggle(path),
    [model]
  );

  const onKeyDown = (event: React.KeyboardEvent): void => {
    const nodes = rows.filter(isNodeRow);
    const index = nodes.findIndex(r => r.node.path === selected);
    const current = index >= 0 ? nodes[index].node : undefined;
    let next: string | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = nodes[Math.min(nodes.length - 1, index + 1)]?.node.path;
        break;
      case 'ArrowUp':
        next = nodes[Math.max(0, index - 1)]?.node.path;
        break;
      case 'Home':
        next = nodes[0]?.node.path;
        break;
      case 'End':
        next = nodes[nodes.length - 1]?.node.path;
        break;
      case 'ArrowRight':
        if (current?.meta.type === 'group') {
          if (!current.expanded) {
            void model.expand(current.path);
          } else {
            next = nodes[index + 1]?.node.path;
          }
        }
        break;
      case 'ArrowLeft':
        if (current?.expanded) {
          model.collapse(current.path);
        } else if (current && current.depth > 1) {
          next = parentPath(current.path);
        }
        break;
      case 'Enter':
      case ' ':
        if (current?.meta.type === 'group') {
          void model.toggle(current.path);
        }
        break;
      default:
        return;
    }
    event.preventDefault();
    if (next) {
      props.onActivate(next);
    }
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(
    rows.length,
    Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN
  );
  const shown: React.ReactElement[] = [];
  for (let i = first; i < last; i += 1) {
    const row = rows[i];
    const top = i * ROW_HEIGHT;
    if (isNodeRow(row)) {
      shown.push(
        <TreeRowView
          key={row.node.path}
          node={row.node}
          top={top}
          selected={row.node.path === selected}
          own={model.findingsAt(row.node.path)}
          below={model.findingsBelow(row.node.path)}
          onClick={props.onActivate}
          onToggle={toggle}
        />
      );
    } else {
      shown.push(
        <MoreRow
          key={`more:${row.parent}`}
          row={row}
          top={top}
          onVisible={loadMore}
        />
      );
    }
  }
  return (
    <div
      className="jp-nxviz-tree"
      role="tree"
      tabIndex={0}
      ref={scroller}
      onKeyDown={onKeyDown}
      onScroll={event => setScrollTop(event.currentTarget.scrollTop)}
      data-rows={rows.length}
    >
      <div
        className="jp-nxviz-tree-canvas"
        style={{ height: rows.length * ROW_HEIGHT }}
      >
        {shown}
      </div>
    </div>
  );
}
