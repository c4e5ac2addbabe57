/**
 * Builders for small data files in their official formats (IDX, CIFAR-10 binary, CSV), shared by the data
 * tests and the fuzz suite. They write exactly what the format specifications say, independently of the
 * parsers under test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** An IDX file of unsigned bytes: 0x00 0x00 0x08 d, then d big-endian u32 dimensions, then the elements. */
export function idxBytes(dims: readonly number[], data: ArrayLike<number>): Uint8Array {
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + data.length);
  out[2] = 0x08;
  out[3] = dims.length;
  const dv = new DataView(out.buffer);
  dims.forEach((d, i) => dv.setUint32(4 + 4 * i, d, false));
  out.set(Array.from(data), header);
  return out;
}

/** n images of rows×cols whose pixel (i, p) is (seed + 7i + 3p) mod 256, and labels i mod classes. */
export function tinyImages(n: number, rows: number, cols: number, seed = 0, classes = 10): { pixels: Uint8Array; labels: Uint8Array } {
  const pixels = new Uint8Array(n * rows * cols);
  for (let i = 0; i < n; i++) for (let p = 0; p < rows * cols; p++) pixels[i * rows * cols + p] = (seed + 7 * i + 3 * p) % 256;
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) labels[i] = i % classes;
  return { pixels, labels };
}

export function gzip(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(gzipSync(bytes));
}

/** CIFAR-10 binary records: 1 label byte, then 3072 pixel bytes (R plane, G plane, B plane of 32×32). */
export function cifarBytes(labels: ArrayLike<number>, pixel: (record: number, p: number) => number): Uint8Array {
  const n = labels.length;
  const out = new Uint8Array(n * 3073);
  for (let r = 0; r < n; r++) {
    out[r * 3073] = labels[r]!;
    for (let p = 0; p < 3072; p++) out[r * 3073 + 1 + p] = pixel(r, p) & 255;
  }
  return out;
}

/** A fresh temporary directory and a function that removes it. */
export function tempDir(prefix = 'linclass-data-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
