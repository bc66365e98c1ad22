// HDF5 paths: joining, parents, ancestors.

export function joinPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path === '/' ? '/' : path.slice(path.lastIndexOf('/') + 1);
}

/** '/a/b/c' → ['/', '/a', '/a/b'] (strict ancestors, root first). */
export function ancestors(path: string): string[] {
  const out = ['/'];
  const parts = path.split('/').filter(p => p.length > 0);
  for (let i = 1; i < parts.length; i += 1) {
    out.push(`/${parts.slice(0, i).join('/')}`);
  }
  return path === '/' ? [] : out;
}

/** Normalise a path as findings and @default attributes write it. */
export function normalisePath(path: string): string {
  const parts = path.split('/').filter(p => p.length > 0 && p !== '.');
  return `/${parts.join('/')}`;
}
