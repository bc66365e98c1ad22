// Attribute values and metadata as short text.
import { IChildMeta } from '../api/models';

const MAX_TEXT = 300;

export function formatValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') {
    text = value;
  } else if (typeof value === 'number') {
    text = Number.isInteger(value)
      ? String(value)
      : value.toPrecision(6).replace(/\.?0+(e|$)/, '$1');
  } else if (value === null || value === undefined) {
    text = '—';
  } else if (Array.isArray(value)) {
    text = `[${value.map(formatValue).join(', ')}]`;
  } else {
    text = JSON.stringify(value);
  }
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

export function formatShape(shape: number[] | null | undefined): string {
  if (shape === null || shape === undefined) {
    return 'empty (no dataspace)';
  }
  return shape.length === 0 ? 'scalar' : shape.join(' × ');
}

/** Where a link leads ('file.h5:/path' for another file's), or null for no link. */
export function linkText(meta: IChildMeta): string | null {
  const link = meta.link;
  if (link) {
    return `${link.target_file ? `${link.target_file}:` : ''}${link.target_path}`;
  }
  if (meta.target_path) {
    return `${meta.target_file ? `${meta.target_file}:` : ''}${meta.target_path}`;
  }
  return null;
}
