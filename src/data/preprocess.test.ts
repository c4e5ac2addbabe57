import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from '../errors.js';
import { Rng } from '../tensor/rng.js';
import { fitPreprocessor, preprocessorFromSpec } from './preprocess.js';
import type { PreprocessSpec } from './types.js';

const bytes = (rows: number, cols: number, values: number[]) => ({ data: new Uint8Array(values), rows, cols });
const floats = (rows: number, cols: number, values: number[]) => ({ data: new Float32Array(values), rows, cols });
const f32 = (values: number[]) => values.map((v) => Math.fround(v));

describe('fitPreprocessor: scale', () => {
  it("'auto' maps bytes to [0, 1] and leaves floats alone", () => {
    const p = fitPreprocessor(bytes(2, 2, [0, 255, 51, 255]));
    expect(p.spec).toEqual({ version: 1, inputDim: 2, steps: [{ kind: 'scale', factor: 1 / 255 }] });
    expect(Array.from(p.transform(bytes(2, 2, [0, 255, 51, 255])).data)).toEqual(f32([0, 1, 0.2, 1]));
    const q = fitPreprocessor(floats(1, 2, [3, 4]));
    expect(q.spec.steps).toEqual([]);
    expect(Array.from(q.transform(floats(1, 2, [3, -4])).data)).toEqual([3, -4]);
    expect(q.tensors).toEqual({});
  });

  it('takes an explicit factor and refuses bad ones', () => {
    const p = fitPreprocessor(bytes(1, 2, [2, 4]), { scale: 0.5 });
    expect(Array.from(p.transform(bytes(1, 2, [2, 4])).data)).toEqual([1, 2]);
    expect(fitPreprocessor(bytes(1, 1, [7]), { scale: 1 }).spec.steps).toEqual([]);
    expect(() => fitPreprocessor(bytes(1, 1, [7]), { scale: 0 })).toThrow("scale: must be a finite number > 0 or 'auto', got 0");
    expect(() => fitPreprocessor(bytes(1, 1, [7]), { scale: Number.NaN })).toThrow(ArgumentError);
  });
});

