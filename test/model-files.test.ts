// Model files end to end: LinearClassifier ↔ safetensors bytes ↔ disk, a file written by hand from the
// format's specification, forged headers, and a process killed in the middle of a save.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fitPreprocessor } from '../src/data/preprocess.js';
import { IoError, ModelFormatError } from '../src/errors.js';
import { LinearClassifier } from '../src/models/linear-classifier.js';
import { decodeModelFile, encodeModelFile } from '../src/models/model-file.js';
import { loadModelFile } from '../src/models/serialize.js';
import type { ByteMatrix } from '../src/tensor/matrix.js';
import { Rng } from '../src/tensor/rng.js';

const quiet = { yieldEveryMs: 1000 };

/** 200 random 4×4 "images" (bytes) in 3 classes, told apart by which quarter is bright. */
function tinyImages(n = 200, seed = 1): { X: ByteMatrix; labels: Int32Array; classNames: string[]; imageShape: { height: number; width: number; channels: number; layout: 'hwc' } } {
  const rng = new Rng(seed);
  const X = new Uint8Array(n * 16);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = rng.int(3);
    labels[i] = c;
    for (let p = 0; p < 16; p++) X[i * 16 + p] = Math.min(255, rng.int(60) + (p % 4 === c ? 180 : 0));
  }
  return { X: { data: X, rows: n, cols: 16 }, labels, classNames: ['left', 'middle', 'right'], imageShape: { height: 4, width: 4, channels: 1, layout: 'hwc' } };
}

async function trained(config: ConstructorParameters<typeof LinearClassifier>[0] = {}): Promise<LinearClassifier> {
  const data = tinyImages();
  // The reference kernels, pinned: 'auto' now picks the WASM kernels, whose float32 sums differ from the
  // reference's in the last bits, and these round trips compare scores bit for bit.
  const clf = new LinearClassifier({ epochs: 3, batchSize: 20, kernels: 'ref', ...config });
  await clf.fit(data, { ...quiet, preprocessor: fitPreprocessor(data.X, { standardize: true }) });
  return clf;
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'linclass-model-'));
}

describe('save → load → predict', () => {
  it('gives identical scores, classes and preprocessing, from bytes and from disk', async () => {
    const clf = await trained({ loss: 'cs', margin: 2, reg: 'elastic', lambda: 1e-3, beta: 0.5 });
    const test = tinyImages(50, 9);
    const path = join(tmp(), 'model.safetensors');
    await clf.save(path);
    const fromDisk = await LinearClassifier.load(path, { kernels: 'ref' });
    const fromBytes = LinearClassifier.fromBytes(clf.toBytes());
    for (const back of [fromDisk, fromBytes]) {
      expect(back.decisionFunction(test.X).data).toEqual(clf.decisionFunction(test.X).data);
      expect(back.state.classNames).toEqual(['left', 'middle', 'right']);
      expect(back.state.imageShape).toEqual(test.imageShape);
      expect(back.state.config.loss).toEqual({ name: 'cs', margin: 2 });
      expect(back.state.config.regularizer).toEqual({ name: 'elastic', lambda: 1e-3, beta: 0.5 });
      expect(back.state.preprocessor!.spec).toEqual(clf.state.preprocessor!.spec);
      expect(back.state.summary).toEqual(clf.state.summary);
    }
    expect(fromDisk.kernelInfo?.name).toBe('ref');
    expect(readdirSync(join(path, '..'))).toEqual(['model.safetensors']);
  });

  it('stores what a Python reader needs as plain metadata', async () => {
    const clf = await trained();
    const file = decodeModelFile(clf.toBytes());
    expect(file.kind).toBe('linear');
    expect(Object.keys(file.tensors).sort()).toEqual(['W', 'b', 'preprocess.mean', 'preprocess.std']);
    expect(file.tensors['W']!.shape).toEqual([3, 16]);
    expect(file.metadata['loss']).toEqual({ name: 'softmax', smoothing: 0 });
    expect(file.metadata['class_names']).toEqual(['left', 'middle', 'right']);
    expect(file.metadata['input_dim']).toBe(16);
    expect(file.metadata['training']).toMatchObject({ reason: 'completed', epochs: 3, kernels: { name: 'ref' } });
  });

  it('loading a missing file is an IoError; a model of another kind is refused', async () => {
    await expect(LinearClassifier.load('/nonexistent/model.safetensors')).rejects.toThrow(IoError);
    const knn = encodeModelFile({ kind: 'knn', tensors: { k: { shape: [1], data: Int32Array.of(3) } }, metadata: {} });
    expect(() => LinearClassifier.fromBytes(knn, { file: 'knn.safetensors' })).toThrow("knn.safetensors: holds a 'knn' model, not a 'linear' model");
  });
});

