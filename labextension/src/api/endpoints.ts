// Typed calls of /nxviz/api/ for one file; the only user of NxvizClient in the viewer.
import { NxvizClient } from './client';
import { decodeImage, IImageFrame } from './image';
import {
  AttributeValues,
  IEntityMeta,
  IGroupMeta,
  INexusInfo,
  IProfileAnswer,
  IPlotInfo,
  ISearchAnswer,
  ISliceMeta,
  IValidationReport,
  IVolumeInfo
} from './models';
import { decodeNpy, INpyArray } from './npy';
import { unlessAborted } from './abort';

export const PAGE_SIZE = 1000;
export const SEARCH_LIMIT = 200;
/** Panels beside the view wait at most this long for the view's first data. */
export const FIRST_VIEW_WAIT_MS = 600;

export interface IImageRequest {
  path: string;
  selection?: string;
  width: number;
  height: number;
  /** 'r0:r1,c0:c1' of the full-resolution slice, when zoomed in */
  region?: string;
  /** percentiles the server computes, e.g. '0.1,99.9' */
  percentiles?: string;
  /** 'a:b': frames combined on the server (sum unless `combine` says max) */
  frames?: string;
  combine?: 'sum' | 'max';
}

export interface ISliceRequest {
  path: string;
  axis: number;
  index: number;
  /** refinement level (0 the coarsest); absent: the full-resolution picture */
  level?: number;
  width: number;
  height: number;
  /** NXtomo: only the projections along the first axis (a sinogram) */
  projections?: boolean;
  /** NXtomo: −log of the flat/dark-normalised transmission */
  corrected?: boolean;
}

/** One level of a slice: the reduced picture and what the server said of it. */
export interface ISliceAnswer {
  frame: IImageFrame;
  meta: ISliceMeta;
}

export interface IProfileRequest {
  path: string;
  selection?: string;
  /** 'a:b': frames combined on the server (sum unless `combine` says max) */
  frames?: string;
  combine?: 'sum' | 'max';
  axis: 'q' | 'two_theta';
  /** numbers that replace the file's geometry (pixels, m, Å) */
  geometry?: Partial<Record<keyof IProfileAnswer['geometry'], number>>;
}

/** Slice downloads the server writes (data endpoint, format=…). */
export type ExportFormat = 'npy' | 'csv' | 'tiff';

const EXPORT_TYPES: Record<ExportFormat, string> = {
  npy: 'application/octet-stream',
  csv: 'text/csv',
  tiff: 'image/tiff'
};

/** What an image shows, whatever its size: the slice, region, combination and statistics. */
function imageKey(r: IImageRequest): string {
  return [
    r.path,
    r.selection ?? '',
    r.region ?? '',
    r.frames ?? '',
    r.frames ? (r.combine ?? 'sum') : '',
    r.percentiles ?? ''
  ].join('|');
}

export class FileApi {
  private nexusPromise: Promise<INexusInfo> | null = null;
  private readonly listings = new Map<string, Promise<IEntityMeta>>();
  private firstView: Promise<void> | null = null;
  private openGate: (() => void) | null = null;
  private gateOpen = false;
  /** images asked ahead of the view that shows them, by imageKey */
  private readonly ahead = new Map<
    string,
    { width: number; height: number; promise: Promise<IImageFrame> }
  >();

  constructor(
    readonly client: NxvizClient,
    readonly file: string
  ) {}

  /**
   * Resolves once the first view's data has come (an image, array, value or slice answer,
   * or its failure), or FIRST_VIEW_WAIT_MS after the first call: panels beside the view (the
   * inspector, data notes) ask then, so that the first plot's requests have the server and
   * the page to themselves.
   */
  afterFirstView(): Promise<void> {
    if (!this.firstView) {
      this.firstView = this.gateOpen
        ? Promise.resolve()
        : new Promise<void>(resolve => {
            this.openGate = resolve;
            window.setTimeout(() => this.viewed(), FIRST_VIEW_WAIT_MS);
          });
    }
    return this.firstView;
  }

