// A number field in JupyterLab's look: the input inside Lab's InputGroup frame (its border, focus
// ring and colours in light and dark themes). Unlike @jupyterlab/ui-components' InputGroup, the
// class name and every other property stay on the <input> itself, and the frame is a <span>, so
// the field may sit inside the <label> that names it.
import React from 'react';

export function NumberInput(
  props: Omit<React.InputHTMLAttributes<HTMLInputElement>, 'type'>
): React.ReactElement {
  return (
    <span className="jp-InputGroup jp-nxviz-number">
      <input type="number" {...props} />
    </span>
  );
}
