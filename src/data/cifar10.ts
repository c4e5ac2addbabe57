/**
 * The binary version of CIFAR-10 (https://www.cs.toronto.edu/~kriz/cifar.html, cifar-10-batches-bin/),
 * parsed from bytes with no Node APIs:
 *
 *   each record: 1 label byte (0..9), then 3072 pixel bytes = the 1024 red, 1024 green, 1024 blue values
 *   of a 32×32 image, each plane row-major. A batch file is records back to back, nothing else.
 *
 * Official files hold 10 000 records each; any whole number of records is accepted (users keep subsets),
 * a partial record is an error. Pixels keep CIFAR's plane layout ('chw'), so X is [N, 3072] bytes.
 * batches.meta.txt lists the ten class names, one a line.
 */
import { ArgumentError, DataFormatError } from '../errors.js';
import { decodeUtf8, isGzip } from './bytes.js';
import type { ImageShape } from './types.js';

export const CIFAR10_PIXELS = 3072;
export const CIFAR10_RECORD_BYTES = 1 + CIFAR10_PIXELS;
export const CIFAR10_CLASS_NAMES: readonly string[] = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];
export const CIFAR10_IMAGE_SHAPE: ImageShape = { height: 32, width: 32, channels: 3, layout: 'chw' };

export interface Cifar10Batch {
  readonly count: number;
  /** [count, 3072] bytes, R plane, G plane, B plane per row. */
  readonly pixels: Uint8Array;
  readonly labels: Int32Array;
}

/**
 * Refuse what is plainly not a binary batch, from the file's first bytes (262 suffice): gzip, a tar
 * archive, the Python (pickle) version. Streaming readers call this on a prefix.
 */
export function checkCifar10Prefix(prefix: Uint8Array, fileName: string): void {
  if (isGzip(prefix)) {
    throw new DataFormatError(fileName, 'is gzip-compressed; decompress it first (if it is cifar-10-binary.tar.gz, extract it: tar xzf)');
  }
  if (prefix.length >= 262 && String.fromCharCode(...prefix.subarray(257, 262)) === 'ustar') {
    throw new DataFormatError(fileName, 'is a tar archive; extract it (tar xf) and name the cifar-10-batches-bin directory');
  }
  if (prefix.length >= 2 && prefix[0] === 0x80 && prefix[1]! >= 2 && prefix[1]! <= 5) {
    throw new DataFormatError(
      fileName,
      'looks like the Python (pickle) version of CIFAR-10; linclass reads the binary version (cifar-10-binary.tar.gz → cifar-10-batches-bin/*.bin)',
    );
  }
}

/** Whole records in a batch file of `length` bytes; an empty file or a partial record is a DataFormatError. */
export function cifar10CountForLength(length: number, fileName: string): number {
  if (length === 0) {
    throw new DataFormatError(fileName, `is empty; a CIFAR-10 batch holds records of ${CIFAR10_RECORD_BYTES} bytes (1 label + 3072 pixels)`);
  }
  const whole = Math.floor(length / CIFAR10_RECORD_BYTES);
  const rest = length - whole * CIFAR10_RECORD_BYTES;
  if (rest !== 0) {
    throw new DataFormatError(
      fileName,
      `truncated at byte ${length} (expected ${(whole + 1) * CIFAR10_RECORD_BYTES}): ${whole} whole records of ${CIFAR10_RECORD_BYTES} bytes ` +
        `and ${rest} bytes of a partial record`,
    );
  }
  return whole;
}

/**
 * How many whole records `bytes` holds; throws DataFormatError for an empty file, a partial record
 * ("truncated at byte N (expected M)"), gzip, a tar archive or the Python (pickle) version.
 */
export function cifar10RecordCount(bytes: Uint8Array, fileName: string): number {
  checkCifar10Prefix(bytes, fileName);
  return cifar10CountForLength(bytes.length, fileName);
}

/**
 * Copy the records of `bytes` into `pixels` (row `at` onward, 3072 bytes a row) and `labels` (from `at`),
 * checking every label is in 0..9. Returns the record count. The Node loader uses this to fill one
 * buffer for all five training batches without holding them all twice.
 */
export function decodeCifar10RecordsInto(bytes: Uint8Array, fileName: string, pixels: Uint8Array, labels: Int32Array, at: number): number {
  const n = cifar10RecordCount(bytes, fileName);
  if ((at + n) * CIFAR10_PIXELS > pixels.length || at + n > labels.length) {
    throw new ArgumentError('pixels', `room for ${labels.length - at} records from ${at}, ${fileName} holds ${n}`);
  }
  for (let r = 0; r < n; r++) {
    const src = r * CIFAR10_RECORD_BYTES;
    const y = bytes[src]!;
    if (y > 9) throw new DataFormatError(fileName, `label ${y} outside 0..9 in record ${r} (byte ${src})`);
    labels[at + r] = y;
    pixels.set(bytes.subarray(src + 1, src + CIFAR10_RECORD_BYTES), (at + r) * CIFAR10_PIXELS);
  }
  return n;
}

/** One CIFAR-10 batch file's records, pixels copied out of the interleaved records. */
export function parseCifar10Batch(bytes: Uint8Array, fileName: string): Cifar10Batch {
  const count = cifar10RecordCount(bytes, fileName);
  const pixels = new Uint8Array(count * CIFAR10_PIXELS);
  const labels = new Int32Array(count);
  decodeCifar10RecordsInto(bytes, fileName, pixels, labels, 0);
  return { count, pixels, labels };
}

/** The ten class names of batches.meta.txt (one a line; blank lines and surrounding spaces ignored). */
export function parseCifar10Meta(bytes: Uint8Array, fileName: string): string[] {
  const names = decodeUtf8(bytes, fileName)
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.length !== 10) {
    throw new DataFormatError(fileName, `lists ${names.length} class names, expected 10 (one a line, in label order 0..9)`);
  }
  return names;
}
