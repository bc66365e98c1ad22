// The document's content: a ReactWidget hosting the viewer of one file.
import { ReactWidget } from '@jupyterlab/ui-components';
import React from 'react';

import { ExportFormat } from '../api/endpoints';
import { saveBlob } from '../common/save';
import { GeometryStoreContext, IGeometryStore } from '../frames/typedGeometry';
import { ViewerController } from './controller';
import { viewPng } from './figure';
import { ViewerApp } from './ViewerApp';

export type ExportKind = 'png' | ExportFormat;

export class ViewerWidget extends ReactWidget {
  /** `geometryStore`: where the Frames view keeps geometry typed by hand (none: not kept). */
  constructor(
    readonly controller: ViewerController,
    private readonly geometryStore?: IGeometryStore
  ) {
    super();
    this.addClass('jp-nxviz-root');
    this.node.dataset.nxvizState = 'loading';
    controller.subscribe(() => {
      this.node.dataset.nxvizState = controller.state;
    });
    controller.viewArea = () => this.mainArea();
  }

  /**
   * The content box of the view's pane, null while it is hidden or not rendered yet: as the
   * page's own layout last gave it (a ResizeObserver's), so that asking for the first frame
   * never forces a layout of the freshly rendered viewer; read from the DOM before that.
   */
  private mainArea(): { width: number; height: number; ratio: number } | null {
    const ratio = window.devicePixelRatio > 0 ? window.devicePixelRatio : 1;
    const laid = this.paneBox;
    if (laid) {
      return laid.width > 0 && laid.height > 0 ? { ...laid, ratio } : null;
    }
    const main = this.node.querySelector<HTMLElement>('.jp-nxviz-main');
    if (!main || main.clientWidth === 0 || main.clientHeight === 0) {
      return null;
    }
    const style = getComputedStyle(main);
    const px = (value: string) => parseFloat(value) || 0;
    return {
      width: main.clientWidth - px(style.paddingLeft) - px(style.paddingRight),
      height:
        main.clientHeight - px(style.paddingTop) - px(style.paddingBottom),
      ratio
    };
  }

  /** The main pane's content box from the page's layout (undefined until it has been laid out). */
  private paneBox: { width: number; height: number } | undefined = undefined;
  private paneObserver: ResizeObserver | null = null;

  /** Given the main pane as React mounts it (null as it unmounts). */
  private readonly watchPane = (pane: HTMLDivElement | null): void => {
    this.paneObserver?.disconnect();
    this.paneObserver = null;
    this.paneBox = undefined;
    if (!pane || typeof ResizeObserver === 'undefined') {
      return;
    }
    this.paneObserver = new ResizeObserver(entries => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box) {
        this.paneBox = { width: box.width, height: box.height };
      }
    });
    this.paneObserver.observe(pane);
  };

  get state(): string {
    return this.node.dataset.nxvizState ?? 'loading';
  }

  async load(): Promise<void> {
    await this.controller.start();
    this.node.dataset.nxvizState = this.controller.state;
  }

  /** What the view shows (plot with axes, colour bar and title; a frame with its axes,
   * rings and colour bar) as PNG; false when there is no plot. */
  async exportPng(): Promise<boolean> {
    const main = this.node.querySelector<HTMLElement>('.jp-nxviz-main');
    const blob = main ? await viewPng(main) : undefined;
    if (blob === undefined) {
      this.notify(
        'There is no plot to export; select a dataset with a line or heatmap view.'
      );
      return false;
    }
    if (!blob) {
      return false;
    }
    saveBlob(blob, this.controller.pngName());
    return true;
  }

  async exportSlice(format: ExportFormat): Promise<boolean> {
    try {
      const download = await this.controller.downloadSlice(format);
      if (!download) {
        this.notify(
          'There is no slice to export; select a dataset with a line or heatmap view.'
        );
        return false;
      }
      saveBlob(download.blob, download.name);
      return true;
    } catch (error) {
      this.notify(
        `The ${format.toUpperCase()} export failed: ${error instanceof Error ? error.message : String(error)}.`
      );
      return false;
    }
  }

  async export(kind: ExportKind): Promise<boolean> {
    return kind === 'png' ? this.exportPng() : this.exportSlice(kind);
  }

  protected render(): React.ReactElement {
    return (
      <GeometryStoreContext.Provider value={this.geometryStore}>
        <ViewerApp
          controller={this.controller}
          onExport={kind => void this.export(kind)}
          mainPane={this.watchPane}
        />
      </GeometryStoreContext.Provider>
    );
  }

  override dispose(): void {
    this.paneObserver?.disconnect();
    this.controller.dispose();
    super.dispose();
  }

  private notify(message: string): void {
    this.node.dataset.nxvizNotice = message;
    const notice =
      this.node.querySelector('.jp-nxviz-notice') ??
      document.createElement('div');
    notice.className = 'jp-nxviz-notice';
    notice.textContent = message;
    this.node.append(notice);
    window.setTimeout(() => notice.remove(), 6000);
  }
}
