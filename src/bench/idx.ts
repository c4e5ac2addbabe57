/**
 * The bench's own minimal IDX reader (uncompressed files only): the 4-byte magic (0x0000, type 0x08 =
 * unsigned byte, number of dimensions), big-endian uint32 sizes, then the bytes. The library's full loader
 * lives in src/data/; the bench keeps this one so it depends on nothing but the files.
 */
import { readFileSync } from 'node:fs';
import { DataFormatError } from '../errors.js';

export interface IdxBytes {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

export function readIdx(path: string): IdxBytes {
  const raw = readFileSync(path);
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0 || raw[2] !== 0x08) {
    throw new DataFormatError(path, 'is not an uncompressed unsigned-byte IDX file (magic 0x00000801 or 0x00000803 expected)');
  }
  const ndim = raw[3]!;
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) dims.push(raw.readUInt32BE(4 + 4 * i));
  const offset = 4 + 4 * ndim;
  const size = dims.reduce((a, b) => a * b, 1);
  if (raw.length !== offset + size) throw new DataFormatError(path, `holds ${raw.length - offset} data bytes, its header says ${size}`);
  return { dims, data: new Uint8Array(raw.buffer, raw.byteOffset + offset, size) };
}
