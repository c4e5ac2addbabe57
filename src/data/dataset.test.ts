import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from '../errors.js';
import { classCounts, createDataset, limitDataset, sliceDataset, takeRows, toFloat32 } from './dataset.js';

function tiny() {
  // 4 images of 1×2 pixels; row i holds [10i, 10i+1]
  return createDataset({
    name: 'tiny',
    X: { data: new Uint8Array([0, 1, 10, 11, 20, 21, 30, 31]), rows: 4, cols: 2 },
    labels: new Int32Array([1, 0, 1, 1]),
    classNames: ['a', 'b'],
    imageShape: { height: 1, width: 2, channels: 1, layout: 'hwc' },
  });
}

describe('createDataset', () => {
  it('checks labels against X and the class names', () => {
    const X = { data: new Float32Array(4), rows: 2, cols: 2 };
    expect(() => createDataset({ name: 'd', X, labels: new Int32Array(3), classNames: ['a'] })).toThrow(ShapeError);
    expect(() => createDataset({ name: 'd', X, labels: new Int32Array([0, 2]), classNames: ['a', 'b'] })).toThrow(
      'd.labels: label 2 at index 1 is outside 0..1 (2 class names)',
    );
    expect(() =>
      createDataset({ name: 'd', X, labels: new Int32Array(2), classNames: ['a'], imageShape: { height: 3, width: 1, channels: 1, layout: 'hwc' } }),
    ).toThrow('d.imageShape: 3×1×1 = 3 values per image, but X has 2 columns');
    expect(createDataset({ name: 'd', X, labels: new Int32Array(2), classNames: ['a'] }).imageShape).toBeNull();
  });
});

describe('limitDataset / sliceDataset', () => {
  it('keeps the first n in official order as a view', () => {
    const ds = tiny();
    const first = limitDataset(ds, 3);
    expect(first.X.rows).toBe(3);
    expect(Array.from(first.X.data)).toEqual([0, 1, 10, 11, 20, 21]);
    expect(Array.from(first.labels)).toEqual([1, 0, 1]);
    expect(first.X.data.buffer).toBe(ds.X.data.buffer);
    expect(first.imageShape).toBe(ds.imageShape);
    expect(limitDataset(ds, 10)).toBe(ds);
    expect(limitDataset(ds, 0).X.rows).toBe(0);
    expect(() => limitDataset(ds, -1)).toThrow(ArgumentError);
    expect(() => limitDataset(ds, 1.5)).toThrow('n: must be a whole number ≥ 0, got 1.5');
  });

  it('slices rows start..end−1, clamped', () => {
    const ds = tiny();
    const mid = sliceDataset(ds, 1, 3);
    expect(Array.from(mid.X.data)).toEqual([10, 11, 20, 21]);
    expect(Array.from(mid.labels)).toEqual([0, 1]);
    expect(mid.name).toBe('tiny[1:3]');
    expect(sliceDataset(ds, 3).X.rows).toBe(1);
    expect(sliceDataset(ds, 5, 9).X.rows).toBe(0);
    expect(sliceDataset(ds, 3, 1).X.rows).toBe(0);
  });
});

describe('takeRows', () => {
  it('copies the listed rows in the order listed', () => {
    const ds = tiny();
    const sub = takeRows(ds, new Int32Array([3, 0, 3]));
    expect(Array.from(sub.X.data)).toEqual([30, 31, 0, 1, 30, 31]);
    expect(Array.from(sub.labels)).toEqual([1, 1, 1]);
    expect(sub.X.data).toBeInstanceOf(Uint8Array);
    expect(sub.X.data.buffer).not.toBe(ds.X.data.buffer);
    expect(takeRows(ds, []).X.rows).toBe(0);
    expect(() => takeRows(ds, [4])).toThrow('indices: index 4 at position 0 is outside 0..3');
  });
});

describe('classCounts', () => {
  it('counts each class, zero for absent ones', () => {
    expect(Array.from(classCounts(tiny()))).toEqual([1, 3]);
    expect(Array.from(classCounts({ labels: new Int32Array([2, 2]), classNames: ['a', 'b', 'c'] }))).toEqual([0, 0, 2]);
  });
});

describe('toFloat32', () => {
  it('converts bytes with a scale, exactly as float32(x·scale)', () => {
    const m = toFloat32({ data: new Uint8Array([0, 51, 255, 128]), rows: 2, cols: 2 }, 1 / 255);
    expect(m.data).toBeInstanceOf(Float32Array);
    expect(Array.from(m.data)).toEqual([0, Math.fround(0.2), 1, Math.fround(128 / 255)]);
    expect([m.rows, m.cols]).toEqual([2, 2]);
  });

  it('copies floats, scaled or not', () => {
    const src = { data: new Float32Array([1.5, -2]), rows: 1, cols: 2 };
    const same = toFloat32(src);
    expect(Array.from(same.data)).toEqual([1.5, -2]);
    expect(same.data).not.toBe(src.data);
    expect(Array.from(toFloat32(src, 2).data)).toEqual([3, -4]);
  });
});