describe('fitPreprocessor: mean image, standardisation, bias column', () => {
  it('subtracts the training mean image (fitted on training data, applied to other data)', () => {
    const train = bytes(2, 2, [0, 10, 20, 30]);
    const p = fitPreprocessor(train, { scale: 1, subtractMean: true });
    expect(Array.from(p.tensors['mean']!)).toEqual([10, 20]);
    expect(p.spec.steps).toEqual([{ kind: 'subtract-mean' }]);
    expect(Array.from(p.transform(train).data)).toEqual([-10, -10, 10, 10]);
    // Test data is shifted by the *training* mean, not its own.
    expect(Array.from(p.transform(bytes(1, 2, [10, 10])).data)).toEqual([0, -10]);
  });

  it('the mean is of the scaled values', () => {
    const p = fitPreprocessor(bytes(2, 1, [0, 255]), { subtractMean: true });
    expect(p.tensors['mean']![0]).toBe(Math.fround(0.5));
    expect(Array.from(p.transform(bytes(2, 1, [0, 255])).data)).toEqual([-0.5, 0.5]);
  });

  it('standardises with the population std and leaves constant features undivided', () => {
    // column 0: 1, 3, 5 → mean 3, std sqrt(8/3); column 1 constant 2 → std 0 → divided by 1
    const X = floats(3, 2, [1, 2, 3, 2, 5, 2]);
    const p = fitPreprocessor(X, { standardize: true });
    expect(p.spec.steps).toEqual([{ kind: 'subtract-mean' }, { kind: 'standardize', epsilon: 1e-8 }]);
    expect(p.tensors['std']![0]).toBe(Math.fround(Math.sqrt(8 / 3)));
    expect(p.tensors['std']![1]).toBe(1);
    const z = p.transform(X).data;
    expect(z[0]).toBeCloseTo(-Math.sqrt(3 / 2), 6);
    expect(z[2]).toBe(0);
    expect(z[4]).toBeCloseTo(Math.sqrt(3 / 2), 6);
    expect([z[1], z[3], z[5]]).toEqual([0, 0, 0]);
  });

  it('standardize without centring divides by the std only (sklearn with_mean=False)', () => {
    const p = fitPreprocessor(floats(2, 1, [1, 3]), { standardize: true, subtractMean: false });
    expect(p.spec.steps).toEqual([{ kind: 'standardize', epsilon: 1e-8 }]);
    expect(Array.from(p.transform(floats(2, 1, [1, 3])).data)).toEqual([1, 3]);
    expect(p.tensors['mean']).toBeUndefined();
  });

  it('bytes and the same values as floats give the same features', () => {
    const rng = new Rng(7);
    const N = 50;
    const D = 6;
    const raw = Array.from({ length: N * D }, () => rng.int(256));
    const pb = fitPreprocessor(bytes(N, D, raw), { scale: 1 / 255, standardize: true });
    const pf = fitPreprocessor(floats(N, D, raw), { scale: 1 / 255, standardize: true });
    const yb = pb.transform(bytes(N, D, raw)).data;
    const yf = pf.transform(floats(N, D, raw)).data;
    for (let i = 0; i < yb.length; i++) expect(yb[i]).toBeCloseTo(yf[i]!, 5);
    // and both match a float64 computation from the definition
    for (let j = 0; j < D; j++) {
      const col = Array.from({ length: N }, (_, i) => raw[i * D + j]! / 255);
      const mu = col.reduce((s, v) => s + v, 0) / N;
      const sd = Math.sqrt(col.reduce((s, v) => s + (v - mu) ** 2, 0) / N);
      expect(pb.tensors['mean']![j]).toBeCloseTo(mu, 6);
      expect(pb.tensors['std']![j]).toBeCloseTo(sd, 6);
      expect(yb[3 * D + j]).toBeCloseTo((col[3]! - mu) / sd, 5);
    }
  });

  it('appends a column of ones last (the bias trick)', () => {
    const p = fitPreprocessor(bytes(2, 2, [0, 255, 255, 0]), { subtractMean: true, biasColumn: true });
    expect([p.inputDim, p.outputDim]).toEqual([2, 3]);
    expect(p.spec.steps.at(-1)).toEqual({ kind: 'bias-column' });
    expect(Array.from(p.transform(bytes(2, 2, [0, 255, 255, 0])).data)).toEqual([-0.5, 0.5, 1, 0.5, -0.5, 1]);
    const q = fitPreprocessor(floats(1, 1, [5]), { biasColumn: true });
    expect(Array.from(q.transform(floats(2, 1, [5, 6])).data)).toEqual([5, 1, 6, 1]);
  });

  it('needs at least one row to fit a mean, but not to scale', () => {
    expect(() => fitPreprocessor(bytes(0, 3, []), { subtractMean: true })).toThrow('X: is empty (0 rows)');
    expect(fitPreprocessor(bytes(0, 3, [])).transform(bytes(0, 3, [])).rows).toBe(0);
  });
});

