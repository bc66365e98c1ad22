// The tree's state outside React: loaded pages, expansion, selection, findings per path.
import { messageOf } from '../common/errors';
import { FileApi, PAGE_SIZE } from '../api/endpoints';
import { IChildMeta, IEntityMeta, IFinding, Severity } from '../api/models';
import { ancestors, joinPath } from '../common/paths';

export interface ITreeNode {
  path: string;
  depth: number;
  meta: IChildMeta;
  expanded: boolean;
  loading: boolean;
  error?: string;
  /** paths of the children loaded so far, in the file's name order */
  children?: string[];
  total?: number;
}

export interface INodeRow {
  kind: 'node';
  node: ITreeNode;
}

export interface IMoreRow {
  kind: 'more';
  parent: string;
  depth: number;
  loaded: number;
  total: number;
}

export type TreeRow = INodeRow | IMoreRow;

export function isNodeRow(row: TreeRow): row is INodeRow {
  return row.kind === 'node';
}

export type SeverityCounts = Record<Severity, number>;

export class TreeModel {
  constructor(readonly api: FileApi) {
    this.nodes.set('/', {
      path: '/',
      depth: 0,
      meta: { name: '/', type: 'group' },
      expanded: true,
      loading: true
    });
  }

  get version(): number {
    return this._version;
  }

  get root(): ITreeNode {
    return this.nodes.get('/')!;
  }

  get selected(): string | null {
    return this._selected;
  }

  get rootMeta(): IEntityMeta | null {
    return this._rootMeta;
  }

