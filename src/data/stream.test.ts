import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cifarBytes, gzip, idxBytes, tempDir, tinyImages } from '../../test/helpers/data-files.js';
import { ArgumentError, DataFormatError } from '../errors.js';
import { parseCifar10Batch } from './cifar10.js';
import { openCifar10Stream, openIdxStream, type RecordStream } from './stream.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Byte-for-byte equality without building million-element arrays for the matcher. */
function expectSameBytes(a: Uint8Array, b: Uint8Array): void {
  expect(a.length).toBe(b.length);
  expect(Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length))).toBe(true);
}

/** Every batch copied out (batches share buffers), with the batch sizes seen. */
async function drain(stream: RecordStream): Promise<{ pixels: Uint8Array; labels: Int32Array; sizes: number[]; starts: number[] }> {
  const pixels = new Uint8Array(stream.count * stream.cols);
  const labels = new Int32Array(stream.count);
  const sizes: number[] = [];
  const starts: number[] = [];
  for await (const b of stream) {
    pixels.set(b.X.data, b.start * stream.cols);
    labels.set(b.labels, b.start);
    sizes.push(b.X.rows);
    starts.push(b.start);
  }
  return { pixels, labels, sizes, starts };
}

describe('openIdxStream', () => {
  const N = 3000;
  const { pixels, labels } = tinyImages(N, 28, 28, 3);
  const imgPath = join(tmp.dir, 'big-images-idx3-ubyte');
  const labPath = join(tmp.dir, 'big-labels-idx1-ubyte');
  writeFileSync(imgPath, idxBytes([N, 28, 28], pixels));
  writeFileSync(labPath, idxBytes([N], labels));

  it('reads a file larger than its memory budget, allocating less than the budget', async () => {
    const budget = 256 * 1024;
    expect(statSync(imgPath).size).toBeGreaterThan(8 * budget);
    const stream = await openIdxStream(imgPath, labPath, { batchSize: 128, maxBufferBytes: budget });
    const got = await drain(stream);
    expectSameBytes(got.pixels, pixels);
    expect(Array.from(got.labels)).toEqual(Array.from(labels));
    expect(got.sizes).toEqual([...new Array(23).fill(128), 3000 - 23 * 128]);
    // 1024 header bytes + 128 × (784 pixels + 1 raw label + 4 for the Int32 label), and nothing more
    expect(stream.allocatedBytes).toBe(1024 + 128 * 789);
    expect(stream.allocatedBytes).toBeLessThanOrEqual(budget);
    expect([stream.count, stream.cols, stream.imageShape.height, stream.classNames.length]).toEqual([3000, 784, 28, 10]);
  });

  it('iterates again from the start, also after a break, without allocating more', async () => {
    const stream = await openIdxStream(imgPath, labPath, { batchSize: 500, maxBufferBytes: 1 << 20 });
    const before = stream.allocatedBytes;
    for await (const b of stream) {
      expect(b.start).toBe(0);
      break;
    }
    const again = await drain(stream);
    expect(again.starts).toEqual([0, 500, 1000, 1500, 2000, 2500]);
    expect(stream.allocatedBytes).toBe(before);
  });

  it('refuses a second iteration while one is running (batches share a buffer)', async () => {
    const stream = await openIdxStream(imgPath, labPath, { batchSize: 100 });
    const a = stream[Symbol.asyncIterator]();
    await a.next();
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toThrow('stream: is already being iterated');
    await a.return?.();
  });

  it('reads a window with start and limit', async () => {
    const stream = await openIdxStream(imgPath, labPath, { batchSize: 64, start: 100, limit: 250 });
    const got = await drain(stream);
    expect(stream.count).toBe(250);
    expectSameBytes(got.pixels, pixels.subarray(100 * 784, 350 * 784));
    expect(Array.from(got.labels)).toEqual(Array.from(labels.subarray(100, 350)));
    expect((await openIdxStream(imgPath, labPath, { batchSize: 64, start: 5000 })).count).toBe(0);
  });

  it('refuses a batch that does not fit the budget, saying what would', async () => {
    await expect(openIdxStream(imgPath, labPath, { batchSize: 1000, maxBufferBytes: 100_000 })).rejects.toThrow(
      'batchSize: 1000 images need 790024 bytes of buffers (789 a record), above maxBufferBytes = 100000; use batchSize ≤ 125 or raise maxBufferBytes',
    );
    await expect(openIdxStream(imgPath, labPath, { batchSize: 0 })).rejects.toThrow(ArgumentError);
  });

  it('checks headers against file sizes before allocating record buffers', async () => {
    const forged = join(tmp.dir, 'forged');
    writeFileSync(forged, idxBytes([0xffffffff, 28, 28], new Uint8Array(784)));
    await expect(openIdxStream(forged, labPath, { batchSize: 10 })).rejects.toThrow(`${forged}: truncated at byte 800 (expected 3367254359296 bytes`);
    const short = join(tmp.dir, 'short-labels');
    writeFileSync(short, idxBytes([N - 1], labels.subarray(0, N - 1)));
    await expect(openIdxStream(imgPath, short, { batchSize: 10 })).rejects.toThrow(
      `${imgPath}: dimension mismatch: it holds 3000 images but ${short} holds 2999 labels`,
    );
    await expect(openIdxStream(labPath, labPath, { batchSize: 10 })).rejects.toThrow('(this looks like a labels file)');
    const gz = join(tmp.dir, 'gz-images');
    writeFileSync(gz, gzip(idxBytes([1, 1, 1], [0])));
    await expect(openIdxStream(gz, labPath, { batchSize: 10 })).rejects.toThrow(`${gz}: is gzip-compressed; streaming reads records at fixed offsets`);
    await expect(openIdxStream(join(tmp.dir, 'none'), labPath, { batchSize: 10 })).rejects.toThrow(DataFormatError);
  });

  it('names a bad label when it reaches it', async () => {
    const bad = join(tmp.dir, 'bad-labels');
    const l = Uint8Array.from(labels);
    l[2500] = 12;
    writeFileSync(bad, idxBytes([N], l));
    const stream = await openIdxStream(imgPath, bad, { batchSize: 1000 });
    await expect(drain(stream)).rejects.toThrow(`${bad}: label 12 outside 0..9 at item 2500 (byte 2508)`);
  });
});