describe('transformRowsInto (the minibatch path)', () => {
  const X = bytes(4, 3, [0, 1, 2, 10, 11, 12, 20, 21, 22, 250, 251, 252]);
  const p = fitPreprocessor(X, { standardize: true, biasColumn: true });
  const full = p.transform(X);

  it('writes the listed rows exactly as transform does, into a buffer the caller reuses', () => {
    const out = { data: new Float32Array(2 * 4), rows: 2, cols: 4 };
    p.transformRowsInto(X, new Int32Array([3, 1]), out);
    expect(Array.from(out.data)).toEqual([...full.data.subarray(12, 16), ...full.data.subarray(4, 8)]);
    p.transformRowsInto(X, [0, 0], out);
    expect(Array.from(out.data)).toEqual([...full.data.subarray(0, 4), ...full.data.subarray(0, 4)]);
  });

  it('also on the scale-only path', () => {
    const s = fitPreprocessor(X);
    const out = { data: new Float32Array(3), rows: 1, cols: 3 };
    s.transformRowsInto(X, [2], out);
    expect(Array.from(out.data)).toEqual(f32([20 / 255, 21 / 255, 22 / 255]));
  });

  it('checks the output shape, the row indices and the input width', () => {
    expect(() => p.transformRowsInto(X, [0, 1], { data: new Float32Array(8), rows: 2, cols: 3 })).toThrow(
      'out: has shape [2, 3] (8 elements), expected [2, 4]',
    );
    const out = { data: new Float32Array(4), rows: 1, cols: 4 };
    expect(() => p.transformRowsInto(X, [4], out)).toThrow('rows: index 4 at position 0 is outside 0..3');
    expect(() => p.transformRowsInto(X, [-1], out)).toThrow(ArgumentError);
    expect(() => p.transformRowsInto(X, [0.5], out)).toThrow(ArgumentError);
    expect(() => p.transform(bytes(1, 2, [0, 0]))).toThrow('X: has 2 columns, but this preprocessor was fitted on 3 features');
  });
});

describe('preprocessorFromSpec', () => {
  it('rebuilds a pipeline that gives the same floats bit for bit, through JSON', () => {
    const rng = new Rng(3);
    const raw = Array.from({ length: 40 * 5 }, () => rng.int(256));
    const X = bytes(40, 5, raw);
    const p = fitPreprocessor(X, { standardize: true, biasColumn: true });
    const spec = JSON.parse(JSON.stringify(p.spec)) as PreprocessSpec;
    const tensors = Object.fromEntries(Object.entries(p.tensors).map(([k, v]) => [k, Float32Array.from(v)]));
    const q = preprocessorFromSpec(spec, tensors);
    expect(Array.from(q.transform(X).data)).toEqual(Array.from(p.transform(X).data));
    expect(q.spec).toEqual(p.spec);
    expect(q.outputDim).toBe(6);
  });

  it('knows the input width even with no tensors', () => {
    const q = preprocessorFromSpec({ version: 1, inputDim: 3, steps: [{ kind: 'scale', factor: 2 }] }, {});
    expect(() => q.transform(floats(1, 2, [1, 1]))).toThrow(ShapeError);
    expect(Array.from(q.transform(floats(1, 3, [1, 2, 3])).data)).toEqual([2, 4, 6]);
  });

  it('checks what a model file could get wrong', () => {
    const mean = new Float32Array([0, 0]);
    const bad = (spec: unknown, tensors: Record<string, Float32Array> = { mean }) => () => preprocessorFromSpec(spec as PreprocessSpec, tensors);
    expect(bad({ version: 2, inputDim: 2, steps: [] })).toThrow('spec.version: must be 1, got 2');
    expect(bad({ version: 1, inputDim: -1, steps: [] })).toThrow('spec.inputDim: must be a whole number ≥ 0, got -1');
    expect(bad({ version: 1, inputDim: 2, steps: [{ kind: 'whiten' }] })).toThrow('spec.steps[0].kind: unknown step "whiten"');
    expect(bad({ version: 1, inputDim: 2, steps: [{ kind: 'scale', factor: -1 }] })).toThrow('spec.steps[0].factor: must be a finite number > 0');
    expect(bad({ version: 1, inputDim: 2, steps: [{ kind: 'standardize', epsilon: 0 }] })).toThrow('spec.steps[0]: needs the float32 tensor "std"');
    expect(bad({ version: 1, inputDim: 3, steps: [{ kind: 'subtract-mean' }] })).toThrow('tensors.mean: has length 2, expected inputDim = 3');
    expect(bad({ version: 1, inputDim: 2, steps: [{ kind: 'bias-column' }, { kind: 'subtract-mean' }] })).toThrow(
      'spec.steps[1]: comes after the bias column',
    );
    expect(bad({ version: 1, inputDim: 2, steps: [{ kind: 'standardize', epsilon: 0 }] }, { std: new Float32Array([1, 0]) })).toThrow(
      'tensors.std: element 1 is 0',
    );
  });
});