/** Builds a safetensors file byte by byte as the specification describes it, without any linclass encoder. */
function handWritten(header: object, tensorBytes: number[]): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + tensorBytes.length);
  const dv = new DataView(out.buffer);
  // 8 bytes: the header length N as an unsigned 64-bit little-endian integer.
  dv.setUint32(0, json.length, true);
  dv.setUint32(4, 0, true);
  out.set(json, 8);
  out.set(tensorBytes, 8 + json.length);
  return out;
}

function f32le(values: number[]): number[] {
  const b = new Uint8Array(values.length * 4);
  const dv = new DataView(b.buffer);
  values.forEach((v, i) => dv.setFloat32(4 * i, v, true));
  return Array.from(b);
}

const METADATA = {
  format: 'linclass',
  format_version: '1',
  kind: 'linear',
  // Keys in another order than linclass writes them, as another writer might.
  loss: '{"smoothing":0,"name":"softmax"}',
  regularizer: '{"lambda":0.0001,"name":"l2"}',
  regularize_bias: 'false',
  class_names: '["no","yes"]',
  image_shape: 'null',
  input_dim: '3',
  preprocess: 'null',
  config: '{"loss":"softmax"}',
  training: 'null',
};

describe('a file written by hand from the specification', () => {
  it('loads, and scores as W·x + b', () => {
    // W = [[1, 2, 3], [−1, 0, 0.5]] (row-major, 24 bytes), b = [0.5, −0.5] (8 bytes).
    const bytes = handWritten(
      {
        __metadata__: METADATA,
        W: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] },
        b: { dtype: 'F32', shape: [2], data_offsets: [24, 32] },
      },
      [...f32le([1, 2, 3, -1, 0, 0.5]), ...f32le([0.5, -0.5])],
    );
    const clf = LinearClassifier.fromBytes(bytes, { file: 'hand.safetensors' });
    const X = { data: Float32Array.of(1, 1, 1, 2, 0, -2), rows: 2, cols: 3 };
    // x = [1, 1, 1]: s = [6.5, −1]; x = [2, 0, −2]: s = [−3.5, −3.5].
    expect(Array.from(clf.decisionFunction(X).data)).toEqual([6.5, -1, -3.5, -3.5]);
    expect(Array.from(clf.predict(X))).toEqual([0, 0]);
    expect(clf.predictProba(X).data[0]).toBeCloseTo(1 / (1 + Math.exp(-7.5)), 6);
  });
});

