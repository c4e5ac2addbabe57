/**
 * Reading data files in Node (node:fs, node:zlib). The parsers (idx.ts, cifar10.ts, csv.ts) are pure and
 * run in the browser too; this module is the Node-only layer that gets their bytes.
 *
 * Gzip is recognised by its magic bytes (0x1f 0x8b), never by the file name, so `x.gz` that is not
 * compressed and `x` that is both read correctly.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataFormatError, IoError } from '../errors.js';
import { isGzip } from './bytes.js';

/** Decompressed data above this is refused (a gzip bomb, or a file that should be streamed instead). */
export const MAX_DECOMPRESSED_BYTES = 2 ** 31;

export interface ReadDataFileOptions {
  /** Largest decompressed size accepted, in bytes (default MAX_DECOMPRESSED_BYTES). */
  readonly maxBytes?: number;
}

/** The bytes of `path`, decompressed when they are gzip. A missing file is a DataFormatError naming it. */
export function readDataFile(path: string, options: ReadDataFileOptions = {}): Uint8Array {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DataFormatError(path, 'file not found', { cause: err });
    if (code === 'EISDIR') throw new DataFormatError(path, 'is a directory, expected a data file', { cause: err });
    throw new IoError(path, `cannot read: ${(err as Error).message}`, { cause: err });
  }
  const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  return gunzipIfCompressed(bytes, path, options.maxBytes);
}

/**
 * `bytes` decompressed if they start with the gzip magic number, else `bytes` itself. A damaged or
 * truncated gzip stream is a DataFormatError naming `fileName`; so is output above `maxBytes`.
 */
export function gunzipIfCompressed(bytes: Uint8Array, fileName: string, maxBytes = MAX_DECOMPRESSED_BYTES): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  let out: Buffer;
  try {
    out = gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DataFormatError(fileName, `decompresses to more than ${maxBytes} bytes; decompress it yourself and stream it (openIdxStream)`, {
        cause: err,
      });
    }
    throw new DataFormatError(fileName, `is gzip-compressed but the stream is damaged or truncated (${e.message})`, { cause: err });
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
