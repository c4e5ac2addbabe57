/**
 * Streaming minibatches straight from IDX and CIFAR-10 files (Node-only: node:fs/promises), for data
 * larger than memory. Both formats have fixed-size records, so batch b is one positioned read per file
 * (`FileHandle.read` at an offset); nothing but the reader's buffers is ever allocated, and their total is
 * bounded by `maxBufferBytes`, checked when the stream is opened. `allocatedBytes` reports that total.
 *
 * Batches come in file order (CIFAR: the files in the order given, a batch may span two files). Each
 * batch's X and labels are views of buffers reused by the next batch: copy what you keep. One iteration
 * at a time per stream; each iteration opens the files and closes them when it ends or is broken off.
 * Headers are checked against the file sizes when the stream opens (a forged IDX header fails there);
 * labels are checked as they are read. Gzip files cannot be read at offsets and are refused with the fix.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { ArgumentError, DataFormatError, IoError } from '../errors.js';
import type { ByteMatrix } from '../tensor/matrix.js';
import { CIFAR10_CLASS_NAMES, CIFAR10_IMAGE_SHAPE, CIFAR10_PIXELS, CIFAR10_RECORD_BYTES, checkCifar10Prefix, cifar10CountForLength } from './cifar10.js';
import { expectIdxKind, idxHeaderLength, MNIST_CLASS_NAMES, parseIdxHeader } from './idx.js';
import type { ImageShape } from './types.js';

/** Default bound on a stream's buffers: 16 MiB. */
export const DEFAULT_STREAM_BUFFER_BYTES = 16 * 1024 * 1024;

/** The largest IDX header: 4 bytes plus 255 dimensions of 4 bytes. */
const IDX_MAX_HEADER = 4 + 4 * 255;
/** Enough of a CIFAR file's start to recognise gzip, tar and pickle. */
const CIFAR_PREFIX = 262;

export interface StreamBatch {
  /** Position of the batch's first example in the stream (0-based, official order). */
  readonly start: number;
  /** [n, D] bytes: a view of a reused buffer. */
  readonly X: ByteMatrix;
  /** n labels: a view of a reused buffer. */
  readonly labels: Int32Array;
}

export interface StreamOptions {
  /** Examples per batch (the last batch may be smaller). */
  readonly batchSize: number;
  /** Upper bound on the bytes the reader allocates (default DEFAULT_STREAM_BUFFER_BYTES). */
  readonly maxBufferBytes?: number;
  /** Class names, index = label; labels must lie in 0..length−1. Default: "0".."9" (IDX), CIFAR's ten. */
  readonly classNames?: readonly string[];
  /** First example to read (default 0) and how many at most (default: to the end). */
  readonly start?: number;
  readonly limit?: number;
}

export interface RecordStream extends AsyncIterable<StreamBatch> {
  readonly count: number;
  readonly cols: number;
  readonly batchSize: number;
  readonly imageShape: ImageShape;
  readonly classNames: readonly string[];
  /** Bytes the reader has allocated for its buffers (header and record buffers), all told. */
  readonly allocatedBytes: number;
}

function ioError(path: string, err: unknown): never {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') throw new DataFormatError(path, 'file not found', { cause: err });
  if (code === 'EISDIR') throw new DataFormatError(path, 'is a directory, expected a data file', { cause: err });
  throw new IoError(path, `cannot read: ${(err as Error).message}`, { cause: err });
}

async function openFile(path: string): Promise<{ fh: FileHandle; size: number }> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    ioError(path, err);
  }
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw new DataFormatError(path, 'is a directory, expected a data file');
    return { fh, size: st.size };
  } catch (err) {
    await fh.close();
    if (err instanceof DataFormatError) throw err;
    ioError(path, err);
  }
}

