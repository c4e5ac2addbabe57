import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IoError, ModelFormatError } from '../errors.js';
import { fromRows, type ByteMatrix } from '../tensor/matrix.js';
import { KNearestNeighbors } from './knn.js';
import { loadKnn, saveKnn } from './knn-file.js';
import { knnFromSafetensors, knnToSafetensors } from './knn-format.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

const dir = mkdtempSync(join(tmpdir(), 'linclass-knn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const X: ByteMatrix = { data: Uint8Array.from([0, 0, 10, 10, 0, 9, 250, 3]), rows: 4, cols: 2 };
const y = Int32Array.from([0, 1, 1, 2]);
const Q: ByteMatrix = { data: Uint8Array.from([1, 1, 9, 9, 200, 0]), rows: 3, cols: 2 };

describe('kNN model files', () => {
  it('round-trips through a file: same options, same training bytes, same answers', () => {
    const model = new KNearestNeighbors({ k: 2, metric: 'l1', weights: 'distance' }).fit(X, y, { classNames: ['a', 'b', 'c'] });
    const path = join(dir, 'knn.safetensors');
    saveKnn(model, path);
    const loaded = loadKnn(path);
    expect(loaded.config).toEqual(model.config);
    expect(loaded.fitted.classNames).toEqual(['a', 'b', 'c']);
    expect(loaded.fitted.X.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(loaded.fitted.X.data)).toEqual(Array.from(X.data));
    expect(loaded.kneighbors(Q)).toEqual(model.kneighbors(Q));
    expect(loaded.predict(Q)).toEqual(model.predict(Q));
  });

  it('keeps bytes as U8 and floats as F32/F64 in the file, with the metadata Python sees', () => {
    const file = decodeSafetensors(knnToSafetensors(new KNearestNeighbors({ k: 1 }).fit(X, y)), 'mem');
    expect(file.tensors['X']).toMatchObject({ dtype: 'U8', shape: [4, 2] });
    expect(file.tensors['labels']).toMatchObject({ dtype: 'I32', shape: [4] });
    expect(file.metadata).toEqual({
      format: 'linclass',
      format_version: '1',
      model: 'knn',
      k: '1',
      metric: 'l2',
      weights: 'uniform',
      class_names: '["0","1","2"]',
    });
    const f64 = new KNearestNeighbors({ k: 1, metric: 'cosine' }).fit(fromRows([[1, 2], [3, 4]], 'float64'), [0, 1]);
    const round = knnFromSafetensors(knnToSafetensors(f64), 'mem');
    expect(decodeSafetensors(knnToSafetensors(f64), 'mem').tensors['X']!.dtype).toBe('F64');
    expect(round.fitted.X.data).toBeInstanceOf(Float64Array);
    const f32 = new KNearestNeighbors({ k: 1 }).fit(fromRows([[1.5, 2]]), [0]);
    expect(decodeSafetensors(knnToSafetensors(f32), 'mem').tensors['X']!.dtype).toBe('F32');
  });

  it('refuses files that are not kNN models or do not hold together, naming the file', () => {
    const good = decodeSafetensors(knnToSafetensors(new KNearestNeighbors({ k: 2 }).fit(X, y)), 'mem');
    const tensors = { X: { shape: [4, 2], data: X.data }, labels: { shape: [4], data: y } };
    const bad = (metadata: Record<string, string>, t: Parameters<typeof encodeSafetensors>[0] = tensors): Uint8Array =>
      encodeSafetensors(t, { ...good.metadata, ...metadata });
    const load = (bytes: Uint8Array) => () => knnFromSafetensors(bytes, 'm.safetensors');
    expect(load(bad({ model: 'linear' }))).toThrow(ModelFormatError);
    expect(load(bad({ model: 'linear' }))).toThrow('m.safetensors: is not a linclass kNN model (metadata format="linclass", model="linear")');
    expect(load(bad({ format_version: '9' }))).toThrow('has format_version "9"; this version of linclass reads 1');
    expect(load(bad({ k: 'two' }))).toThrow('metadata k="two" is not a whole number ≥ 1');
    expect(load(bad({ metric: 'l3' }))).toThrow('metadata metric="l3"; expected one of l2, l1, cosine');
    expect(load(bad({ weights: 'x' }))).toThrow('metadata weights="x"; expected one of uniform, distance');
    expect(load(bad({ class_names: '{}' }))).toThrow('metadata class_names must be a non-empty JSON array of strings');
    expect(load(bad({ k: '5' }))).toThrow('holds an invalid model: k: is 5 but the training set has only 4 examples');
    expect(load(bad({ class_names: '["a","b"]' }))).toThrow('holds an invalid model: labels: label 2 at index 3 is outside 0..1');
    expect(load(bad({}, { X: tensors.X, labels: { shape: [3], data: y.subarray(0, 3) } }))).toThrow(
      "tensor 'labels' is I32 [3]; expected [4] of I32 (one per row of X)",
    );
    expect(load(bad({}, { X: { shape: [8], data: X.data }, labels: tensors.labels }))).toThrow(
      "tensor 'X' is U8 [8]; expected [N, D] of U8, F32 or F64",
    );
    expect(load(bad({}, { labels: tensors.labels }))).toThrow("has no tensor 'X'");
  });

  it('says which file is missing or unreadable', () => {
    const missing = join(dir, 'nope.safetensors');
    expect(() => loadKnn(missing)).toThrow(IoError);
    expect(() => loadKnn(missing)).toThrow(`${missing}: no such file`);
    const truncated = join(dir, 'short.safetensors');
    writeFileSync(truncated, readFileSync(join(dir, 'knn.safetensors')).subarray(0, 20));
    expect(() => loadKnn(truncated)).toThrow(ModelFormatError);
  });
});
