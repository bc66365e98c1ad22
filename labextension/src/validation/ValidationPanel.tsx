// The file's findings from /nxviz/api/validate; a click selects the entity in the tree.
import { Button, InputGroup } from '@jupyterlab/ui-components';
import React, { useState } from 'react';

import { IFinding, IValidationReport, Severity } from '../api/models';
import { RequestState } from '../common/useLatest';
import { problemSentence } from '../common/problems';
import {
  countBySeverity,
  definitionsNamed,
  entityPath,
  findingsOf,
  groupFindings,
  SEVERITIES
} from './utils';

/** Findings listed per severity before 'show all' (a file can have thousands). */
const SHOWN = 200;

const LABELS: Record<Severity, string> = {
  error: 'errors',
  warning: 'warnings',
  info: 'notes'
};

export interface IValidationPanelProps {
  state: RequestState<IValidationReport>;
  onSelect: (path: string) => void;
  onRun: () => void;
}

function FindingRow(props: {
  finding: IFinding;
  onSelect: (path: string) => void;
}): React.ReactElement {
  const { finding } = props;
  return (
    <li
      className={`jp-nxviz-finding jp-nxviz-sev-${finding.severity}`}
      data-code={finding.code}
      data-path={finding.path}
      tabIndex={0}
      role="button"
      aria-label={`${finding.code} at ${finding.path}: select it in the tree`}
      onClick={() => props.onSelect(entityPath(finding))}
      onKeyDown={event => {
        if (event.key === 'Enter') {
          props.onSelect(entityPath(finding));
        }
      }}
      title={
        finding.nxdl
          ? `NXDL: ${finding.nxdl} (Enter or click: select it in the tree)`
          : 'Enter or click: select it in the tree'
      }
    >
      <span className="jp-nxviz-finding-code">{finding.code}</span>
      <span className="jp-nxviz-finding-path" title={finding.path}>
        {finding.path}
      </span>
      <span className="jp-nxviz-finding-message">{finding.message}</span>
    </li>
  );
}

export function ValidationPanel(
  props: IValidationPanelProps
): React.ReactElement {
  const { state } = props;
  const [shown, setShown] = useState<Set<Severity>>(new Set(SEVERITIES));
  const [text, setText] = useState('');
  const [expanded, setExpanded] = useState<Set<Severity>>(new Set());
  if (state.status === 'idle') {
    return (
      <div className="jp-nxviz-validation">
        <Button
          className="jp-nxviz-panel-button"
          small
          title="Check the file against its NeXus application definitions and base classes"
          onClick={props.onRun}
        >
          Validate
        </Button>
      </div>
    );
  }
  if (state.status === 'loading') {
    return (
      <div className="jp-nxviz-validation" data-nxviz-state="loading">
        <p className="jp-nxviz-hint">
          Validating against its NeXus definitions…
        </p>
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="jp-nxviz-validation" data-nxviz-state="error">
        <p className="jp-nxviz-problem">{problemSentence(state.error)}</p>
        <Button
          className="jp-nxviz-panel-button"
          small
          title="Ask the server to validate the file again"
          onClick={props.onRun}
        >
          Validate again
        </Button>
      </div>
    );
  }
  const report = state.value;
  const findings = findingsOf(report);
  const counts = countBySeverity(findings);
  const groups = groupFindings(findings, { severities: shown, text });
  return (
    <div className="jp-nxviz-validation" data-nxviz-state="ready">
      <div className="jp-nxviz-validation-head">
        <span className="jp-nxviz-definition" data-field="definition">
          {definitionsNamed(report)}
        </span>
        <span className="jp-nxviz-counts" data-count={findings.length}>
          {findings.length === 0
            ? 'no findings'
            : SEVERITIES.map(s => `${counts[s]} ${LABELS[s]}`).join(', ')}
        </span>
      </div>
      <div className="jp-nxviz-validation-filter">
        {SEVERITIES.map(severity => (
          <label key={severity} className={`jp-nxviz-sev-${severity}`}>
            <input
              type="checkbox"
              title={`Show the ${LABELS[severity]}`}
              checked={shown.has(severity)}
              onChange={() => {
                const next = new Set(shown);
                if (next.has(severity)) {
                  next.delete(severity);
                } else {
                  next.add(severity);
                }
                setShown(next);
              }}
            />
            {LABELS[severity]}
          </label>
        ))}
        <InputGroup
          type="search"
          placeholder="filter findings"
          aria-label="filter findings by text"
          title="Show only the findings whose path, code or message holds this text"
          value={text}
          onChange={event => setText(event.currentTarget.value)}
        />
      </div>
      {groups.map(group => (
        <section
          key={group.severity}
          className="jp-nxviz-finding-group"
          data-severity={group.severity}
        >
          <h4>
            {group.findings.length} {LABELS[group.severity]}
          </h4>
          <ul>
            {(expanded.has(group.severity)
              ? group.findings
              : group.findings.slice(0, SHOWN)
            ).map((finding, i) => (
              <FindingRow
                key={`${finding.path}:${finding.code}:${i}`}
                finding={finding}
                onSelect={props.onSelect}
              />
            ))}
          </ul>
          {group.findings.length > SHOWN && !expanded.has(group.severity) ? (
            <Button
              className="jp-nxviz-panel-button"
              small
              minimal
              title={`Show all ${group.findings.length} ${LABELS[group.severity]}`}
              onClick={() =>
                setExpanded(new Set([...expanded, group.severity]))
              }
            >
              show all {group.findings.length}
            </Button>
          ) : null}
        </section>
      ))}
    </div>
  );
}