/** Read exactly `length` bytes at `position` into buf[offset…]; a short file is a DataFormatError. */
async function readFully(fh: FileHandle, path: string, buf: Uint8Array, offset: number, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    let bytesRead: number;
    try {
      ({ bytesRead } = await fh.read(buf, offset + done, length - done, position + done));
    } catch (err) {
      ioError(path, err);
    }
    if (bytesRead === 0) {
      throw new DataFormatError(path, `truncated at byte ${position + done} (expected ${position + length}); did the file change while it was streamed?`);
    }
    done += bytesRead;
  }
}

function checkRange(total: number, options: StreamOptions): { start: number; end: number } {
  const start = options.start ?? 0;
  if (!Number.isInteger(start) || start < 0) throw new ArgumentError('start', `must be a whole number ≥ 0, got ${start}`);
  const limit = options.limit ?? total;
  if (!Number.isInteger(limit) || limit < 0) throw new ArgumentError('limit', `must be a whole number ≥ 0, got ${limit}`);
  const s = Math.min(start, total);
  return { start: s, end: Math.min(total, s + limit) };
}

/** Checks batchSize against the budget and hands out buffers, counting their bytes. */
class BufferBudget {
  allocated = 0;
  constructor(readonly max: number) {
    if (!Number.isFinite(max) || max <= 0) throw new ArgumentError('maxBufferBytes', `must be a number > 0, got ${max}`);
  }
  require(batchSize: number, perRecord: number, fixed: number, what: string): void {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ArgumentError('batchSize', `must be a whole number ≥ 1, got ${batchSize}`);
    const need = fixed + batchSize * perRecord;
    if (need > this.max) {
      const fit = Math.floor((this.max - fixed) / perRecord);
      throw new ArgumentError(
        'batchSize',
        `${batchSize} ${what} need ${need} bytes of buffers (${perRecord} a record), above maxBufferBytes = ${this.max}; ` +
          (fit >= 1 ? `use batchSize ≤ ${fit} or raise maxBufferBytes` : 'raise maxBufferBytes'),
      );
    }
  }
  bytes(n: number): Uint8Array {
    this.allocated += n;
    return new Uint8Array(n);
  }
  ints(n: number): Int32Array {
    this.allocated += 4 * n;
    return new Int32Array(n);
  }
}

class IdxStream implements RecordStream {
  readonly count: number;
  readonly cols: number;
  readonly batchSize: number;
  readonly imageShape: ImageShape;
  readonly classNames: readonly string[];
  private readonly budget: BufferBudget;
  private readonly first: number;
  private readonly pixels: Uint8Array;
  private readonly rawLabels: Uint8Array;
  private readonly labels: Int32Array;
  private busy = false;

  constructor(
    private readonly imagesPath: string,
    private readonly labelsPath: string,
    private readonly imagesHeader: number,
    private readonly labelsHeader: number,
    height: number,
    width: number,
    range: { start: number; end: number },
    options: StreamOptions,
    budget: BufferBudget,
  ) {
    this.cols = height * width;
    this.imageShape = { height, width, channels: 1, layout: 'hwc' };
    this.classNames = [...(options.classNames ?? MNIST_CLASS_NAMES)];
    this.first = range.start;
    this.count = range.end - range.start;
    this.batchSize = options.batchSize;
    this.budget = budget;
    this.pixels = budget.bytes(this.batchSize * this.cols);
    this.rawLabels = budget.bytes(this.batchSize);
    this.labels = budget.ints(this.batchSize);
  }

