// FAIR readiness of the open file (GET /nxviz/api/fair): score, techniques, what to add where;
// a click on a finding selects the place in the tree it belongs to.
import { Button } from '@jupyterlab/ui-components';
import React, { useState } from 'react';

import { FileApi } from '../api/endpoints';
import { useLatest } from '../common/useLatest';
import { problemSentence } from '../common/problems';
import { IFairAnswer, IFairFinding } from './models';
import { failedChecks, fileOf, scoreText, techniqueLines } from './utils';

export interface IFairPanelProps {
  api: FileApi;
  /** Changes when the file is read again: the report is then asked again. */
  epoch: number;
  onSelect: (path: string) => void;
}

function FindingRow(props: {
  finding: IFairFinding;
  onSelect: (path: string) => void;
}): React.ReactElement {
  const { finding } = props;
  const select = (): void => props.onSelect(finding.anchor);
  return (
    <li
      className={`jp-nxviz-finding jp-nxviz-sev-${finding.severity}`}
      data-code={finding.code}
      data-path={finding.path}
      data-anchor={finding.anchor}
      tabIndex={0}
      onClick={select}
      onKeyDown={event => {
        if (event.key === 'Enter') {
          select();
        }
      }}
    >
      <span className="jp-nxviz-finding-path">{finding.path}</span>
      <span className="jp-nxviz-finding-message">{finding.message}</span>
    </li>
  );
}

export function FairPanel(props: IFairPanelProps): React.ReactElement {
  const { api } = props;
  const [asked, setAsked] = useState(0);
  const state = useLatest<IFairAnswer>(
    asked ? `${api.file}:${props.epoch}:${asked}` : null,
    signal => api.client.json<IFairAnswer>('fair', { file: api.file }, signal)
  );
  const run = (): void => setAsked(asked + 1);
  if (state.status === 'idle') {
    return (
      <div className="jp-nxviz-fair">
        <Button
          className="jp-nxviz-panel-button"
          small
          title="Check what a data catalogue needs of this file (FAIR readiness)"
          onClick={run}
        >
          Check FAIR readiness
        </Button>
      </div>
    );
  }
  if (state.status === 'loading') {
    return (
      <div className="jp-nxviz-fair" data-nxviz-state="loading">
        <p className="jp-nxviz-hint">Checking what a data catalogue needs…</p>
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="jp-nxviz-fair" data-nxviz-state="error">
        <p className="jp-nxviz-problem">{problemSentence(state.error)}</p>
        <Button
          className="jp-nxviz-panel-button"
          small
          title="Check the file's FAIR readiness again"
          onClick={run}
        >
          Check again
        </Button>
      </div>
    );
  }
  const file = fileOf(state.value);
  if (!file) {
    return <div className="jp-nxviz-fair" data-nxviz-state="ready" />;
  }
  const failed = failedChecks(file);
  return (
    <div className="jp-nxviz-fair" data-nxviz-state="ready">
      <div className="jp-nxviz-fair-head">
        <span
          className={`jp-nxviz-fair-score ${file.ready ? 'jp-mod-ready' : ''}`}
          data-score={file.score}
          data-ready={file.ready}
        >
          {scoreText(file.score)} {file.ready ? 'FAIR-ready' : 'not ready'}
        </span>
        {techniqueLines(file).map(line => (
          <span key={line} className="jp-nxviz-fair-technique">
            {line}
          </span>
        ))}
      </div>
      {failed.map(({ check, findings }) => (
        <section
          key={check.id}
          className="jp-nxviz-fair-check"
          data-check={check.id}
          data-requirement={check.requirement}
        >
          <h4>
            {check.title}{' '}
            <span className="jp-nxviz-fair-principles">
              {check.principles.join(' ')} · {check.requirement}
            </span>
          </h4>
          <ul>
            {findings.map((finding, i) => (
              <FindingRow
                key={`${finding.path}:${finding.code}:${i}`}
                finding={finding}
                onSelect={props.onSelect}
              />
            ))}
          </ul>
        </section>
      ))}
      <Button
        className="jp-nxviz-panel-button"
        small
        title="Check the file's FAIR readiness again"
        onClick={run}
      >
        Check again
      </Button>
    </div>
  );
}
