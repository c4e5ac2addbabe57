import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IoError, ModelFormatError } from '../errors.js';
import { fromRows, type ByteMatrix } from '../tensor/matrix.js';
import { KNearestNeighbors } from './knn.js';
import { encodeModelFile, type JsonValue, type ModelTensor } from './model-file.js';
import { decodeSafetensors } from './safetensors.js';

const dir = mkdtempSync(join(tmpdir(), 'linclass-knn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const X: ByteMatrix = { data: Uint8Array.from([0, 0, 10, 10, 0, 9, 250, 3]), rows: 4, cols: 2 };
const y = Int32Array.from([0, 1, 1, 2]);
const Q: ByteMatrix = { data: Uint8Array.from([1, 1, 9, 9, 200, 0]), rows: 3, cols: 2 };

describe('kNN model files', () => {
  it('round-trips through a file: same options, same training bytes, same answers', async () => {
    const model = new KNearestNeighbors({ k: 2, metric: 'l1', weights: 'distance' }).fit(X, y, { classNames: ['a', 'b', 'c'] });
    const path = join(dir, 'knn.safetensors');
    await model.save(path);
    const loaded = await KNearestNeighbors.load(path, { kernels: 'ref', memoryBudgetBytes: 4096 });
    expect(loaded.config).toEqual({ ...model.config, memoryBudgetBytes: 4096 });
    expect(loaded.kernelInfo.name).toBe('ref');
    expect(loaded.fitted.classNames).toEqual(['a', 'b', 'c']);
    expect(loaded.fitted.X.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(loaded.fitted.X.data)).toEqual(Array.from(X.data));
    expect(loaded.kneighbors(Q)).toEqual(model.kneighbors(Q));
    expect(loaded.predict(Q)).toEqual(model.predict(Q));
  });

  it('keeps bytes as U8 and floats as F32/F64, in the shared frame with JSON metadata', () => {
    const file = decodeSafetensors(new KNearestNeighbors({ k: 1 }).fit(X, y).toBytes(), 'mem');
    expect(file.tensors['X']).toMatchObject({ dtype: 'U8', shape: [4, 2] });
    expect(file.tensors['labels']).toMatchObject({ dtype: 'I32', shape: [4] });
    expect(file.metadata).toEqual({
      format: 'linclass',
      format_version: '1',
      kind: 'knn',
      k: '1',
      metric: '"l2"',
      weights: '"uniform"',
      class_names: '["0","1","2"]',
    });
    const f64 = new KNearestNeighbors({ k: 1, metric: 'cosine' }).fit(fromRows([[1, 2], [3, 4]], 'float64'), [0, 1]);
    expect(decodeSafetensors(f64.toBytes(), 'mem').tensors['X']!.dtype).toBe('F64');
    const back = KNearestNeighbors.fromBytes(f64.toBytes());
    expect(back.fitted.X.data).toBeInstanceOf(Float64Array);
    expect(back.config.metric).toBe('cosine');
    expect(back.kernelInfo.name).toBe('ref');
    const f32 = new KNearestNeighbors({ k: 1 }).fit(fromRows([[1.5, 2]]), [0]);
    expect(decodeSafetensors(f32.toBytes(), 'mem').tensors['X']!.dtype).toBe('F32');
  });

  it('refuses files that are not kNN models or do not hold together, naming the file', () => {
    const tensors: Record<string, ModelTensor> = { X: { shape: [4, 2], data: X.data }, labels: { shape: [4], data: y } };
    const good: Record<string, JsonValue> = { k: 2, metric: 'l2', weights: 'uniform', class_names: ['a', 'b', 'c'] };
    const bytes = (metadata: Record<string, JsonValue>, t = tensors): Uint8Array =>
      encodeModelFile({ kind: 'knn', tensors: t, metadata: { ...good, ...metadata } });
    const load = (b: Uint8Array) => () => KNearestNeighbors.fromBytes(b, { file: 'm.safetensors' });
    const linear = encodeModelFile({ kind: 'linear', tensors, metadata: {} });
    expect(load(linear)).toThrow(ModelFormatError);
    expect(load(linear)).toThrow("m.safetensors: holds a 'linear' model, not a 'knn' model");
    expect(load(bytes({ k: 'two' }))).toThrow('m.safetensors: metadata k="two" is not a whole number ≥ 1');
    expect(load(bytes({ k: 2.5 }))).toThrow('metadata k=2.5 is not a whole number ≥ 1');
    expect(load(bytes({ metric: 'l3' }))).toThrow('metadata metric="l3"; expected one of l2, l1, cosine');
    expect(load(bytes({ weights: 'x' }))).toThrow('metadata weights="x"; expected one of uniform, distance');
    expect(load(bytes({ class_names: 'abc' }))).toThrow('metadata class_names must be a non-empty array of strings');
    expect(load(bytes({ k: 5 }))).toThrow('holds an invalid kNN model: k: is 5 but the training set has only 4 examples');
    expect(load(bytes({ class_names: ['a', 'b'] }))).toThrow('holds an invalid kNN model: labels: label 2 at index 3 is outside 0..1');
    expect(load(bytes({}, { X: tensors['X']!, labels: { shape: [3], data: y.subarray(0, 3) } }))).toThrow(
      "tensor 'labels' is I32 [3]; expected [4] of I32 (one per row of X)",
    );
    expect(load(bytes({}, { X: { shape: [8], data: X.data }, labels: tensors['labels']! }))).toThrow(
      "tensor 'X' is U8 [8]; expected [N, D] of U8, F32 or F64",
    );
    expect(load(bytes({}, { labels: tensors['labels']! }))).toThrow("has no tensor 'X'");
    const noK = encodeModelFile({ kind: 'knn', tensors, metadata: { metric: 'l2', weights: 'uniform', class_names: ['a'] } });
    expect(load(noK)).toThrow("metadata 'k' is missing");
  });

  it('says which file is missing or unreadable', async () => {
    const missing = join(dir, 'nope.safetensors');
    await expect(KNearestNeighbors.load(missing, { kernels: 'ref' })).rejects.toThrow(IoError);
    await expect(KNearestNeighbors.load(missing, { kernels: 'ref' })).rejects.toThrow(`${missing}: could not read the model file: no such file`);
    const truncated = join(dir, 'short.safetensors');
    writeFileSync(truncated, readFileSync(join(dir, 'knn.safetensors')).subarray(0, 20));
    await expect(KNearestNeighbors.load(truncated, { kernels: 'ref' })).rejects.toThrow(ModelFormatError);
  });
});
