// Choose elements: a typed list, or a click in a small periodic table.
import { Button, InputGroup } from '@jupyterlab/ui-components';
import React, { useEffect, useState } from 'react';

import { parseElements, TABLE_ROWS } from './elements';

export interface IElementPickerProps {
  chosen: string[];
  onChange: (elements: string[]) => void;
}

export function ElementPicker(props: IElementPickerProps): React.ReactElement {
  const [text, setText] = useState(props.chosen.join(', '));
  const [open, setOpen] = useState(false);
  useEffect(() => setText(props.chosen.join(', ')), [props.chosen.join(',')]);
  const toggle = (symbol: string) =>
    props.onChange(
      props.chosen.includes(symbol)
        ? props.chosen.filter(s => s !== symbol)
        : [...props.chosen, symbol]
    );
  return (
    <div className="jp-nxviz-xrf-elements">
      <label title="Elements whose emission lines are marked on the spectrum (e.g. Fe, Cu, Zn)">
        <span className="jp-nxviz-control-label">elements</span>
        <InputGroup
          className="jp-nxviz-xrf-elements-input"
          aria-label="elements"
          placeholder="Fe, Cu, Zn"
          value={text}
          onChange={event => setText(event.currentTarget.value)}
          onKeyDown={event => {
            if (event.key === 'Enter') {
              props.onChange(parseElements(text));
            }
          }}
          onBlur={() => props.onChange(parseElements(text))}
        />
      </label>
      <Button
        minimal
        small
        aria-expanded={open}
        title="Choose elements in the periodic table"
        onClick={() => setOpen(!open)}
      >
        periodic table
      </Button>
      {open ? (
        <div className="jp-nxviz-xrf-table" role="grid">
          {TABLE_ROWS.map((row, r) =>
            row.map((symbol, c) =>
              symbol === '-' ? (
                <span key={`${r}-${c}`} />
              ) : (
                <button
                  key={symbol}
                  className={`jp-nxviz-xrf-element${props.chosen.includes(symbol) ? ' jp-mod-active' : ''}`}
                  aria-pressed={props.chosen.includes(symbol)}
                  data-element={symbol}
                  onClick={() => toggle(symbol)}
                >
                  {symbol}
                </button>
              )
            )
          )}
        </div>
      ) : null}
    </div>
  );
}
