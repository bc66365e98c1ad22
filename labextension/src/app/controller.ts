// One open file's viewer state outside React: tree, settings, validation, the current slice.
import { FileApi, ExportFormat } from '../api/endpoints';
import { IValidationReport } from '../api/models';
import { isAbort, messageOf } from '../common/errors';
import { TreeModel } from '../tree/model';
import { baseName } from '../common/paths';
import { findingsOf } from '../validation/utils';
import { frameStack, IDrawArea, openingFrameImage } from '../frames';
import { mark } from '../marks';
import { ISliceTarget } from '../viewers/ArrayView';
import { plotContext, stackModes } from '../viewers/framesChoice';
import { preloadPlots } from '../viewers/lazy';
import { resolvedFromNexus } from '../viewers/NxDataView';
import { DEFAULT_SETTINGS, IViewerSettings } from '../viewers/settings';
import { RequestState } from '../common/useLatest';

/** Validation waits this long after the root is read, so the first plot's requests go first. */
const VALIDATION_DELAY_MS = 800;

export type LoadState = 'loading' | 'ready' | 'error';

/**
 * What a download's name says about the slice: "-frame12" for one index before the shown
 * dimensions, "-slice3_4" for several, "" for a whole dataset.
 */
export function sliceSuffix(selection: string | undefined): string {
  const indices = (selection ?? '')
    .split(',')
    .map(part => part.trim())
    .filter(part => /^\d+$/.test(part));
  if (indices.length === 0) {
    return '';
  }
  return indices.length === 1
    ? `-frame${indices[0]}`
    : `-slice${indices.join('_')}`;
}

export class ViewerController {
  constructor(
    readonly api: FileApi,
    settings: IViewerSettings = DEFAULT_SETTINGS
  ) {
    this.tree = new TreeModel(api);
    this._settings = settings;
  }

  readonly tree: TreeModel;

  /**
   * Where the viewer draws its view (the widget's main pane: CSS pixels and the device pixel
   * ratio), null while it is not laid out; the first frame is asked for at most this size.
   */
  viewArea: (() => IDrawArea | null) | null = null;

  get state(): LoadState {
    return this._state;
  }

  get error(): string | null {
    return this._error;
  }

  get settings(): IViewerSettings {
    return this._settings;
  }

  set settings(value: IViewerSettings) {
    this._settings = value;
    this.changed();
  }

  get validation(): RequestState<IValidationReport> {
    return this._validation;
  }

  get slice(): ISliceTarget | null {
    return this._slice;
  }

  set slice(value: ISliceTarget | null) {
    const wasImage = this.sliceIsImage;
    this._slice = value;
    if (this.sliceIsImage !== wasImage) {
      this.changed(); // the header offers TIFF for images only
    }
  }

  /** TIFF makes sense: the current slice is not known to be a 1-D line. */
  get sliceIsImage(): boolean {
    return this._slice?.rank !== 1;
  }

