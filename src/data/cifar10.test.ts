import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cifarBytes, gzip, tempDir } from '../../test/helpers/data-files.js';
import { DataFormatError } from '../errors.js';
import { CIFAR10_CLASS_NAMES, parseCifar10Batch, parseCifar10Meta } from './cifar10.js';
import { cifar10, cifar10Files } from './datasets.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Pixel p of global record g: distinct enough to catch any misplaced byte. */
const pix = (g: number) => (r: number, p: number) => (g + r) * 31 + p * 7 + (p >> 10);
const text = (s: string) => new TextEncoder().encode(s);

describe('parseCifar10Batch', () => {
  it('splits records into labels and R, G, B planes', () => {
    const bytes = cifarBytes([3, 9], pix(0));
    const b = parseCifar10Batch(bytes, 'b.bin');
    expect(b.count).toBe(2);
    expect(Array.from(b.labels)).toEqual([3, 9]);
    expect(b.pixels.length).toBe(2 * 3072);
    // record 1, green plane (offset 1024) pixel (0, 5) is byte 1 + 1024 + 5 of the record
    expect(b.pixels[3072 + 1024 + 5]).toBe(bytes[3073 + 1 + 1024 + 5]);
    expect(Array.from(b.pixels.subarray(0, 3072))).toEqual(Array.from(bytes.subarray(1, 3073)));
  });

  it('names a partial record with the byte where the file ends', () => {
    const bytes = cifarBytes([1, 2], pix(0)).subarray(0, 3073 + 100);
    expect(() => parseCifar10Batch(bytes, 'cut.bin')).toThrow(
      'cut.bin: truncated at byte 3173 (expected 6146): 1 whole records of 3073 bytes and 100 bytes of a partial record',
    );
  });

  it('names a label outside 0..9 with its record and byte', () => {
    const bytes = cifarBytes([1, 2, 12], pix(0));
    expect(() => parseCifar10Batch(bytes, 'x.bin')).toThrow('x.bin: label 12 outside 0..9 in record 2 (byte 6146)');
  });

  it('refuses an empty file, gzip, tar and the pickle version with the fix', () => {
    expect(() => parseCifar10Batch(new Uint8Array(0), 'e.bin')).toThrow('e.bin: is empty; a CIFAR-10 batch holds records of 3073 bytes');
    expect(() => parseCifar10Batch(gzip(cifarBytes([1], pix(0))), 'z')).toThrow('z: is gzip-compressed');
    const tar = new Uint8Array(3073 * 2);
    tar.set(text('ustar'), 257);
    expect(() => parseCifar10Batch(tar, 't')).toThrow('t: is a tar archive; extract it');
    const pickle = new Uint8Array(3073);
    pickle.set([0x80, 0x02]);
    expect(() => parseCifar10Batch(pickle, 'data_batch_1')).toThrow('data_batch_1: looks like the Python (pickle) version of CIFAR-10');
  });
});

describe('parseCifar10Meta', () => {
  it('reads ten names, ignoring blank lines and spaces', () => {
    expect(parseCifar10Meta(text(`${CIFAR10_CLASS_NAMES.join('\n')}\n\n`), 'm')).toEqual(CIFAR10_CLASS_NAMES);
    expect(parseCifar10Meta(text(`  a \r\nb\nc\nd\ne\nf\ng\nh\ni\nj`), 'm')[0]).toBe('a');
    expect(() => parseCifar10Meta(text('a\nb\n'), 'meta.txt')).toThrow('meta.txt: lists 2 class names, expected 10');
  });
});

