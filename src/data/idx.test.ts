import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gzip, idxBytes, tempDir, tinyImages } from '../../test/helpers/data-files.js';
import { DataFormatError } from '../errors.js';
import { readIdxDataset } from './datasets.js';
import { readDataFile } from './files.js';
import { idxDataset, parseIdx, parseIdxImages, parseIdxLabels } from './idx.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('parseIdx', () => {
  it('reads the dimensions big-endian and the elements as a view', () => {
    const bytes = idxBytes([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(Array.from(bytes.subarray(0, 12))).toEqual([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3]);
    const a = parseIdx(bytes, 'a.idx');
    expect(a.dims).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(a.data.buffer).toBe(bytes.buffer);
  });

  it('reads dimensions of 256 and more (all four header bytes count)', () => {
    const data = new Uint8Array(300);
    expect(parseIdx(idxBytes([300], data), 'x').dims).toEqual([300]);
    const big = new Uint8Array(12);
    big.set([0, 0, 8, 1, 0x01, 0x02, 0x03, 0x04]);
    expect(() => parseIdx(big, 'big')).toThrow(`big: truncated at byte 12 (expected ${8 + 0x01020304}`);
  });

  it('accepts zero items', () => {
    expect(parseIdxImages(idxBytes([0, 28, 28], []), 'empty').count).toBe(0);
  });

  it('names the file and the bad magic number', () => {
    const bytes = idxBytes([2], [0, 1]);
    bytes[0] = 0x12;
    expect(() => parseIdx(bytes, 'labels.idx')).toThrow(DataFormatError);
    expect(() => parseIdx(bytes, 'labels.idx')).toThrow(/^labels\.idx: bad magic number 0x12000801/);
  });

  it('refuses other element types by name', () => {
    const bytes = idxBytes([1], [0, 0, 0, 0]);
    bytes[2] = 0x0d;
    expect(() => parseIdx(bytes, 'f.idx')).toThrow('f.idx: IDX element type 0x0d (float32) is not supported');
    bytes[2] = 0x42;
    expect(() => parseIdx(bytes, 'f.idx')).toThrow('f.idx: bad magic number 0x00004201');
  });

  it('says where a truncated file ends and how long it should be', () => {
    const full = idxBytes([3, 2, 2], new Uint8Array(12));
    expect(() => parseIdx(full.subarray(0, 20), 'img')).toThrow('img: truncated at byte 20 (expected 28 bytes');
    expect(() => parseIdx(full.subarray(0, 10), 'img')).toThrow('img: truncated at byte 10 (expected at least 16 bytes of IDX header');
    expect(() => parseIdx(full.subarray(0, 2), 'img')).toThrow('img: truncated at byte 2 (expected at least 4');
  });

  it('refuses trailing bytes', () => {
    const bytes = new Uint8Array([...idxBytes([2], [1, 1]), 9]);
    expect(() => parseIdx(bytes, 'l')).toThrow('l: has 11 bytes but its header (dimensions [2]) describes 10: 1 trailing bytes after byte 10');
  });

  it('fails on a forged header claiming billions of items before allocating anything', () => {
    const forged = idxBytes([0xffffffff, 0xffffffff, 0xffffffff], new Uint8Array(8));
    expect(() => parseIdxImages(forged, 'forged')).toThrow(/^forged: truncated at byte 24 \(expected 7\.9\d*e\+28 bytes/);
  });

  it('counts a zero dimension as zero items even after the product overflowed to Infinity', () => {
    const dims = [...new Array<number>(200).fill(0xffffffff), 0];
    const bytes = idxBytes(dims, [1, 2]);
    expect(() => parseIdx(bytes, 'z')).toThrow(`z: has ${bytes.length} bytes but its header`);
    expect(parseIdx(bytes.subarray(0, bytes.length - 2), 'z').data.length).toBe(0);
    expect(() => parseIdx(idxBytes(new Array<number>(255).fill(0xffffffff), []), 'inf')).toThrow('inf: truncated at byte 1024 (expected Infinity bytes');
  });

  it('points at decompression when handed gzip bytes', () => {
    expect(() => parseIdx(gzip(idxBytes([1], [1])), 'x.gz')).toThrow('x.gz: is gzip-compressed');
  });
});

describe('parseIdxImages / parseIdxLabels', () => {
  it('tells an images file from a labels file', () => {
    const labels = idxBytes([2], [0, 1]);
    expect(() => parseIdxImages(labels, 'l')).toThrow('l: bad magic number 0x00000801: expected 0x00000803 for an IDX images file (3 dimensions) (this looks like a labels file)');
    const images = idxBytes([1, 1, 1], [0]);
    expect(() => parseIdxLabels(images, 'i')).toThrow('(this looks like an images file)');
  });

  it('checks labels against the class count, naming item and byte', () => {
    const bytes = idxBytes([6], [0, 1, 2, 3, 4, 12]);
    expect(Array.from(parseIdxLabels(bytes, 'l'))).toEqual([0, 1, 2, 3, 4, 12]);
    expect(() => parseIdxLabels(bytes, 'labels-file', 10)).toThrow('labels-file: label 12 outside 0..9 at item 5 (byte 13)');
  });
});

describe('idxDataset', () => {
  it('builds a byte Dataset with image shape and class names', () => {
    const { pixels, labels } = tinyImages(5, 2, 3, 1, 3);
    const ds = idxDataset(idxBytes([5, 2, 3], pixels), idxBytes([5], labels), { name: 'tiny', classNames: ['a', 'b', 'c'] });
    expect(ds.X.rows).toBe(5);
    expect(ds.X.cols).toBe(6);
    expect(ds.X.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(ds.X.data)).toEqual(Array.from(pixels));
    expect(Array.from(ds.labels)).toEqual([0, 1, 2, 0, 1]);
    expect(ds.imageShape).toEqual({ height: 2, width: 3, channels: 1, layout: 'hwc' });
    expect(ds.classNames).toEqual(['a', 'b', 'c']);
  });

  it('defaults class names to "0".."max label"', () => {
    const ds = idxDataset(idxBytes([2, 1, 1], [0, 0]), idxBytes([2], [0, 3]), { name: 'd' });
    expect(ds.classNames).toEqual(['0', '1', '2', '3']);
  });

  it('reports a dimension mismatch between the two files, naming both', () => {
    expect(() =>
      idxDataset(idxBytes([3, 1, 1], [0, 0, 0]), idxBytes([2], [0, 1]), { name: 'd', imagesFile: 'imgs', labelsFile: 'labs' }),
    ).toThrow('imgs: dimension mismatch: it holds 3 images but labs holds 2 labels');
  });
});

describe('reading IDX files (raw and gzip)', () => {
  const { pixels, labels } = tinyImages(7, 4, 3, 5);
  const img = idxBytes([7, 4, 3], pixels);
  const lab = idxBytes([7], labels);

  it('reads raw and gzip files back exactly, detecting gzip by content not by name', () => {
    const paths = {
      rawImg: join(tmp.dir, 'img-idx3-ubyte'),
      rawLab: join(tmp.dir, 'lab-idx1-ubyte'),
      gzImg: join(tmp.dir, 'img-idx3-ubyte.gz'),
      // gzip content under a name without .gz, and raw content under a .gz name
      gzLab: join(tmp.dir, 'lab-no-suffix'),
      rawNamedGz: join(tmp.dir, 'raw.gz'),
    };
    writeFileSync(paths.rawImg, img);
    writeFileSync(paths.rawLab, lab);
    writeFileSync(paths.gzImg, gzip(img));
    writeFileSync(paths.gzLab, gzip(lab));
    writeFileSync(paths.rawNamedGz, lab);
    const a = readIdxDataset(paths.rawImg, paths.rawLab, { name: 'a' });
    const b = readIdxDataset(paths.gzImg, paths.gzLab, { name: 'b' });
    for (const ds of [a, b]) {
      expect(Array.from(ds.X.data)).toEqual(Array.from(pixels));
      expect(Array.from(ds.labels)).toEqual(Array.from(labels));
      expect(ds.imageShape).toEqual({ height: 4, width: 3, channels: 1, layout: 'hwc' });
    }
    expect(Array.from(readDataFile(paths.rawNamedGz))).toEqual(Array.from(lab));
  });

  it('names a missing file', () => {
    const missing = join(tmp.dir, 'nope');
    expect(() => readDataFile(missing)).toThrow(`${missing}: file not found`);
    expect(() => readDataFile(tmp.dir)).toThrow(`${tmp.dir}: is a directory`);
  });

  it('names a damaged gzip stream', () => {
    const z = gzip(img);
    const path = join(tmp.dir, 'cut.gz');
    writeFileSync(path, z.subarray(0, z.length - 6));
    expect(() => readDataFile(path)).toThrow(DataFormatError);
    expect(() => readDataFile(path)).toThrow(`${path}: is gzip-compressed but the stream is damaged or truncated`);
  });

  it('refuses gzip output above the size limit', () => {
    const path = join(tmp.dir, 'big.gz');
    writeFileSync(path, gzip(new Uint8Array(10_000)));
    expect(() => readDataFile(path, { maxBytes: 1000 })).toThrow(`${path}: decompresses to more than 1000 bytes`);
  });
});