  get allocatedBytes(): number {
    return this.budget.allocated;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<StreamBatch, void, undefined> {
    if (this.busy) throw new ArgumentError('stream', 'is already being iterated; batches share one buffer, so iterate one at a time');
    this.busy = true;
    let images: FileHandle | null = null;
    let labels: FileHandle | null = null;
    try {
      images = (await openFile(this.imagesPath)).fh;
      labels = (await openFile(this.labelsPath)).fh;
      const C = this.classNames.length;
      const end = this.first + this.count;
      for (let pos = this.first; pos < end; pos += this.batchSize) {
        const n = Math.min(this.batchSize, end - pos);
        await readFully(images, this.imagesPath, this.pixels, 0, n * this.cols, this.imagesHeader + pos * this.cols);
        await readFully(labels, this.labelsPath, this.rawLabels, 0, n, this.labelsHeader + pos);
        for (let k = 0; k < n; k++) {
          const y = this.rawLabels[k]!;
          if (y >= C) {
            throw new DataFormatError(this.labelsPath, `label ${y} outside 0..${C - 1} at item ${pos + k} (byte ${this.labelsHeader + pos + k})`);
          }
          this.labels[k] = y;
        }
        yield { start: pos - this.first, X: { data: this.pixels.subarray(0, n * this.cols), rows: n, cols: this.cols }, labels: this.labels.subarray(0, n) };
      }
    } finally {
      this.busy = false;
      await images?.close();
      await labels?.close();
    }
  }
}

/**
 * A stream of minibatches from an IDX image file and its label file (uncompressed). Opening reads only
 * the two headers and checks them against the file sizes and each other.
 */
export async function openIdxStream(imagesPath: string, labelsPath: string, options: StreamOptions): Promise<RecordStream> {
  const budget = new BufferBudget(options.maxBufferBytes ?? DEFAULT_STREAM_BUFFER_BYTES);
  // Header buffer first, so the budget check below counts it.
  budget.require(options.batchSize, 0, IDX_MAX_HEADER, 'images');
  const header = budget.bytes(IDX_MAX_HEADER);
  const readHeader = async (path: string, kind: 'images' | 'labels') => {
    const { fh, size } = await openFile(path);
    try {
      const got = Math.min(4, size);
      await readFully(fh, path, header, 0, got, 0);
      const prefix = header.subarray(0, got);
      if (prefix[0] === 0x1f && prefix[1] === 0x8b) {
        throw new DataFormatError(path, 'is gzip-compressed; streaming reads records at fixed offsets, so decompress it first (gunzip -k) or load it whole with readIdxDataset');
      }
      expectIdxKind(prefix, path, kind);
      const length = Math.min(idxHeaderLength(prefix, path), size);
      await readFully(fh, path, header, 0, length, 0);
      const h = parseIdxHeader(header.subarray(0, length), size, path);
      if (h.dims.length !== (kind === 'images' ? 3 : 1)) {
        throw new DataFormatError(path, `has ${h.dims.length} dimensions, expected ${kind === 'images' ? '3 (count, rows, cols)' : '1 (count)'} for an IDX ${kind} file`);
      }
      return h;
    } finally {
      await fh.close();
    }
  };
  const img = await readHeader(imagesPath, 'images');
  const lab = await readHeader(labelsPath, 'labels');
  const [count, height, width] = img.dims as [number, number, number];
  if (lab.dims[0] !== count) {
    throw new DataFormatError(
      imagesPath,
      `dimension mismatch: it holds ${count} images but ${labelsPath} holds ${lab.dims[0]} labels; the two files of a pair must hold the same number of items`,
    );
  }
  budget.require(options.batchSize, height * width + 1 + 4, IDX_MAX_HEADER, 'images');
  return new IdxStream(imagesPath, labelsPath, img.headerBytes, lab.headerBytes, height, width, checkRange(count, options), options, budget);
}

interface CifarSegment {
  readonly path: string;
  readonly count: number;
  /** Index of its first record in the whole stream. */
  readonly first: number;
}

class Cifar10Stream implements RecordStream {
  readonly count: number;
  readonly cols = CIFAR10_PIXELS;
  readonly batchSize: number;
  readonly imageShape: ImageShape = CIFAR10_IMAGE_SHAPE;
  readonly classNames: readonly string[];
  private readonly budget: BufferBudget;
  private readonly first: number;
  /** Whole records are read here, then the pixels are packed to the front in place (X is its first part). */
  private readonly records: Uint8Array;
  private readonly labels: Int32Array;
  private busy = false;