describe('openCifar10Stream', () => {
  const counts = [40, 25, 35];
  const files = counts.map((n, f) => {
    const bytes = cifarBytes(
      Array.from({ length: n }, (_, r) => (r + f) % 10),
      (r, p) => r * 13 + p * 5 + f * 101,
    );
    const path = join(tmp.dir, `data_batch_${f + 1}.bin`);
    writeFileSync(path, bytes);
    return { path, bytes };
  });

  it('streams batches that span files, allocating less than a budget smaller than any file', async () => {
    const budget = 64 * 1024;
    expect(statSync(files[0]!.path).size).toBeGreaterThan(budget);
    const stream = await openCifar10Stream(
      files.map((f) => f.path),
      { batchSize: 16, maxBufferBytes: budget },
    );
    const got = await drain(stream);
    const parsed = files.map((f) => parseCifar10Batch(f.bytes, f.path));
    const want = new Uint8Array(100 * 3072);
    let at = 0;
    for (const p of parsed) {
      want.set(p.pixels, at * 3072);
      at += p.count;
    }
    expectSameBytes(got.pixels, want);
    expect(Array.from(got.labels)).toEqual(parsed.flatMap((p) => Array.from(p.labels)));
    expect(got.sizes).toEqual([16, 16, 16, 16, 16, 16, 4]);
    expect(stream.allocatedBytes).toBe(262 + 16 * (3073 + 4));
    expect(stream.allocatedBytes).toBeLessThanOrEqual(budget);
    expect(stream.imageShape.layout).toBe('chw');
  });

  it('reads the first N in file order with limit', async () => {
    const stream = await openCifar10Stream(
      files.map((f) => f.path),
      { batchSize: 7, limit: 45 },
    );
    const got = await drain(stream);
    expect(Array.from(got.labels.subarray(40))).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses a partial record at open and names a bad label when reached', async () => {
    const cut = join(tmp.dir, 'cut.bin');
    writeFileSync(cut, files[1]!.bytes.subarray(0, 3073 * 2 + 10));
    await expect(openCifar10Stream([files[0]!.path, cut], { batchSize: 4 })).rejects.toThrow(
      `${cut}: truncated at byte 6156 (expected 9219): 2 whole records`,
    );
    const bad = join(tmp.dir, 'bad.bin');
    const b = Uint8Array.from(files[2]!.bytes);
    b[3073 * 30] = 12;
    writeFileSync(bad, b);
    const stream = await openCifar10Stream([bad], { batchSize: 8 });
    await expect(drain(stream)).rejects.toThrow(`${bad}: label 12 outside 0..9 in record 30 (byte 92190)`);
    const gz = join(tmp.dir, 'gz.bin');
    writeFileSync(gz, gzip(files[0]!.bytes));
    await expect(openCifar10Stream([gz], { batchSize: 4 })).rejects.toThrow(`${gz}: is gzip-compressed`);
  });

});
