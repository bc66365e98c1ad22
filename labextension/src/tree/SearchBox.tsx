// Search by name over the whole file (server-side), above the tree; a result reveals its entity.
import { Button, InputGroup, searchIcon } from '@jupyterlab/ui-components';
import React, { useEffect, useId, useMemo, useRef, useState } from 'react';

import { FileApi } from '../api/endpoints';
import { ISearchHit } from '../api/models';
import { parentPath } from '../common/paths';
import {
  DebouncedSearch,
  MOST_RESULTS,
  SearchState,
  searchSummary
} from './search';

export interface ISearchBoxProps {
  api: FileApi;
  /** changes when the file is read again: the current query is asked again */
  epoch: number;
  /** reveal and select the entity at this path in the tree */
  onPick: (path: string) => void;
}

function SearchResult(props: {
  hit: ISearchHit;
  active: boolean;
  onPick: (path: string) => void;
}): React.ReactElement {
  const { hit, active } = props;
  const target = hit.target_path
    ? `${hit.target_file ? `${hit.target_file}:` : ''}${hit.target_path}`
    : null;
  return (
    <li
      className={`jp-nxviz-search-result${active ? ' jp-nxviz-active' : ''}`}
      role="option"
      aria-selected={active}
      tabIndex={0}
      data-path={hit.path}
      data-type={hit.type}
      title={target ? `${hit.path} ⇢ ${target}` : hit.path}
      onMouseDown={event => event.preventDefault()}
      onClick={() => props.onPick(hit.path)}
      onKeyDown={event => {
        if (event.key === 'Enter') {
          event.preventDefault();
          props.onPick(hit.path);
        }
      }}
    >
      <span className="jp-nxviz-name">{hit.name}</span>
      {hit.nx_class ? (
        <span className="jp-nxviz-badge jp-nxviz-nxclass">{hit.nx_class}</span>
      ) : null}
      {target ? <span className="jp-nxviz-link">⇢ {target}</span> : null}
      <span className="jp-nxviz-search-where">{parentPath(hit.path)}</span>
    </li>
  );
}

export function SearchBox(props: ISearchBoxProps): React.ReactElement {
  const { api, epoch, onPick } = props;
  const [text, setText] = useState('');
  const [state, setState] = useState<SearchState>({ status: 'idle' });
  const [active, setActive] = useState(0);
  const list = useRef<HTMLUListElement>(null);
  const search = useMemo(
    () =>
      new DebouncedSearch(
        (query, signal, limit) => api.search(query, signal, limit),
        next => {
          setState(next);
          setActive(0);
        }
      ),
    [api]
  );
  useEffect(() => () => search.cancel(), [search]);
  const shownEpoch = useRef(epoch);
  useEffect(() => {
    if (shownEpoch.current !== epoch) {
      shownEpoch.current = epoch;
      search.rerun();
    }
  }, [epoch, search]);

  const hits = state.status === 'ready' ? state.answer.results : [];

  useEffect(() => {
    list.current
      ?.querySelector('.jp-nxviz-active')
      ?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const clear = (): void => {
    setText('');
    search.clear();
  };

  const inputId = useId();
  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>): void => {
    switch (event.key) {
      case 'ArrowDown':
        setActive(i => Math.min(hits.length - 1, i + 1));
        break;
      case 'ArrowUp':
        setActive(i => Math.max(0, i - 1));
        break;
      case 'Enter':
        if (hits[active]) {
          onPick(hits[active].path);
        }
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  let line: string | null = null;
  if (state.status === 'loading') {
    line = 'searching…';
  } else if (state.status === 'ready') {
    line = searchSummary(state.answer);
  } else if (state.status === 'error') {
    line = `search failed: ${state.message}`;
  }

  return (
    <div
      className="jp-nxviz-search"
      onKeyDown={event => {
        if (event.key === 'Escape') {
          event.preventDefault();
          clear();
        }
      }}
    >
      <div className="jp-nxviz-search-field">
        <label className="jp-nxviz-search-label" htmlFor={inputId}>
          Search
        </label>
        <InputGroup
          id={inputId}
          className="jp-nxviz-search-input"
          rightIcon={searchIcon}
          title="Entities whose name holds this text, anywhere in the file (↑/↓ choose one, Enter shows it, Escape clears)"
          type="search"
          placeholder="Search names in the file"
          aria-label="Search names in the file"
          spellCheck={false}
          value={text}
          onChange={event => {
            setText(event.target.value);
            search.set(event.target.value);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      {line !== null ? (
        <div
          className={`jp-nxviz-search-summary${state.status === 'error' ? ' jp-nxviz-error' : ''}`}
        >
          {line}
          {search.canShowMore ? (
            <Button
              className="jp-nxviz-search-more jp-nxviz-panel-button"
              minimal
              small
              title={`Show up to ${MOST_RESULTS.toLocaleString()} matching names`}
              onMouseDown={event => event.preventDefault()}
              onClick={() => search.more()}
            >
              show up to {MOST_RESULTS.toLocaleString()}
            </Button>
          ) : null}
        </div>
      ) : null}
      {hits.length > 0 ? (
        <ul
          className="jp-nxviz-search-results"
          role="listbox"
          aria-label="Search results"
          ref={list}
        >
          {hits.map((hit, i) => (
            <SearchResult
              key={hit.path}
              hit={hit}
              active={i === active}
              onPick={path => {
                setActive(i);
                onPick(path);
              }}
            />
          ))}
        </ul>
      ) : null}
    </div>
  );
}