  constructor(
    private readonly segments: readonly CifarSegment[],
    range: { start: number; end: number },
    options: StreamOptions,
    budget: BufferBudget,
  ) {
    this.classNames = [...(options.classNames ?? CIFAR10_CLASS_NAMES)];
    this.first = range.start;
    this.count = range.end - range.start;
    this.batchSize = options.batchSize;
    this.budget = budget;
    this.records = budget.bytes(this.batchSize * CIFAR10_RECORD_BYTES);
    this.labels = budget.ints(this.batchSize);
  }

  get allocatedBytes(): number {
    return this.budget.allocated;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<StreamBatch, void, undefined> {
    if (this.busy) throw new ArgumentError('stream', 'is already being iterated; batches share one buffer, so iterate one at a time');
    this.busy = true;
    const handles = new Map<number, FileHandle>();
    const R = CIFAR10_RECORD_BYTES;
    const C = this.classNames.length;
    try {
      const end = this.first + this.count;
      let seg = 0;
      for (let pos = this.first; pos < end; pos += this.batchSize) {
        const n = Math.min(this.batchSize, end - pos);
        let filled = 0;
        while (filled < n) {
          const g = pos + filled;
          while (g >= this.segments[seg]!.first + this.segments[seg]!.count) seg++;
          const s = this.segments[seg]!;
          let fh = handles.get(seg);
          if (fh === undefined) {
            // Files are visited in order: close the previous one before opening the next.
            for (const [k, h] of handles) {
              await h.close();
              handles.delete(k);
            }
            fh = (await openFile(s.path)).fh;
            handles.set(seg, fh);
          }
          const local = g - s.first;
          const take = Math.min(n - filled, s.count - local);
          await readFully(fh, s.path, this.records, filled * R, take * R, local * R);
          for (let j = 0; j < take; j++) {
            const y = this.records[(filled + j) * R]!;
            if (y >= C) throw new DataFormatError(s.path, `label ${y} outside 0..${C - 1} in record ${local + j} (byte ${(local + j) * R})`);
            this.labels[filled + j] = y;
          }
          filled += take;
        }
        // Pack pixels to the front: record k's 3072 bytes move from k·3073+1 to k·3072. Destinations never
        // pass their sources, so copyWithin (memmove) front to back is safe; labels were taken out above.
        for (let k = 0; k < n; k++) this.records.copyWithin(k * CIFAR10_PIXELS, k * R + 1, (k + 1) * R);
        yield {
          start: pos - this.first,
          X: { data: this.records.subarray(0, n * CIFAR10_PIXELS), rows: n, cols: CIFAR10_PIXELS },
          labels: this.labels.subarray(0, n),
        };
      }
    } finally {
      this.busy = false;
      for (const h of handles.values()) await h.close();
    }
  }
}

/**
 * A stream of minibatches from CIFAR-10 binary batch files, in the order given (e.g. data_batch_1.bin …
 * data_batch_5.bin). Opening checks each file's first bytes and that its size is a whole number of records.
 */
export async function openCifar10Stream(paths: readonly string[], options: StreamOptions): Promise<RecordStream> {
  if (paths.length === 0) throw new ArgumentError('paths', 'needs at least one CIFAR-10 batch file');
  const budget = new BufferBudget(options.maxBufferBytes ?? DEFAULT_STREAM_BUFFER_BYTES);
  budget.require(options.batchSize, CIFAR10_RECORD_BYTES + 4, CIFAR_PREFIX, 'CIFAR-10 records');
  const prefix = budget.bytes(CIFAR_PREFIX);
  const segments: CifarSegment[] = [];
  let total = 0;
  for (const path of paths) {
    const { fh, size } = await openFile(path);
    try {
      const got = Math.min(CIFAR_PREFIX, size);
      await readFully(fh, path, prefix, 0, got, 0);
      checkCifar10Prefix(prefix.subarray(0, got), path);
    } finally {
      await fh.close();
    }
    const count = cifar10CountForLength(size, path);
    segments.push({ path, count, first: total });
    total += count;
  }
  return new Cifar10Stream(segments, checkRange(total, options), options, budget);
}