describe('forged and inconsistent files are refused with ModelFormatError', () => {
  const W = { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] };
  const b = { dtype: 'F32', shape: [2], data_offsets: [24, 32] };
  const data = [...f32le([1, 2, 3, -1, 0, 0.5]), ...f32le([0.5, -0.5])];
  const load = (bytes: Uint8Array): LinearClassifier => LinearClassifier.fromBytes(bytes, { file: 'forged.safetensors' });

  it('a dtype the format does not know', () => {
    expect(() => load(handWritten({ __metadata__: METADATA, W: { ...W, dtype: 'F16' }, b }, data))).toThrow(
      'forged.safetensors: tensor \'W\' has dtype "F16"; supported: F32, F64, U8, I32',
    );
  });

  it('a known dtype that is not the model’s', () => {
    expect(() => load(handWritten({ __metadata__: METADATA, W: { ...W, dtype: 'I32' }, b }, data))).toThrow(
      /tensor 'W' must be F32 with shape \[2, D\]/,
    );
  });

  it('a span past the end of the file', () => {
    expect(() => load(handWritten({ __metadata__: METADATA, W, b: { ...b, data_offsets: [24, 4000] } }, data))).toThrow(ModelFormatError);
    expect(() => load(handWritten({ __metadata__: METADATA, W, b: { ...b, data_offsets: [24, 4000] } }, data))).toThrow(/past the end of the data/);
  });

  it('overlapping spans', () => {
    expect(() => load(handWritten({ __metadata__: METADATA, W, b: { ...b, data_offsets: [16, 24] } }, data))).toThrow(/overlaps another tensor/);
  });

  it('a header size of 2^40', () => {
    const bytes = handWritten({ __metadata__: METADATA, W, b }, data);
    new DataView(bytes.buffer).setBigUint64(0, 2n ** 40n, true);
    expect(() => load(bytes)).toThrow(/header length 1099511627776 is larger than the \d+-byte limit/);
  });

  it('a shape that does not match the span, and a truncated file', () => {
    expect(() => load(handWritten({ __metadata__: METADATA, W: { ...W, shape: [2, 2] }, b }, data))).toThrow(/but its span is 24 bytes/);
    const ok = handWritten({ __metadata__: METADATA, W, b }, data);
    expect(() => load(ok.subarray(0, ok.length - 4))).toThrow(ModelFormatError);
  });

  it('metadata that contradicts the tensors or itself', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ class_names: '["a","b","c"]' }, /tensor 'W' must be F32 with shape \[3, D\]/],
      [{ class_names: '["only"]' }, /'class_names' must be a list of at least 2 strings/],
      [{ loss: '{"name":"ww","margin":1}' }, /metadata 'loss' .* does not match the configuration/],
      [{ config: '{"loss":"softmax","learningRate":-1}' }, /metadata 'config' is invalid: learningRate: must be a finite number > 0/],
      [{ input_dim: '4' }, /metadata 'input_dim' is 4, expected 3/],
      [{ image_shape: '{"height":2,"width":2,"channels":1,"layout":"hwc"}' }, /image_shape' 2×2×1 does not match the input size 3/],
      [{ preprocess: '{"version":1,"inputDim":3,"steps":[{"kind":"subtract-mean"}]}' }, /metadata 'preprocess' is invalid: .*"mean", which is missing/],
      // Found by the fuzz suite: a forged width made the preprocessing allocate 16 GB before any check.
      [{ preprocess: '{"version":1,"inputDim":1000000000,"steps":[{"kind":"scale","factor":1}]}' }, /metadata 'preprocess\.inputDim' is 1000000000; with W of 3 columns it must be 3 or 2/],
      [{ training: '{"reason":"finished"}' }, /'training\.reason' must be one of/],
      [{ extra: '1' }, /metadata 'extra' is not part of a linear model/],
      [{ format_version: '7' }, /format_version 7, newer than this linclass reads \(1\): upgrade linclass/],
      [{ kind: 'tree' }, /has model kind "tree"/],
    ];
    for (const [patch, message] of cases) {
      const bytes = handWritten({ __metadata__: { ...METADATA, ...patch }, W, b }, data);
      expect(() => load(bytes), JSON.stringify(patch)).toThrow(message);
    }
    const missing: Record<string, string> = { ...METADATA };
    delete missing['regularizer'];
    expect(() => load(handWritten({ __metadata__: missing, W, b }, data))).toThrow("forged.safetensors: metadata 'regularizer' is missing");
  });

  it('non-finite weights and stray tensors', () => {
    const nan = [...f32le([1, Number.NaN, 3, -1, 0, 0.5]), ...f32le([0.5, -0.5])];
    expect(() => load(handWritten({ __metadata__: METADATA, W, b }, nan))).toThrow("tensor 'W' has a non-finite value (NaN) at index 1");
    const extra = { dtype: 'F32', shape: [1], data_offsets: [32, 36] };
    expect(() => load(handWritten({ __metadata__: METADATA, W, b, secret: extra }, [...data, ...f32le([1])]))).toThrow(
      "tensor 'secret' is not part of a linear model",
    );
  });
});

describe('a crash in the middle of a save', () => {
  const serializeJs = fileURLToPath(new URL('../dist/models/serialize.js', import.meta.url));

  it('leaves the previous file intact (a real process, killed mid-write)', async () => {
    if (!existsSync(serializeJs)) throw new Error(`${serializeJs} is missing: run 'npm run build' first (npm test does)`);
    const dir = tmp();
    const path = join(dir, 'model.safetensors');
    const old = await trained();
    await old.save(path);
    const before = readFileSync(path);

    // The child saves another model (4 MB, so the write is long) over the same path. Its fs.writeSync is
    // replaced, and the change pushed to the ESM bindings, so that it writes half, reports, and hangs.
    const script = `
      import fs from 'node:fs';
      import { syncBuiltinESMExports } from 'node:module';
      const realWrite = fs.writeSync;
      fs.writeSync = (fd, buf, off, len) => {
        const n = realWrite(fd, buf, off, Math.floor(len / 2));
        process.stdout.write('half-written\\n');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // hang until killed
        return n;
      };
      syncBuiltinESMExports();
      const { saveModel } = await import(${JSON.stringify(serializeJs)});
      const tensors = { W: { shape: [3, 16], data: new Float32Array(48).fill(7) }, pad: { shape: [1 << 20], data: new Float32Array(1 << 20) } };
      saveModel(${JSON.stringify(path)}, { kind: 'linear', tensors, metadata: {} });
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('half-written')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`child exited (${code}) before writing: ${stderr}`)));
    });
    await new Promise((r) => child.on('exit', r));

    // The target is byte for byte the old file and still loads; the half-written temporary is what the
    // crash left behind, next to it, under a name no reader opens.
    expect(readFileSync(path).equals(before)).toBe(true);
    const back = await LinearClassifier.load(path, { kernels: 'ref' });
    const probe = tinyImages(20, 3);
    expect(back.decisionFunction(probe.X).data).toEqual(old.decisionFunction(probe.X).data);
    const leftovers = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    expect(leftovers).toHaveLength(1);
    expect(leftovers[0]).toMatch(/^\.model\.safetensors\.\d+\.\d+\.tmp$/);
    expect(() => loadModelFile(join(dir, leftovers[0]!))).toThrow(ModelFormatError); // truncated: refused, not misread
  });
});
