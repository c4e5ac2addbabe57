/**
 * The IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/), parsed from bytes with no
 * Node APIs, so the lab can parse files it fetches:
 *
 *   bytes 0–1   0x00 0x00
 *   byte  2     element type: 0x08 unsigned byte (the only type these datasets use; others are refused)
 *   byte  3     number of dimensions d
 *   4·d bytes   each dimension as an unsigned 32-bit big-endian integer
 *   …           the elements, row-major, exactly ∏dims of them
 *
 * So image files start 0x00000803 (count, rows, cols) and label files 0x00000801 (count).
 * The header is checked against the byte length before anything is allocated, so a forged header that
 * claims billions of items fails at once. The file must end where its header says (no trailing bytes):
 * a length mismatch means the wrong or a damaged file, and we say so rather than guess.
 *
 * Gzip-compressed files are recognised by their magic bytes (0x1f 0x8b) and refused here with a pointer to
 * the readers that decompress (src/data/files.ts in Node).
 */
import { DataFormatError } from '../errors.js';
import type { ByteMatrix } from '../tensor/matrix.js';
import { isGzip } from './bytes.js';
import { createDataset } from './dataset.js';
import type { Dataset, ImageShape } from './types.js';

/** An IDX array: its dimensions and its elements (a view into the parsed bytes, not a copy). */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/** Images from an IDX image file (magic 0x00000803): `pixels` is [count, height·width], row-major. */
export interface IdxImages {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly pixels: Uint8Array;
}

const TYPE_NAMES: Readonly<Record<number, string>> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

function hex32(bytes: Uint8Array): string {
  let s = '0x';
  for (let i = 0; i < 4; i++) s += (bytes[i] ?? 0).toString(16).padStart(2, '0');
  return s;
}

function readU32BE(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

/**
 * Parse any unsigned-byte IDX array. `fileName` names the file in errors. Throws DataFormatError for a
 * gzip file, a bad magic number, an unsupported element type, a truncated file ("truncated at byte N
 * (expected M)") or trailing bytes.
 */
export function parseIdx(bytes: Uint8Array, fileName: string): IdxArray {
  if (isGzip(bytes)) {
    throw new DataFormatError(fileName, 'is gzip-compressed; decompress it first (readIdxFile and the dataset loaders do so)');
  }
  if (bytes.length < 4) {
    throw new DataFormatError(fileName, `truncated at byte ${bytes.length} (expected at least 4 bytes of IDX header)`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[3] === 0) {
    throw new DataFormatError(
      fileName,
      `bad magic number ${hex32(bytes)}: an IDX file starts 0x00 0x00, a type byte and a dimension count ` +
        '(images 0x00000803, labels 0x00000801); is this an IDX file?',
    );
  }
  const type = bytes[2]!;
  if (type !== 0x08) {
    const known = TYPE_NAMES[type];
    throw new DataFormatError(
      fileName,
      known === undefined
        ? `bad magic number ${hex32(bytes)}: element type 0x${type.toString(16).padStart(2, '0')} is not an IDX type`
        : `IDX element type 0x${type.toString(16).padStart(2, '0')} (${known}) is not supported; linclass reads unsigned-byte IDX files (type 0x08) such as MNIST's`,
    );
  }
  const ndims = bytes[3]!;
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new DataFormatError(fileName, `truncated at byte ${bytes.length} (expected at least ${headerBytes} bytes of IDX header for ${ndims} dimensions)`);
  }
  const dims: number[] = [];
  // A plain float product: with up to 255 factors below 2^32 it cannot overflow to Infinity in a way that
  // compares wrongly, and it is exact whenever it is small enough to match a real file length.
  let count = 1;
  for (let i = 0; i < ndims; i++) {
    const d = readU32BE(bytes, 4 + 4 * i);
    dims.push(d);
    count *= d;
  }
  const expected = headerBytes + count;
  if (bytes.length < expected) {
    throw new DataFormatError(
      fileName,
      `truncated at byte ${bytes.length} (expected ${expected} bytes: a ${headerBytes}-byte header and ${count} elements for dimensions [${dims.join(', ')}])`,
    );
  }
  if (bytes.length > expected) {
    throw new DataFormatError(
      fileName,
      `has ${bytes.length} bytes but its header (dimensions [${dims.join(', ')}]) describes ${expected}: ${bytes.length - expected} trailing bytes after byte ${expected}`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes, expected) };
}

function expectMagic(bytes: Uint8Array, fileName: string, ndims: number, what: string): void {
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x08 && bytes[3] !== ndims && bytes[3] !== 0) {
    const other = bytes[3] === 1 ? ' (this looks like a labels file)' : bytes[3] === 3 ? ' (this looks like an images file)' : '';
    throw new DataFormatError(
      fileName,
      `bad magic number ${hex32(bytes)}: expected 0x0000080${ndims} for an IDX ${what} file (${ndims} dimension${ndims === 1 ? '' : 's'})${other}`,
    );
  }
}

