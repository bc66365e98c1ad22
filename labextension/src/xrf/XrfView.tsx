// The XRF views of an entity: a spectra cube, or a PyMca fit result (with its cube if the file
// holds it), as the server's `xrf` answer describes it.
import React, { useMemo } from 'react';

import { FileApi } from '../api/endpoints';
import { useLatest } from '../common/useLatest';
import { XrfApi } from './api';
import { CubeView } from './CubeView';
import { PymcaView } from './PymcaView';

export interface IXrfViewProps {
  api: FileApi;
  /** a cube (dataset or NXdata) or a PyMca result group */
  path: string;
}

function stemOf(file: string, path: string): string {
  const stem = (file.split('/').pop() ?? file).replace(/\.[^.]+$/, '');
  const tail = path.replace(/^\/+/, '').replace(/[^\w.-]+/g, '_');
  return tail ? `${stem}-${tail}` : stem;
}

export function XrfView(props: IXrfViewProps): React.ReactElement {
  const { api, path } = props;
  const xrf = useMemo(() => new XrfApi(api.client, api.file), [api]);
  const payload = useLatest(`xrf:${api.file}:${path}`, signal =>
    xrf.payload(path, signal)
  );
  if (payload.status === 'error') {
    return (
      <div className="jp-nxviz-problem" data-nxviz-view="xrf-problem">
        {payload.message}
      </div>
    );
  }
  if (payload.status !== 'ready') {
    return <div className="jp-nxviz-hint">Reading the XRF data's layout…</div>;
  }
  const stem = stemOf(api.file, path);
  const value = payload.value;
  if (value.kind === 'pymca') {
    return <PymcaView xrf={xrf} payload={value} stem={stem} />;
  }
  if (!value.cube) {
    return (
      <div className="jp-nxviz-problem">
        The server found no spectra cube at {path}.
      </div>
    );
  }
  return <CubeView xrf={xrf} cube={value.cube} stem={stem} />;
}
