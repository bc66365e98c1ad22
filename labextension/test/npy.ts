// Build .npy bodies byte by byte, as numpy.save writes them.
export function npyBody(
  descr: string,
  shape: number[],
  payload: ArrayBuffer,
  options: { version?: 1 | 2; fortran?: boolean } = {}
): ArrayBuffer {
  const version = options.version ?? 1;
  const shapeText =
    shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': ${options.fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const prefix = version === 1 ? 10 : 12;
  const total = Math.ceil((prefix + header.length + 1) / 64) * 64;
  header = header.padEnd(total - prefix - 1, ' ') + '\n';
  const out = new Uint8Array(total + payload.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) {
    view.setUint16(8, header.length, true);
  } else {
    view.setUint32(8, header.length, true);
  }
  out.set(new TextEncoder().encode(header), prefix);
  out.set(new Uint8Array(payload), total);
  return out.buffer;
}