/** Parse an IDX image file (magic 0x00000803: count × rows × cols unsigned bytes). Pixels are a view. */
export function parseIdxImages(bytes: Uint8Array, fileName: string): IdxImages {
  expectMagic(bytes, fileName, 3, 'images');
  const { dims, data } = parseIdx(bytes, fileName);
  if (dims.length !== 3) {
    throw new DataFormatError(fileName, `has ${dims.length} dimensions, expected 3 (count, rows, cols) for an IDX images file`);
  }
  return { count: dims[0]!, height: dims[1]!, width: dims[2]!, pixels: data };
}

/**
 * Parse an IDX label file (magic 0x00000801: count unsigned bytes) into an Int32Array. With `classCount`,
 * every label must lie in 0..classCount−1 ("label 12 outside 0..9 at item 5 (byte 13)").
 */
export function parseIdxLabels(bytes: Uint8Array, fileName: string, classCount?: number): Int32Array {
  expectMagic(bytes, fileName, 1, 'labels');
  const { dims, data } = parseIdx(bytes, fileName);
  if (dims.length !== 1) {
    throw new DataFormatError(fileName, `has ${dims.length} dimensions, expected 1 (count) for an IDX labels file`);
  }
  const labels = new Int32Array(data.length);
  const limit = classCount ?? 256;
  for (let i = 0; i < data.length; i++) {
    const y = data[i]!;
    if (y >= limit) {
      throw new DataFormatError(fileName, `label ${y} outside 0..${limit - 1} at item ${i} (byte ${8 + i})`);
    }
    labels[i] = y;
  }
  return labels;
}

export interface IdxDatasetOptions {
  /** Dataset name, e.g. "mnist/train". */
  readonly name: string;
  /** Class names, index = label; their count bounds the labels. Default: "0".."max label". */
  readonly classNames?: readonly string[];
  /** File names for errors (default "images" and "labels"). */
  readonly imagesFile?: string;
  readonly labelsFile?: string;
}

/**
 * A Dataset from the bytes of an IDX image file and its label file. The two must hold the same number of
 * items (else a "dimension mismatch" error naming both files). Pixels stay bytes, as a view of `images`.
 */
export function idxDataset(images: Uint8Array, labels: Uint8Array, options: IdxDatasetOptions): Dataset {
  const imagesFile = options.imagesFile ?? 'images';
  const labelsFile = options.labelsFile ?? 'labels';
  const img = parseIdxImages(images, imagesFile);
  const y = parseIdxLabels(labels, labelsFile, options.classNames?.length);
  if (y.length !== img.count) {
    throw new DataFormatError(
      imagesFile,
      `dimension mismatch: it holds ${img.count} images but ${labelsFile} holds ${y.length} labels; the two files of a pair must hold the same number of items`,
    );
  }
  let classNames = options.classNames;
  if (classNames === undefined) {
    let max = -1;
    for (let i = 0; i < y.length; i++) if (y[i]! > max) max = y[i]!;
    classNames = Array.from({ length: max + 1 }, (_, i) => String(i));
  }
  const X: ByteMatrix = { data: img.pixels, rows: img.count, cols: img.height * img.width };
  const imageShape: ImageShape = { height: img.height, width: img.width, channels: 1, layout: 'hwc' };
  return createDataset({ name: options.name, X, labels: y, classNames, imageShape });
}