describe('cifar10(dir)', () => {
  // Batches of 3, 2, 1, 2, 1 records (users keep subsets), test 2 records.
  const counts = [3, 2, 1, 2, 1];
  const dir = join(tmp.dir, 'cifar-10-batches-bin');
  mkdirSync(dir);
  const labelsOf: number[][] = [];
  let g = 0;
  const starts: number[] = [];
  counts.forEach((n, b) => {
    const labels = Array.from({ length: n }, (_, r) => (b * 3 + r) % 10);
    labelsOf.push(labels);
    starts.push(g);
    const bytes = cifarBytes(labels, pix(g));
    // batch 4 is gzip-compressed on disk (under its usual name): detected by content
    writeFileSync(join(dir, `data_batch_${b + 1}.bin`), b === 3 ? gzip(bytes) : bytes);
    g += n;
  });
  writeFileSync(join(dir, 'test_batch.bin'), cifarBytes([7, 0], pix(100)));

  it('reads training batches 1..5 in file order and the test batch exactly', () => {
    const { train, test } = cifar10(dir);
    expect(train.X.rows).toBe(9);
    expect(Array.from(train.labels)).toEqual(labelsOf.flat());
    for (let b = 0; b < 5; b++) {
      for (let r = 0; r < counts[b]!; r++) {
        const row = train.X.data.subarray((starts[b]! + r) * 3072, (starts[b]! + r + 1) * 3072);
        const want = cifarBytes([0], (_rr, p) => pix(starts[b]!)(r, p)).subarray(1);
        expect(Array.from(row)).toEqual(Array.from(want));
      }
    }
    expect(Array.from(test.labels)).toEqual([7, 0]);
    expect(train.imageShape).toEqual({ height: 32, width: 32, channels: 3, layout: 'chw' });
    expect(train.classNames).toEqual(CIFAR10_CLASS_NAMES);
    expect([train.name, test.name]).toEqual(['cifar10/train', 'cifar10/test']);
  });

  it('finds cifar-10-batches-bin/ inside the named directory and reads batches.meta.txt', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    writeFileSync(join(dir, 'batches.meta.txt'), `${names.join('\n')}\n\n`);
    try {
      expect(cifar10(tmp.dir).train.classNames).toEqual(names);
      expect(cifar10Files(tmp.dir).test).toBe(join(dir, 'test_batch.bin'));
    } finally {
      writeFileSync(join(dir, 'batches.meta.txt'), `${CIFAR10_CLASS_NAMES.join('\n')}\n`);
    }
  });

  it('reads only the training batches asked for', () => {
    const { train } = cifar10(dir, { trainBatches: [2, 1] });
    expect(Array.from(train.labels)).toEqual([...labelsOf[1]!, ...labelsOf[0]!]);
    expect(() => cifar10(dir, { trainBatches: [6] })).toThrow('trainBatches: batch numbers are 1..5, got 6');
  });

  it('names missing files and says how to get them', () => {
    const other = join(tmp.dir, 'partial');
    mkdirSync(other);
    writeFileSync(join(other, 'data_batch_1.bin'), cifarBytes([1], pix(0)));
    expect(() => cifar10(other)).toThrow(DataFormatError);
    expect(() => cifar10(other)).toThrow(`${join(other, 'data_batch_2.bin')}: file not found (nor`);
    expect(() => cifar10(other)).toThrow('cifar-10-binary.tar.gz');
    expect(() => cifar10(join(tmp.dir, 'nowhere'))).toThrow('nowhere: directory not found. Download the binary version');
  });

  it('reports a damaged batch by name', () => {
    const bad = join(tmp.dir, 'bad');
    mkdirSync(bad);
    for (let b = 1; b <= 5; b++) writeFileSync(join(bad, `data_batch_${b}.bin`), cifarBytes([1], pix(0)));
    writeFileSync(join(bad, 'data_batch_3.bin'), cifarBytes([1, 2], pix(0)).subarray(0, 5000));
    writeFileSync(join(bad, 'test_batch.bin'), cifarBytes([1], pix(0)));
    expect(() => cifar10(bad)).toThrow(`${join(bad, 'data_batch_3.bin')}: truncated at byte 5000 (expected 6146)`);
  });
});
