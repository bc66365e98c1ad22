// The Frames view's layout: header rows, the frame's area and the side panel. The same DOM while
// the stack is read and once it is shown, so the area is measured before the first frame is
// asked for (its width follows the flex bases in frames.css, not the content).
import React from 'react';

export interface IFramesLayoutProps {
  area: React.RefObject<HTMLDivElement>;
  /** data-* attributes and handlers of the view's root */
  root?: React.HTMLAttributes<HTMLDivElement> & Record<string, unknown>;
  header: React.ReactNode;
  canvas?: React.ReactNode;
  side?: React.ReactNode;
}

export function FramesLayout(props: IFramesLayoutProps): React.ReactElement {
  return (
    <div className="jp-nxviz-frames" data-nxviz-view="frames" {...props.root}>
      {props.header}
      <div className="jp-nxviz-frames-main">
        <div className="jp-nxviz-frames-area" ref={props.area}>
          {props.canvas}
        </div>
        <div className="jp-nxviz-frames-side">{props.side}</div>
      </div>
    </div>
  );
}