  /** The first view's data came (or failed): let the waiting panels ask. */
  private viewed(): void {
    this.gateOpen = true;
    this.openGate?.();
    this.openGate = null;
  }

  /** `promise`, opening the panels' gate when it settles. */
  private asView<T>(promise: Promise<T>): Promise<T> {
    if (!this.gateOpen) {
      promise.then(
        () => this.viewed(),
        () => this.viewed()
      );
    }
    return promise;
  }

  /** One entity; a group's children from `offset` (`limit` of them), and its attributes
   * from `attrOffset` (`attrLimit` of them; the server's page when not given). */
  meta(
    path: string,
    signal?: AbortSignal,
    offset = 0,
    limit = PAGE_SIZE,
    attrOffset?: number,
    attrLimit?: number
  ): Promise<IEntityMeta> {
    return this.client.json<IEntityMeta>(
      'meta',
      {
        file: this.file,
        path,
        offset,
        limit,
        attr_offset: attrOffset,
        attr_limit: attrLimit
      },
      signal
    );
  }

  page(
    path: string,
    offset: number,
    signal?: AbortSignal,
    limit = PAGE_SIZE
  ): Promise<IGroupMeta> {
    return this.meta(path, signal, offset, limit) as Promise<IGroupMeta>;
  }

  /** Attribute values: all of them, or only those named. */
  attrs(
    path: string,
    signal?: AbortSignal,
    names?: readonly string[]
  ): Promise<AttributeValues> {
    return this.client.json<AttributeValues>(
      'attr',
      { file: this.file, path, name: names },
      signal
    );
  }

  value(
    path: string,
    selection?: string,
    signal?: AbortSignal
  ): Promise<unknown> {
    return this.asView(
      this.client.json<unknown>(
        'data',
        { file: this.file, path, selection, format: 'json' },
        signal
      )
    );
  }

  async array(
    path: string,
    selection?: string,
    signal?: AbortSignal
  ): Promise<INpyArray> {
    const { body } = await this.asView(
      this.client.binary(
        'data',
        { file: this.file, path, selection, format: 'npy' },
        signal
      )
    );
    return decodeNpy(body);
  }

  /**
   * A 2D slice reduced to at most `width`×`height`. An image asked ahead (imageAhead) of the
   * same slice, region and statistics, at least as large, answers it (once): the caller then
   * gets that larger image.
   */
  image(request: IImageRequest, signal?: AbortSignal): Promise<IImageFrame> {
    const key = imageKey(request);
    const early = this.ahead.get(key);
    if (early) {
      // asked ahead at another size: it answers this call, or never anyone's
      this.ahead.delete(key);
      if (early.width >= request.width && early.height >= request.height) {
        return this.asView(unlessAborted(early.promise, signal));
      }
    }
    return this.asView(this.fetchImage(request, signal));
  }

  /**
   * Ask for an image before the view that will show it asks (the first frame of the default
   * plot, as soon as the file's NeXus reading names it): that view's image() call is
   * answered by this request instead of a second one. The panels beside the view wait for
   * the view's call (afterFirstView), not for this request.
   */
  imageAhead(request: IImageRequest): void {
    const key = imageKey(request);
    const promise = this.fetchImage(request);
    const entry = { width: request.width, height: request.height, promise };
    this.ahead.set(key, entry);
    // a failure is not kept: the view asks again and says what went wrong
    promise.catch(() => {
      if (this.ahead.get(key) === entry) {
        this.ahead.delete(key);
      }
    });
  }

  private async fetchImage(
    request: IImageRequest,
    signal?: AbortSignal
  ): Promise<IImageFrame> {
    const { body, headers } = await this.client.binary(
      'image',
      {
        file: this.file,
        path: request.path,
        selection: request.selection,
        width: Math.max(1, Math.round(request.width)),
        height: Math.max(1, Math.round(request.height)),
        region: request.region,
        frames: request.frames,
        combine: request.frames ? (request.combine ?? 'sum') : undefined,
        reduce: 'max',
        percentiles: request.percentiles
      },
      signal
    );
    return decodeImage(body, headers);
  }