  /** Changes with every change of the controller or its tree, for useSyncExternalStore. */
  getVersion = (): string => `${this.version}:${this.tree.version}`;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    const unsubscribeTree = this.tree.subscribe(listener);
    return () => {
      this.listeners.delete(listener);
      unsubscribeTree();
    };
  };

  /** Read the root group; then validate in the background, after the first view's requests. */
  async start(validate = true): Promise<void> {
    preloadPlots();
    // The root's default plot comes from `nexus`: ask for it with the root, not after it.
    void this.prefetchDefault();
    this._state = 'loading';
    this._error = null;
    this.changed();
    try {
      await this.tree.loadRoot();
      mark('nxviz:root');
      this._state = 'ready';
    } catch (error) {
      this._state = 'error';
      this._error = messageOf(error);
    }
    this.changed();
    if (validate && this._state === 'ready') {
      this.validationTimer = window.setTimeout(() => {
        if (this._validation.status === 'idle') {
          void this.validate();
        }
      }, VALIDATION_DELAY_MS);
    }
  }

  /**
   * Ask for the `nexus` reading and, as soon as it names a default plot shown in the Frames
   * view, for the stack's listing and its opening frame: no React render in between. The frame
   * is asked at the size of the whole pane the view will be drawn in, at least what the view
   * asks, so the view's own first request is answered by this one.
   */
  private async prefetchDefault(): Promise<void> {
    try {
      const info = await this.api.nexusOnce();
      const resolved = resolvedFromNexus(info);
      mark('nxviz:nexus');
      if (resolved) {
        const { signal, plot } = resolved;
        const modes = stackModes(
          signal,
          plot.signal,
          plot.group,
          plotContext(info, resolved.axes)
        );
        if (modes.preferred === 'frames') {
          const listing = await this.api.listingOnce(modes.framesPath);
          mark('nxviz:default-listing');
          const stack = frameStack(listing);
          const area = this.viewArea?.();
          if (stack && area) {
            this.api.imageAhead(
              openingFrameImage(stack, this._settings.frame ?? 0, area)
            );
          }
        }
      }
    } catch {
      // the views ask again and say what went wrong
    }
  }

  async refresh(): Promise<void> {
    this.viewEpoch += 1;
    this.api.forget();
    if (this._state === 'ready') {
      await this.tree.refresh();
      this.changed();
      if (this._validation.status !== 'idle') {
        void this.validate();
      }
    } else {
      await this.start();
    }
  }

  /** A number that changes when the views must read again (refresh). */
  get epoch(): number {
    return this.viewEpoch;
  }

  async validate(definition?: string): Promise<void> {
    this.validationAbort?.abort();
    const controller = new AbortController();
    this.validationAbort = controller;
    this._validation = { status: 'loading' };
    this.changed();
    try {
      const report = await this.api.validate(definition, controller.signal);
      if (controller.signal.aborted) {
        return;
      }
      this._validation = { status: 'ready', value: report };
      this.tree.setFindings(findingsOf(report));
    } catch (error) {
      if (controller.signal.aborted || isAbort(error)) {
        return;
      }
      this._validation = { status: 'error', message: messageOf(error), error };
    }
    this.changed();
  }

  /** Select an entity (expanding its ancestors); false when it is not in the file. */
  async reveal(path: string): Promise<boolean> {
    const found = await this.tree.reveal(path);
    this._revealFailed = found ? null : path;
    this.changed();
    return found;
  }

  get revealFailed(): string | null {
    return this._revealFailed;
  }

  /** File name stem for exports: 'eiger_master-entry_data_data'. */
  exportName(path: string): string {
    const stem = baseName(this.api.file).replace(/\.[^.]+$/, '');
    const tail = path.replace(/^\/+/, '').replace(/[^\w.-]+/g, '_');
    return tail ? `${stem}-${tail}` : stem;
  }

  /** File name of a PNG of the shown view: the slice's name, with its frame or slice. */
  pngName(): string {
    const slice = this._slice;
    if (!slice) {
      return `${this.exportName(this.tree.selected ?? '/')}.png`;
    }
    return `${this.exportName(slice.path)}${sliceSuffix(slice.selection)}.png`;
  }

  async downloadSlice(
    format: ExportFormat
  ): Promise<{ blob: Blob; name: string } | null> {
    const slice = this._slice;
    if (!slice) {
      return null;
    }
    const blob = await this.api.download(
      slice.path,
      slice.selection,
      format,
      format === 'csv' ? slice.nxdata : undefined
    );
    const suffix = sliceSuffix(slice.selection);
    return {
      blob,
      name: `${this.exportName(slice.path)}${suffix}.${format}`
    };
  }

  dispose(): void {
    window.clearTimeout(this.validationTimer);
    this.validationAbort?.abort();
    this.listeners.clear();
    this.viewArea = null;
    this.api.forget(); // what was read ahead and never shown
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) {
      listener();
    }
  }

  private readonly listeners = new Set<() => void>();
  private version = 0;
  private viewEpoch = 0;
  private _state: LoadState = 'loading';
  private _error: string | null = null;
  private _settings: IViewerSettings;
  private _validation: RequestState<IValidationReport> = { status: 'idle' };
  private validationAbort: AbortController | null = null;
  private validationTimer: number | undefined = undefined;
  private _slice: ISliceTarget | null = null;
  private _revealFailed: string | null = null;
}
