// What the reader must know about a dataset's values, above its view: e.g. a virtual dataset's
// missing source files, whose part reads as the fill value (the server's `notes` in `meta`).
import React from 'react';

import { FileApi } from '../api/endpoints';
import { IChildMeta } from '../api/models';
import { useLatest } from '../common/useLatest';

export interface IDataNotesProps {
  api: FileApi;
  path: string;
  /** the dataset's metadata when known: a tree listing carries no notes, its own meta does */
  meta?: IChildMeta;
}

export function DataNotes(props: IDataNotesProps): React.ReactElement | null {
  const { api, path, meta } = props;
  const wanted = meta === undefined || meta.type === 'dataset';
  const known = meta?.notes;
  const state = useLatest(
    wanted && known === undefined ? `notes:${path}` : null,
    // asked after the view's own first data: the notes may come a moment after the plot
    () => api.afterFirstView().then(() => api.listingOnce(path))
  );
  const notes =
    known ?? (state.status === 'ready' ? (state.value.notes ?? []) : []);
  if (!wanted || notes.length === 0) {
    return null;
  }
  return (
    <div
      className="jp-nxviz-problem jp-nxviz-data-notes"
      role="note"
      data-nxviz-notes={notes.length}
    >
      {notes.map((note, i) => (
        <div key={i}>{note}</div>
      ))}
    </div>
  );
}