  node(path: string): ITreeNode | undefined {
    return this.nodes.get(path);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this._version;

  /**
   * Load the root's first page (the listing the root's view shares); throws what the server
   * said when the file cannot be read.
   */
  async loadRoot(): Promise<IEntityMeta> {
    const root = this.root;
    root.loading = true;
    root.error = undefined;
    this.changed();
    try {
      const meta = await this.api.listingOnce('/');
      this._rootMeta = meta;
      root.meta = meta;
      this.setChildren(root, meta, false);
      return meta;
    } catch (error) {
      root.error = messageOf(error);
      throw error;
    } finally {
      root.loading = false;
      this.changed();
    }
  }

  /** Forget everything below the root and read it again (keeps expansion where it can). */
  async refresh(): Promise<void> {
    const expanded = [...this.nodes.values()]
      .filter(n => n.expanded && n.path !== '/')
      .map(n => n.path)
      .sort((a, b) => a.length - b.length);
    const selected = this._selected;
    this.nodes.clear();
    this.nodes.set('/', {
      path: '/',
      depth: 0,
      meta: { name: '/', type: 'group' },
      expanded: true,
      loading: true
    });
    await this.loadRoot();
    for (const path of expanded) {
      if (this.nodes.has(path)) {
        await this.expand(path);
      }
    }
    if (selected && this.nodes.has(selected)) {
      this._selected = selected;
      this.changed();
    }
  }

  async expand(path: string): Promise<void> {
    const node = this.nodes.get(path);
    if (!node || node.meta.type !== 'group') {
      return;
    }
    node.expanded = true;
    if (node.children === undefined && !node.loading) {
      node.loading = true;
      this.changed();
      try {
        const meta = await this.api.meta(path);
        node.meta = { ...node.meta, ...meta, name: node.meta.name };
        this.setChildren(node, meta, false);
      } catch (error) {
        node.error = messageOf(error);
      } finally {
        node.loading = false;
      }
    }
    this.changed();
  }

  collapse(path: string): void {
    const node = this.nodes.get(path);
    if (node && path !== '/') {
      node.expanded = false;
      this.changed();
    }
  }

  async toggle(path: string): Promise<void> {
    const node = this.nodes.get(path);
    if (node?.expanded) {
      this.collapse(path);
    } else {
      await this.expand(path);
    }
  }

  /** Load the next page of a group's children. */
  async loadMore(path: string): Promise<void> {
    const node = this.nodes.get(path);
    if (!node || node.loading || node.children === undefined) {
      return;
    }
    node.loading = true;
    this.changed();
    try {
      const page = await this.api.page(path, node.children.length);
      this.setChildren(node, page, true);
    } catch (error) {
      node.error = messageOf(error);
    } finally {
      node.loading = false;
      this.changed();
    }
  }

  select(path: string | null): void {
    if (path !== this._selected) {
      this._selected = path;
      this.changed();
    }
  }

  /**
   * Expand the ancestors of `path` (loading pages until it is found) and select it.
   * Returns false when the path is not in the file.
   */
  async reveal(path: string): Promise<boolean> {
    for (const ancestor of ancestors(path)) {
      const node = this.nodes.get(ancestor);
      if (!node) {
        return false;
      }
      await this.expand(ancestor);
    }
    const parent = ancestors(path).pop();
    let guard = 0;
    while (!this.nodes.has(path) && parent && guard < 200) {
      const node = this.nodes.get(parent);
      if (
        !node?.children ||
        node.total === undefined ||
        node.children.length >= node.total
      ) {
        break;
      }
      await this.loadMore(parent);
      guard += 1;
    }
    if (!this.nodes.has(path) && path !== '/') {
      return false;
    }
    this.select(path);
    return true;
  }

  /** Visible rows, depth first; a 'more' row where a group has unloaded children. */
  rows(): TreeRow[] {
    if (this.rowsVersion === this._version) {
      return this.cachedRows;
    }
    const out: TreeRow[] = [];
    const visit = (node: ITreeNode): void => {
      for (const childPath of node.children ?? []) {
        const child = this.nodes.get(childPath);
        if (!child) {
          continue;
        }
        out.push({ kind: 'node', node: child });
        if (child.expanded) {
          visit(child);
        }
      }
      const loaded = node.children?.length ?? 0;
      if (node.total !== undefined && loaded < node.total) {
        out.push({
          kind: 'more',
          parent: node.path,
          depth: node.depth + 1,
          loaded,
          total: node.total
        });
      }
    };
    visit(this.root);
    this.cachedRows = out;
    this.rowsVersion = this._version;
    return out;
  }

  setFindings(findings: IFinding[]): void {
    this.own.clear();
    this.below.clear();
    for (const finding of findings) {
      const path = finding.path.split('@')[0].replace(/\/+$/, '') || '/';
      bump(this.own, path, finding.severity);
      for (const ancestor of ancestors(path)) {
        bump(this.below, ancestor, finding.severity);
      }
    }
    this.changed();
  }

  /** Findings on the entity itself. */
  findingsAt(path: string): SeverityCounts | undefined {
    return this.own.get(path);
  }

  /** Findings anywhere below the entity. */
  findingsBelow(path: string): SeverityCounts | undefined {
    return this.below.get(path);
  }

  private setChildren(
    node: ITreeNode,
    meta: IEntityMeta,
    append: boolean
  ): void {
    const children = meta.children ?? [];
    const paths = append ? [...(node.children ?? [])] : [];
    for (const child of children) {
      const path = joinPath(node.path, child.name);
      if (!this.nodes.has(path)) {
        this.nodes.set(path, {
          path,
          depth: node.depth + 1,
          meta: child,
          expanded: false,
          loading: false
        });
      }
      paths.push(path);
    }
    node.children = paths;
    node.total = meta.total ?? paths.length;
  }

  private changed(): void {
    this._version += 1;
    for (const listener of this.listeners) {
      listener();
    }
  }

  private readonly nodes = new Map<string, ITreeNode>();
  private readonly listeners = new Set<() => void>();
  private readonly own = new Map<string, SeverityCounts>();
  private readonly below = new Map<string, SeverityCounts>();
  private _version = 0;
  private _selected: string | null = null;
  private _rootMeta: IEntityMeta | null = null;
  private cachedRows: TreeRow[] = [];
  private rowsVersion = -1;
}

function bump(
  map: Map<string, SeverityCounts>,
  path: string,
  severity: Severity
): void {
  const counts = map.get(path) ?? { error: 0, warning: 0, info: 0 };
  counts[severity] = (counts[severity] ?? 0) + 1;
  map.set(path, counts);
}

export { PAGE_SIZE };
