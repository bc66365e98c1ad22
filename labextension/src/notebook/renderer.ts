// The interactive viewer in a notebook output, drawn from nxviz.show's mime data.
import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { PanelLayout, Widget } from '@lumino/widgets';

import { NxvizClient } from '../api/client';
import { FileApi } from '../api/endpoints';
import { ViewerController } from '../app/controller';
import { ViewerWidget } from '../app/ViewerWidget';
import { IViewerSettings } from '../viewers/settings';
import { IShowData, MIME_TYPE, parseShowData, settingsFor } from './mime';

/** Height of the viewer in an output cell; the user can drag its bottom edge. */
/** Room for the toolbar, a frame and its controls without cutting the frame off. */
export const OUTPUT_HEIGHT_PX = 720;

export type OutputState = 'loading' | 'ready' | 'error';

/** What the renderers share, given by the plugin. */
export interface IOutputContext {
  client: NxvizClient;
  settings: () => IViewerSettings;
  /** the output's buttons: put code for its view in a cell below, or on the clipboard */
  insertCode: (output: NxvizOutput) => void;
  copyCode: (output: NxvizOutput) => void;
  /** called when an output's viewer is created and when it is disposed */
  track: (output: NxvizOutput, alive: boolean) => void;
}

function button(label: string, title: string, onClick: () => void): Element {
  const node = document.createElement('button');
  node.className = 'jp-nxviz-button';
  node.textContent = label;
  node.title = title;
  node.addEventListener('click', onClick);
  return node;
}

export class NxvizOutput extends Widget implements IRenderMime.IRenderer {
  constructor(private readonly context: IOutputContext) {
    super();
    this.addClass('jp-nxviz-output');
    this.layout = new PanelLayout();
    this.state = 'loading';
    this.node.style.display = 'flex';
    this.node.style.flexDirection = 'column';
    this.node.style.overflow = 'hidden';
    this.sized(true);
  }

  /** The viewer, once the data named a file. */
  get viewer(): ViewerWidget | null {
    return this._viewer;
  }

  get data(): IShowData | null {
    return this._data;
  }

  get state(): OutputState {
    return (this.node.dataset.nxvizState as OutputState) ?? 'loading';
  }

  private set state(value: OutputState) {
    this.node.dataset.nxvizState = value;
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const raw = model.data[MIME_TYPE];
    const key = JSON.stringify(raw ?? null);
    if (key === this.key) {
      return; // the same output rendered again (e.g. trusted): keep the viewer and its state
    }
    this.key = key;
    this.clear();
    const parsed = parseShowData(raw);
    if (!parsed.ok) {
      this.showError(parsed.error);
      return;
    }
    const { file, entity, options } = parsed.value;
    this._data = parsed.value;
    this.state = 'loading';
    this.sized(true);
    const controller = new ViewerController(
      new FileApi(this.context.client, file),
      settingsFor(this.context.settings(), options)
    );
    const viewer = new ViewerWidget(controller);
    viewer.node.style.flex = '1 1 auto';
    viewer.node.style.minHeight = '0';
    this._viewer = viewer;
    this.addBar();
    (this.layout as PanelLayout).addWidget(viewer);
    this.context.track(this, true);
    await viewer.load();
    if (this._viewer !== viewer) {
      return;
    }
    if (controller.state !== 'ready') {
      this.state = 'error';
      return;
    }
    if (entity && entity !== '/') {
      await controller.reveal(entity);
    }
    this.state = 'ready';
  }

  /** Updates the viewer's settings (the user's defaults changed). */
  updateSettings(): void {
    if (this._viewer && this._data) {
      this._viewer.controller.settings = settingsFor(
        this.context.settings(),
        this._data.options
      );
    }
  }

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.context.track(this, false);
    super.dispose();
  }

  private addBar(): void {
    const bar = new Widget();
    bar.addClass('jp-nxviz-output-bar');
    const style = bar.node.style;
    style.display = 'flex';
    style.gap = '4px';
    style.justifyContent = 'flex-end';
    style.padding = '2px 4px';
    style.flex = '0 0 auto';
    bar.node.append(
      button(
        'Insert code',
        'Insert Python code for this view in a cell below',
        () => this.context.insertCode(this)
      ),
      button('Copy code', 'Copy Python code for this view', () =>
        this.context.copyCode(this)
      )
    );
    (this.layout as PanelLayout).addWidget(bar);
  }

  /**
   * A viewer gets a height that holds a frame and its controls, resizable by its corner (CSS
   * resize needs overflow other than visible); a message only its own height.
   */
  private sized(viewer: boolean): void {
    const style = this.node.style;
    style.height = viewer ? `min(${OUTPUT_HEIGHT_PX}px, 85vh)` : 'auto';
    style.minHeight = viewer ? '200px' : '0';
    style.resize = viewer ? 'vertical' : 'none';
    style.overflow = viewer ? 'hidden' : '';
  }

  private clear(): void {
    const layout = this.layout as PanelLayout;
    while (layout.widgets.length) {
      layout.widgets[0].dispose();
    }
    if (this._viewer) {
      this.context.track(this, false);
    }
    this._viewer = null;
    this._data = null;
    this.node.querySelector('.jp-nxviz-output-error')?.remove();
  }

  private showError(message: string): void {
    const node = document.createElement('div');
    node.className = 'jp-nxviz-output-error jp-nxviz-message jp-nxviz-error';
    node.textContent = message;
    this.sized(false);
    this.node.append(node);
    this.state = 'error';
  }

  private key: string | null = null;
  private _viewer: ViewerWidget | null = null;
  private _data: IShowData | null = null;
}

/** The renderer factory registered for `application/vnd.nxviz+json`. */
export function outputRendererFactory(
  context: IOutputContext
): IRenderMime.IRendererFactory {
  return {
    safe: true,
    mimeTypes: [MIME_TYPE],
    // Before the PNG (images rank 90) and HTML (50): the viewer is the richer view.
    defaultRank: 40,
    createRenderer: () => new NxvizOutput(context)
  };
}
