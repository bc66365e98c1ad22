// Decoding of NumPy .npy bodies (format versions 1–3) into typed arrays.

export type NumericArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

export interface INpyArray {
  /** the NumPy dtype string of the body, e.g. '<u4' */
  dtype: string;
  shape: number[];
  data: NumericArray;
  /** true when 64-bit integers were converted to float64 and may have lost precision */
  lossy: boolean;
  /** complex values: `data` holds (real, imaginary) pairs, twice as many numbers as elements */
  complex?: boolean;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export class NpyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NpyFormatError';
  }
}

interface IHeader {
  descr: string;
  fortran_order: boolean;
  shape: number[];
}

/** Parse the Python-literal header dict of an .npy file. */
export function parseNpyHeader(text: string): IHeader {
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(text);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shape) {
    throw new NpyFormatError(`unreadable npy header: ${text.slice(0, 80)}`);
  }
  const dims = shape[1]
    .split(',')
    .map(s => s.trim())
    .filter(s => s.length > 0)
    .map(s => Number.parseInt(s, 10));
  if (dims.some(d => !Number.isFinite(d) || d < 0)) {
    throw new NpyFormatError(`bad npy shape (${shape[1]})`);
  }
  return {
    descr: descr[1],
    fortran_order: fortran[1] === 'True',
    shape: dims
  };
}

type Reader = (view: DataView, offset: number, little: boolean) => number;

const KINDS: Record<
  string,
  { ctor: new (n: number) => NumericArray; read: Reader }
> = {
  i1: { ctor: Int8Array, read: (v, o) => v.getInt8(o) },
  u1: { ctor: Uint8Array, read: (v, o) => v.getUint8(o) },
  b1: { ctor: Uint8Array, read: (v, o) => v.getUint8(o) },
  i2: { ctor: Int16Array, read: (v, o, l) => v.getInt16(o, l) },
  u2: { ctor: Uint16Array, read: (v, o, l) => v.getUint16(o, l) },
  i4: { ctor: Int32Array, read: (v, o, l) => v.getInt32(o, l) },
  u4: { ctor: Uint32Array, read: (v, o, l) => v.getUint32(o, l) },
  f4: { ctor: Float32Array, read: (v, o, l) => v.getFloat32(o, l) },
  f8: { ctor: Float64Array, read: (v, o, l) => v.getFloat64(o, l) },
  i8: {
    ctor: Float64Array,
    read: (v, o, l) => Number(v.getBigInt64(o, l))
  },
  u8: {
    ctor: Float64Array,
    read: (v, o, l) => Number(v.getBigUint64(o, l))
  },
  f2: { ctor: Float32Array, read: (v, o, l) => float16(v.getUint16(o, l)) }
};

function float16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) {
    return sign * 2 ** -14 * (fraction / 1024);
  }
  if (exponent === 31) {
    return fraction ? NaN : sign * Infinity;
  }
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Whether the browser can hold values of this NumPy dtype in a typed array. */
export function isSupportedDtype(descr: string): boolean {
  return descr.slice(1) in KINDS && /^[<>|=]/.test(descr);
}

function littleEndianHost(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/** Decode an .npy body; C order only, numeric dtypes only. */
export function decodeNpy(buffer: ArrayBuffer): INpyArray {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new NpyFormatError('not an npy body (bad magic)');
  }
  const major = bytes[6];
  const view = new DataView(buffer);
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new NpyFormatError(`npy format version ${major} is not supported`);
  }
  const headerText = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(headerStart, headerStart + headerLength)
  );
  const header = parseNpyHeader(headerText);
  if (header.fortran_order) {
    throw new NpyFormatError('Fortran-ordered npy bodies are not supported');
  }
  const complex = /^[<>|=]c(8|16)$/.test(header.descr);
  // complex64/128 are read as pairs of float32/64
  const descr = complex
    ? `${header.descr[0]}f${Number(header.descr.slice(2)) / 2}`
    : header.descr;
  const kind = KINDS[descr.slice(1)];
  if (!kind || !/^[<>|=]/.test(descr)) {
    throw new NpyFormatError(`dtype ${descr} cannot be shown as numbers`);
  }
  const count = header.shape.reduce((a, b) => a * b, 1) * (complex ? 2 : 1);
  const itemSize = Number.parseInt(descr.slice(2), 10);
  const dataStart = headerStart + headerLength;
  if (buffer.byteLength - dataStart < count * itemSize) {
    throw new NpyFormatError(
      `npy body holds ${buffer.byteLength - dataStart} bytes, ${count * itemSize} expected`
    );
  }
  const little = descr[0] !== '>';
  const wide = descr.slice(1) === 'i8' || descr.slice(1) === 'u8';
  const half = descr.slice(1) === 'f2';
  let data: NumericArray;
  if (
    !wide &&
    !half &&
    (itemSize === 1 || little === littleEndianHost()) &&
    dataStart % itemSize === 0
  ) {
    // Same byte order and aligned: view the bytes without copying.
    const Ctor = kind.ctor as unknown as new (
      b: ArrayBuffer,
      o: number,
      n: number
    ) => NumericArray;
    data = new Ctor(buffer, dataStart, count);
  } else {
    data = new kind.ctor(count);
    for (let i = 0; i < count; i += 1) {
      data[i] = kind.read(view, dataStart + i * itemSize, little);
    }
  }
  return complex
    ? { dtype: header.descr, shape: header.shape, data, lossy: false, complex }
    : { dtype: descr, shape: header.shape, data, lossy: wide };
}