  volume(path: string, signal?: AbortSignal): Promise<IVolumeInfo> {
    return this.client.json<IVolumeInfo>(
      'volume',
      { file: this.file, path },
      signal
    );
  }

  /** The plot a group opens on (its @default chain, the NeXus rules, or a search), and why. */
  plot(path: string, signal?: AbortSignal): Promise<IPlotInfo> {
    return this.client.json<IPlotInfo>(
      'plot',
      { file: this.file, path },
      signal
    );
  }

  async slice(
    request: ISliceRequest,
    signal?: AbortSignal
  ): Promise<ISliceAnswer> {
    const { body, headers } = await this.asView(
      this.client.binary(
        'slice',
        {
          file: this.file,
          path: request.path,
          axis: request.axis,
          index: request.index,
          level: request.level,
          width: Math.max(1, Math.round(request.width)),
          height: Math.max(1, Math.round(request.height)),
          frames: request.projections ? 'projections' : undefined,
          correct: request.corrected ? 1 : undefined
        },
        signal
      )
    );
    const meta = JSON.parse(headers.get('x-nxviz-slice') ?? '{}') as ISliceMeta;
    return { frame: decodeImage(body, headers), meta };
  }

  /** The radial profile of a frame, computed on the server at full resolution. */
  profile(
    request: IProfileRequest,
    signal?: AbortSignal
  ): Promise<IProfileAnswer> {
    return this.client.json<IProfileAnswer>(
      'profile',
      {
        file: this.file,
        path: request.path,
        selection: request.selection,
        frames: request.frames,
        combine: request.frames ? (request.combine ?? 'sum') : undefined,
        axis: request.axis,
        ...request.geometry
      },
      signal
    );
  }

  nexus(signal?: AbortSignal): Promise<INexusInfo> {
    return this.client.json<INexusInfo>('nexus', { file: this.file }, signal);
  }

  /**
   * The file's NeXus reading, asked once (started with the root, shared by the views); the
   * default NXdata's metadata it carries answers listingOnce() of that group.
   */
  nexusOnce(): Promise<INexusInfo> {
    this.nexusPromise ??= this.nexus().then(info => {
      const listed = info.default_meta;
      if (info.default && listed && !this.listings.has(info.default)) {
        this.listings.set(info.default, Promise.resolve(listed));
      }
      return info;
    });
    // a failure is not kept: the next view asks again
    this.nexusPromise.catch(() => {
      this.nexusPromise = null;
    });
    return this.nexusPromise;
  }

  /**
   * The first page of an entity's metadata, asked once and shared: the viewer may ask for it
   * ahead of the view that needs it (the default plot's frame stack).
   */
  listingOnce(path: string): Promise<IEntityMeta> {
    let promise = this.listings.get(path);
    if (!promise) {
      promise = this.meta(path);
      this.listings.set(path, promise);
      // a failure is not kept: the next view asks again
      promise.catch(() => this.listings.delete(path));
    }
    return promise;
  }

  /** Forget what was read once (after a refresh). */
  forget(): void {
    this.nexusPromise = null;
    this.listings.clear();
    this.ahead.clear();
  }

  /** Entities whose name contains `query` (server-side, at most `limit`). */
  search(
    query: string,
    signal?: AbortSignal,
    limit = SEARCH_LIMIT
  ): Promise<ISearchAnswer> {
    return this.client.json<ISearchAnswer>(
      'search',
      { file: this.file, q: query, limit },
      signal
    );
  }

  validate(
    definition?: string,
    signal?: AbortSignal
  ): Promise<IValidationReport> {
    return this.client.json<IValidationReport>(
      'validate',
      { file: this.file, definition },
      signal
    );
  }

  async download(
    path: string,
    selection: string | undefined,
    format: ExportFormat,
    nxdata?: string
  ): Promise<Blob> {
    const { body } = await this.client.binary('data', {
      file: this.file,
      path,
      selection,
      format,
      nxdata
    });
    return new Blob([body], { type: EXPORT_TYPES[format] });
  }
}
