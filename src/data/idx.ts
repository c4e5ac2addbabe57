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

/** MNIST's classes: the digits, label = digit. */
export const MNIST_CLASS_NAMES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Fashion-MNIST's classes in label order 0..9. */
export const FASHION_MNIST_CLASS_NAMES: readonly string[] = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

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

/** What an IDX header says: dimensions, header length and element count. */
export interface IdxHeader {
  readonly dims: readonly number[];
  readonly headerBytes: number;
  /** ∏dims (may exceed 2^53 or be Infinity for a forged header: compare, never allocate from it). */
  readonly count: number;
}

/** The header length of an IDX file from its first 4 bytes (4 + 4·d), or throws as parseIdxHeader does. */
export function idxHeaderLength(prefix: Uint8Array, fileName: string): number {
  checkMagic(prefix, fileName);
  return 4 + 4 * prefix[3]!;
}

function checkMagic(bytes: Uint8Array, fileName: string): void {
  if (isGzip(bytes)) {
    throw new DataFormatError(fileName, 'is gzip-compressed; decompress it first (readDataFile and the dataset loaders do so)');
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
}

/**
 * Check an IDX header against the file's total length: `bytes` holds at least the header (or the whole
 * file), `fileLength` is the file's size in bytes. Throws DataFormatError for gzip, a bad magic number,
 * an unsupported element type, a truncated file ("truncated at byte N (expected M)") or trailing bytes.
 * Nothing is allocated from the header's numbers, so a forged header cannot cause a huge allocation.
 */
export function parseIdxHeader(bytes: Uint8Array, fileLength: number, fileName: string): IdxHeader {
  checkMagic(bytes, fileName);
  const ndims = bytes[3]!;
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new DataFormatError(fileName, `truncated at byte ${bytes.length} (expected at least ${headerBytes} bytes of IDX header for ${ndims} dimensions)`);
  }
  const dims: number[] = [];
  // A float product: exact whenever it is small enough to match a real file length, and when it is not
  // (up to Infinity for 255 huge dimensions) it only has to compare as too large. A zero dimension makes
  // the count 0 outright, since Infinity·0 would be NaN.
  let count = 1;
  for (let i = 0; i < ndims; i++) {
    const d = readU32BE(bytes, 4 + 4 * i);
    dims.push(d);
    count *= d;
  }
  if (dims.includes(0)) count = 0;
  const expected = headerBytes + count;
  if (fileLength < expected) {
    throw new DataFormatError(
      fileName,
      `truncated at byte ${fileLength} (expected ${expected} bytes: a ${headerBytes}-byte header and ${count} elements for dimensions [${dims.join(', ')}])`,
    );
  }
  if (fileLength > expected) {
    throw new DataFormatError(
      fileName,
      `has ${fileLength} bytes but its header (dimensions [${dims.join(', ')}]) describes ${expected}: ${fileLength - expected} trailing bytes after byte ${expected}`,
    );
  }
  return { dims, headerBytes, count };
}

/**
 * Parse any unsigned-byte IDX array. `fileName` names the file in errors, which are those of
 * parseIdxHeader. The elements are a view of `bytes`, not a copy.
 */
export function parseIdx(bytes: Uint8Array, fileName: string): IdxArray {
  const { dims, headerBytes } = parseIdxHeader(bytes, bytes.length, fileName);
  return { dims, data: bytes.subarray(headerBytes) };
}

/**
 * Refuse an IDX file of the wrong kind from its first 4 bytes: an images file (3 dimensions) where labels
 * (1 dimension) are expected, or the reverse. Other problems are left to parseIdxHeader.
 */
export function expectIdxKind(bytes: Uint8Array, fileName: string, kind: 'images' | 'labels'): void {
  expectMagic(bytes, fileName, kind === 'images' ? 3 : 1, kind);
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
