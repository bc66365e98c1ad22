// The first document view: the root groups of a file, from /nxviz/api/meta.
import { Widget } from '@lumino/widgets';

import { NxvizApiError, NxvizClient } from '../api/client';
import { IChildMeta, IGroupMeta } from '../api/models';

export type PanelState = 'loading' | 'ready' | 'error';

export function describeChild(child: IChildMeta): string {
  if (child.dangling) {
    return `dangling link to ${child.target_file ? `${child.target_file}:` : ''}${child.target_path ?? '?'}`;
  }
  if (child.type === 'group') {
    return child.nx_class ?? 'group';
  }
  if (child.type === 'dataset') {
    return child.shape && child.shape.length > 0
      ? child.shape.join(' × ')
      : 'scalar';
  }
  return child.type.replace('_', ' ');
}

export class RootGroupsPanel extends Widget {
  constructor(
    private readonly client: NxvizClient,
    readonly file: string
  ) {
    super();
    this.addClass('jp-nxviz-root');
    this.setState('loading');
    this.list = document.createElement('ul');
    this.list.className = 'jp-nxviz-children';
    this.message = document.createElement('div');
    this.message.className = 'jp-nxviz-message';
    this.message.textContent = `Reading ${file}…`;
    const header = document.createElement('div');
    header.className = 'jp-nxviz-header';
    header.textContent = file;
    this.node.append(header, this.message, this.list);
  }

  get state(): PanelState {
    return this.node.dataset.nxvizState as PanelState;
  }

  async load(): Promise<void> {
    this.setState('loading');
    try {
      const meta = await this.client.json<IGroupMeta>('meta', {
        file: this.file,
        path: '/'
      });
      this.render(meta);
      this.setState('ready');
    } catch (error) {
      const message =
        error instanceof NxvizApiError
          ? error.message
          : `Unexpected error: ${String(error)}`;
      this.message.textContent = message;
      this.message.classList.add('jp-nxviz-error');
      this.setState('error');
    }
  }

  private render(meta: IGroupMeta): void {
    this.list.replaceChildren(
      ...meta.children.map(child => {
        const item = document.createElement('li');
        item.className = 'jp-nxviz-child';
        item.dataset.name = child.name;
        item.dataset.type = child.type;
        const name = document.createElement('span');
        name.className = 'jp-nxviz-name';
        name.textContent = child.name;
        const badge = document.createElement('span');
        badge.className = 'jp-nxviz-badge';
        badge.textContent = describeChild(child);
        item.append(name, badge);
        return item;
      })
    );
    const more = meta.total - meta.children.length;
    this.message.textContent =
      meta.total === 0
        ? 'This file has no root groups or datasets.'
        : more > 0
          ? `${meta.children.length} of ${meta.total} root entities shown`
          : `${meta.total} root ${meta.total === 1 ? 'entity' : 'entities'}`;
  }

  private setState(state: PanelState): void {
    this.node.dataset.nxvizState = state;
  }

  private readonly list: HTMLUListElement;
  private readonly message: HTMLDivElement;
}
