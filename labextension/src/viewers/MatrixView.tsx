// A virtualised grid of a dataset's values: only visible cells are in the DOM, blocks read on scroll.
import React, { useEffect, useMemo, useReducer, useRef, useState } from 'react';

import { FileApi } from '../api/endpoints';
import { IChildMeta } from '../api/models';
import { BlockCache, spacerSize, visibleStart } from './matrix';
import { matrixSource } from './matrixSources';
import { Slicer } from './Slicer';

const ROW_HEIGHT = 22;
const HEADER_WIDTH = 64;

export interface IMatrixViewProps {
  api: FileApi;
  path: string;
  meta: IChildMeta;
  /** wider cells for compound members and strings */
  cellWidth?: number;
}

interface IViewport {
  top: number;
  left: number;
  width: number;
  height: number;
}

export function MatrixView(props: IMatrixViewProps): React.ReactElement {
  const { api, path, meta } = props;
  const source = useMemo(() => matrixSource(api, path, meta), [api, path]);
  const [indices, setIndices] = useState<number[]>(() =>
    source.sliced.map(() => 0)
  );
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const cache = useMemo(
    () =>
      new BlockCache(source.rows, source.cols, source.loader(indices), redraw),
    [source, indices.join(',')]
  );
  useEffect(() => () => cache.dispose(), [cache]);

  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState<IViewport>({
    top: 0,
    left: 0,
    width: 0,
    height: 0
  });
  useEffect(() => {
    const element = scroller.current;
    if (!element) {
      return undefined;
    }
    const update = (): void =>
      setViewport({
        top: element.scrollTop,
        left: element.scrollLeft,
        width: element.clientWidth,
        height: element.clientHeight
      });
    const observer = new ResizeObserver(update);
    observer.observe(element);
    element.addEventListener('scroll', update, { passive: true });
    update();
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', update);
    };
  }, []);

  const colWidth = props.cellWidth ?? 96;
  const bodyHeight = Math.max(0, viewport.height - ROW_HEIGHT);
  const bodyWidth = Math.max(0, viewport.width - HEADER_WIDTH);
  const rowStart = visibleStart(
    viewport.top,
    bodyHeight,
    source.rows,
    ROW_HEIGHT
  );
  const colStart = visibleStart(
    viewport.left,
    bodyWidth,
    source.cols,
    colWidth
  );
  const rowCount = Math.min(
    source.rows - rowStart.first,
    Math.ceil(bodyHeight / ROW_HEIGHT) + 1
  );
  const colCount = Math.min(
    source.cols - colStart.first,
    Math.ceil(bodyWidth / colWidth) + 1
  );
  const measured = viewport.height > 0;
  useEffect(() => {
    if (measured) {
      cache.want(
        { first: rowStart.first, last: rowStart.first + rowCount - 1 },
        { first: colStart.first, last: colStart.first + colCount - 1 }
      );
    }
  }, [cache, measured, rowStart.first, rowCount, colStart.first, colCount]);

  const cells: React.ReactElement[] = [];
  for (let i = 0; i < colCount; i += 1) {
    const col = colStart.first + i;
    cells.push(
      <div
        key={`c${col}`}
        className="jp-nxviz-cell jp-nxviz-col-header"
        data-col={col}
        style={{
          top: 0,
          left: HEADER_WIDTH + colStart.offset + i * colWidth,
          width: colWidth
        }}
      >
        {source.columnLabel(col)}
      </div>
    );
  }
  for (let j = 0; j < rowCount; j += 1) {
    const row = rowStart.first + j;
    const top = ROW_HEIGHT + rowStart.offset + j * ROW_HEIGHT;
    cells.push(
      <div
        key={`r${row}`}
        className="jp-nxviz-cell jp-nxviz-row-header"
        data-row={row}
        style={{ top, left: 0, width: HEADER_WIDTH }}
      >
        {row}
      </div>
    );
    for (let i = 0; i < colCount; i += 1) {
      const col = colStart.first + i;
      const text = cache.cell(row, col);
      cells.push(
        <div
          key={`${row},${col}`}
          className={`jp-nxviz-cell${text === null ? ' jp-mod-loading' : ''}`}
          data-row={row}
          data-col={col}
          title={text ?? undefined}
          style={{
            top,
            left: HEADER_WIDTH + colStart.offset + i * colWidth,
            width: colWidth
          }}
        >
          {text ?? '…'}
        </div>
      );
    }
  }
  const error = cache.error();
  return (
    <div
      className="jp-nxviz-matrix-view"
      data-nxviz-view="matrix"
      data-loading={cache.loading()}
    >
      <Slicer dims={source.sliced} indices={indices} onChange={setIndices} />
      {error ? <div className="jp-nxviz-problem">{error}</div> : null}
      <div
        className="jp-nxviz-matrix"
        ref={scroller}
        data-rows={source.rows}
        data-cols={source.cols}
        tabIndex={0}
      >
        <div
          className="jp-nxviz-matrix-spacer"
          style={{
            width: HEADER_WIDTH + spacerSize(source.cols, colWidth),
            height: ROW_HEIGHT + spacerSize(source.rows, ROW_HEIGHT)
          }}
        >
          <div
            className="jp-nxviz-matrix-window"
            style={{ width: viewport.width, height: viewport.height }}
          >
            {cells}
            <div
              className="jp-nxviz-cell jp-nxviz-corner"
              style={{ top: 0, left: 0, width: HEADER_WIDTH }}
            />
          </div>
        </div>
      </div>
    </div>
  );
}
