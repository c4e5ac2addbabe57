import { describe, expect, it } from 'vitest';
import { fitPreprocessor } from '../data/preprocess.js';
import { ArgumentError, DivergenceError, NonFiniteError, NotFittedError, ShapeError } from '../errors.js';
import type { LossName } from '../losses/spec.js';
import { fromRows, type ByteMatrix, type Matrix32 } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import type { EpochEvent, StepEvent, TrainEvent } from '../train/events.js';
import { LinearClassifier, type LabeledData } from './linear-classifier.js';

/** Three Gaussian blobs in 2-D around (0, 4), (4, −2), (−4, −2): linearly separable with a wide gap. */
function blobs(n: number, seed = 1, spread = 0.5): LabeledData & { X: Matrix32; labels: Int32Array } {
  const rng = new Rng(seed);
  const centres = [
    [0, 4],
    [4, -2],
    [-4, -2],
  ];
  const X = new Float32Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    labels[i] = c;
    X[2 * i] = centres[c]![0]! + spread * rng.normal();
    X[2 * i + 1] = centres[c]![1]! + spread * rng.normal();
  }
  return { X: { data: X, rows: n, cols: 2 }, labels, classNames: ['north', 'east', 'west'] };
}

const quiet = { yieldEveryMs: 1000 };

describe('LinearClassifier: configuration and data are checked by fit, naming the argument', () => {
  it('the constructor only stores; fit refuses bad settings', async () => {
    const data = blobs(30);
    const bad: [object, RegExp][] = [
      [{ loss: 'hinge' }, /loss: unknown loss 'hinge'; expected one of ww, ova, cs, squared, softmax/],
      [{ learningRate: 0 }, /learningRate: must be a finite number > 0, got 0/],
      [{ batchSize: 2.5 }, /batchSize: must be a whole number ≥ 1, got 2\.5/],
      [{ epochs: 0 }, /epochs: must be a whole number ≥ 1, got 0/],
      [{ lambda: -1 }, /lambda: must be a finite number ≥ 0, got -1/],
      [{ optimizer: { name: 'momentum', mu: 1.5 } }, /optimizer\.mu: must be in \[0, 1\), got 1\.5/],
      [{ optimizer: { name: 'lbfgs' } }, /optimizer: unknown optimizer 'lbfgs'/],
      [{ loss: 'softmax', margin: 2 }, /margin: applies to the hinge losses only/],
      [{ loss: 'ww', smoothing: 0.1 }, /smoothing: label smoothing applies to the softmax loss only/],
      [{ reg: 'none', lambda: 0.1 }, /lambda: is 0\.1 but reg is 'none'/],
      [{ schedule: { kind: 'step', every: 0, factor: 0.5 } }, /schedule\.every: must be a whole number ≥ 1/],
      [{ seed: -1 }, /seed: must be a whole number in 0\.\.2\^32−1/],
      [{ earlyStopping: { patience: 0 } }, /earlyStopping\.patience: must be a whole number ≥ 1/],
      [{ kernels: 'gpu' }, /kernels: unknown choice 'gpu'/],
    ];
    for (const [config, message] of bad) {
      const clf = new LinearClassifier(config as never);
      await expect(clf.fit(data, quiet), JSON.stringify(config)).rejects.toThrow(message);
    }
  });

  it('refuses bad data with typed errors', async () => {
    const clf = new LinearClassifier({ epochs: 1 });
    const ok = blobs(9);
    await expect(clf.fit({ X: { data: new Float32Array(0), rows: 0, cols: 2 }, labels: [] }, quiet)).rejects.toThrow(
      /data\.X: is empty \(0 rows\)/,
    );
    await expect(clf.fit({ X: ok.X, labels: ok.labels.subarray(0, 5) }, quiet)).rejects.toThrow(ShapeError);
    await expect(clf.fit({ X: ok.X, labels: ok.labels, classNames: ['a', 'b'] }, quiet)).rejects.toThrow(
      /data\.labels: label 2 at index 2 is outside 0\.\.1/,
    );
    await expect(clf.fit({ X: ok.X, labels: new Int32Array(9) }, quiet)).rejects.toThrow(
      /data\.labels: cover 1 class\(es\); a classifier needs at least 2/,
    );
    const nan = fromRows([[0, 1], [Number.NaN, 0]]);
    await expect(clf.fit({ X: nan, labels: [0, 1] }, quiet)).rejects.toThrow(NonFiniteError);
    const bytes: ByteMatrix = { data: new Uint8Array(4), rows: 2, cols: 2 };
    await expect(new LinearClassifier({ preprocess: 'none' }).fit({ X: bytes, labels: [0, 1] }, quiet)).rejects.toThrow(
      /data\.X: holds bytes \(pixels\) but preprocessing is off/,
    );
    await expect(clf.fit(ok, { ...quiet, validation: { X: fromRows([[1, 2, 3]]), labels: [0] } })).rejects.toThrow(ShapeError);
    await expect(new LinearClassifier({ earlyStopping: { patience: 2 } }).fit(ok, quiet)).rejects.toThrow(
      /earlyStopping: needs validation data/,
    );
  });

  it('predictions before fit throw NotFittedError', () => {
    const clf = new LinearClassifier();
    expect(() => clf.predict(fromRows([[1, 2]]))).toThrow(NotFittedError);
    expect(() => clf.state).toThrow('LinearClassifier is not fitted yet');
  });
});

describe('LinearClassifier: training', () => {
  const losses: LossName[] = ['softmax', 'ww', 'cs', 'ova', 'squared'];
  for (const loss of losses) {
    it(`${loss}: separates three blobs perfectly`, async () => {
      const data = blobs(300);
      const clf = new LinearClassifier({ loss, epochs: 10, batchSize: 32, learningRate: 0.05 });
      const summary = await clf.fit(data, quiet);
      expect(summary.reason).toBe('completed');
      expect(clf.score(data.X, data.labels)).toBe(1);
      const test = blobs(90, 2);
      expect(clf.score(test.X, test.labels)).toBe(1);
      expect(clf.predictNames(fromRows([[0, 5]]))).toEqual(['north']);
    });
  }

  it('same seed → the same weights bit for bit; another seed → other weights', async () => {
    const data = blobs(200);
    const run = async (seed: number): Promise<Float32Array> => {
      const clf = new LinearClassifier({ seed, epochs: 3, batchSize: 16, optimizer: { name: 'adam' }, learningRate: 0.01 });
      await clf.fit(data, quiet);
      return Float32Array.from([...clf.state.W.data, ...clf.state.b]);
    };
    const a = await run(7);
    expect(await run(7)).toEqual(a);
    expect(await run(8)).not.toEqual(a);
  });

  it('partialFit twice equals fit with two epochs (any schedule)', async () => {
    const data = blobs(100);
    const config = { epochs: 2, batchSize: 16, learningRate: 0.05, seed: 3 } as const;
    const whole = new LinearClassifier(config);
    await whole.fit(data, quiet);
    const parts = new LinearClassifier(config);
    await parts.partialFit(data, quiet);
    const s = await parts.partialFit(data, quiet);
    expect(parts.state.W.data).toEqual(whole.state.W.data);
    expect(parts.state.b).toEqual(whole.state.b);
    expect(s.steps).toBe(2 * Math.ceil(100 / 16));
  });

  it('a model file plus the exported training state resumes bit for bit', async () => {
    const data = blobs(100);
    const config = { epochs: 4, batchSize: 16, optimizer: { name: 'adam' }, learningRate: 0.05, seed: 9 } as const;
    const straight = new LinearClassifier(config);
    await straight.partialFit(data, quiet);
    await straight.partialFit(data, quiet);

    const first = new LinearClassifier(config);
    await first.partialFit(data, quiet);
    const bytes = first.toBytes();
    const snapshot = first.exportTrainingState();
    expect(snapshot).toMatchObject({ step: 7, epoch: 1, totalSteps: 28 });

    const resumed = LinearClassifier.fromBytes(bytes);
    expect(() => resumed.exportTrainingState()).toThrow(NotFittedError);
    resumed.importTrainingState(snapshot);
    await resumed.partialFit(data, quiet);
    expect(resumed.state.W.data).toEqual(straight.state.W.data);
    expect(resumed.state.b).toEqual(straight.state.b);

    const other = LinearClassifier.fromBytes(bytes);
    expect(() => other.importTrainingState({ ...snapshot, optimizer: null })).toThrow(/snapshot\.optimizer: does not match the configured optimizer 'adam'/);
  });

  it('the squared hinge gets a smaller default learning rate', async () => {
    const steps: StepEvent[] = [];
    await new LinearClassifier({ loss: 'squared', epochs: 1 }).fit(blobs(30), { ...quiet, onEvent: (e) => e.type === 'step' && steps.push(e) });
    expect(steps[0]!.learningRate).toBe(0.01);
  });

  it('a plain matrix and raw data with a preprocessor give the same weights', async () => {
    const raw = blobs(120);
    const bytes: ByteMatrix = { data: Uint8Array.from(raw.X.data, (v) => Math.round(v * 10 + 128)), rows: 120, cols: 2 };
    const prep = fitPreprocessor(bytes, { standardize: true });
    const config = { epochs: 2, batchSize: 10, seed: 1 };
    const viaPrep = new LinearClassifier(config);
    await viaPrep.fit({ X: bytes, labels: raw.labels }, { ...quiet, preprocessor: prep });
    const viaMatrix = new LinearClassifier(config);
    await viaMatrix.fit({ X: prep.transform(bytes), labels: raw.labels }, quiet);
    expect(viaPrep.state.W.data).toEqual(viaMatrix.state.W.data);
    // The preprocessed model takes raw bytes; the other takes features.
    expect(viaPrep.decisionFunction(bytes).data).toEqual(viaMatrix.decisionFunction(prep.transform(bytes)).data);
    expect(viaPrep.state.inputDim).toBe(2);
    expect(() => viaMatrix.predict(bytes)).toThrow(/X: holds bytes but this model has no preprocessing/);
  });

  it('the feature cache changes nothing: cached (rows read in place) and per-batch transforms give the same weights', async () => {
    const raw = blobs(150);
    const bytes: ByteMatrix = { data: Uint8Array.from(raw.X.data, (v) => Math.round(v * 10 + 128)), rows: 150, cols: 2 };
    const run = async (featureCacheBytes: number): Promise<Float32Array> => {
      const clf = new LinearClassifier({ epochs: 3, batchSize: 16, seed: 3, kernels: 'ref' });
      await clf.fit({ X: bytes, labels: raw.labels }, { ...quiet, featureCacheBytes });
      return Float32Array.from([...clf.state.W.data, ...clf.state.b]);
    };
    // ref kernels: bit for bit; the cache fits in 150·2·4 = 1200 bytes, and 0 turns it off.
    expect(await run(1200)).toEqual(await run(0));
    await expect(run(-1)).rejects.toThrow('featureCacheBytes: must be a number ≥ 0, got -1');
  });

  it("'auto' preprocessing scales pixels to [0, 1] and centres them on the mean image", async () => {
    const bytes: ByteMatrix = { data: Uint8Array.of(0, 255, 255, 0, 10, 240, 240, 10), rows: 4, cols: 2 };
    const clf = new LinearClassifier({ epochs: 20, batchSize: 2 });
    await clf.fit({ X: bytes, labels: [0, 1, 0, 1] }, quiet);
    expect(clf.state.preprocessor!.spec.steps.map((s) => s.kind)).toEqual(['scale', 'subtract-mean']);
    expect(clf.score(bytes, [0, 1, 0, 1])).toBe(1);
  });
});

describe('LinearClassifier: events and stopping', () => {
  it('emits start, one step per minibatch, one epoch per pass, then end', async () => {
    const data = blobs(50); // batches of 16: 16, 16, 16, 2
    const events: TrainEvent[] = [];
    const clf = new LinearClassifier({ epochs: 2, batchSize: 16, lambda: 0.01 });
    const summary = await clf.fit(data, { ...quiet, onEvent: (e) => events.push(e) });
    expect(events.map((e) => e.type).join(',')).toBe(
      ['start', 'step', 'step', 'step', 'step', 'epoch', 'step', 'step', 'step', 'step', 'epoch', 'end'].join(','),
    );
    const steps = events.filter((e): e is StepEvent => e.type === 'step');
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(steps.map((s) => s.batchSize)).toEqual([16, 16, 16, 2, 16, 16, 16, 2]);
    for (const s of steps) {
      expect(s.loss).toBeCloseTo(s.dataLoss + s.regLoss, 12);
      expect(s.kernels).toEqual(clf.kernelInfo); // what 'auto' chose, reported on every step
    }
    const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
    // The epoch's data loss is the size-weighted mean of its steps' data losses.
    const first = steps.slice(0, 4);
    expect(epochs[0]!.dataLoss).toBeCloseTo(first.reduce((a, s) => a + s.dataLoss * s.batchSize, 0) / 50, 10);
    expect(epochs[0]!.validationAccuracy).toBeNull();
    expect(summary).toMatchObject({ reason: 'completed', epochs: 2, steps: 8, examples: 50 });
    expect(events.at(-1)).toEqual({ type: 'end', summary });
    // The cosine schedule (default) starts at the peak learning rate and decays.
    expect(steps[0]!.learningRate).toBe(0.3); // the default peak
    expect(steps[7]!.learningRate).toBeLessThan(steps[1]!.learningRate);
  });

  it('reports λR(W) as the regularization loss of each step, the bias excluded by default', async () => {
    const data = blobs(30);
    const events: StepEvent[] = [];
    const clf = new LinearClassifier({ epochs: 1, batchSize: 30, lambda: 0.5, initScale: 0.1, seed: 4 });
    await clf.fit(data, { ...quiet, onEvent: (e) => e.type === 'step' && events.push(e) });
    const W0 = new Float32Array(6);
    new Rng(4).fillNormal(W0, 0.1); // the initial weights: initScale·N(0, 1) from the seed
    expect(events[0]!.regLoss).toBeCloseTo(0.5 * W0.reduce((a, w) => a + w * w, 0), 6);
  });

  it('L2 shrinks W by (1 − 2ηλ) per SGD step and leaves b alone unless regularizeBias', async () => {
    // All-zero inputs: the data gradient of W is dSᵀX = 0, so W moves only by the penalty's gradient 2λW.
    const X = { data: new Float32Array(20), rows: 10, cols: 2 };
    const labels = Int32Array.from({ length: 10 }, (_, i) => i % 2);
    const common = { loss: 'ww', epochs: 3, batchSize: 5, lambda: 0.1, learningRate: 0.5, initScale: 1, optimizer: { name: 'sgd' }, schedule: { kind: 'constant' } } as const;
    const plain = new LinearClassifier(common);
    await plain.fit({ X, labels }, quiet);
    const W0 = new Float32Array(4);
    new Rng(0).fillNormal(W0, 1);
    const factor = (1 - 2 * 0.5 * 0.1) ** 6; // six steps
    plain.state.W.data.forEach((w, i) => expect(w).toBeCloseTo(W0[i]! * factor, 5));
    const withBias = new LinearClassifier({ ...common, regularizeBias: true });
    await withBias.fit({ X, labels }, quiet);
    expect(withBias.state.W.data).toEqual(plain.state.W.data);
    expect(withBias.state.b).not.toEqual(plain.state.b);
  });

  it('stops after the current step when the signal is raised', async () => {
    const ctrl = new AbortController();
    let seen = 0;
    const clf = new LinearClassifier({ epochs: 5, batchSize: 10 });
    const summary = await clf.fit(blobs(100), {
      ...quiet,
      signal: ctrl.signal,
      onEvent: (e) => {
        if (e.type === 'step' && ++seen === 3) ctrl.abort();
      },
    });
    expect(summary).toMatchObject({ reason: 'aborted', steps: 3, epochs: 0 });
    expect(clf.isFitted).toBe(true);
  });

  it('refuses a second fit on the same model while one is running', async () => {
    const clf = new LinearClassifier({ epochs: 50, batchSize: 1 });
    const ctrl = new AbortController();
    const running = clf.fit(blobs(30), { signal: ctrl.signal, yieldEveryMs: 0 });
    await expect(clf.partialFit(blobs(30), quiet)).rejects.toThrow(/partialFit: another fit or partialFit is still running on this model/);
    ctrl.abort();
    expect((await running).reason).toBe('aborted');
    await expect(clf.fit(blobs(30), { ...quiet, signal: { aborted: true } })).resolves.toMatchObject({ reason: 'aborted', steps: 1 });
  });

  it('yields to the event loop, so a timer can stop a long run', async () => {
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 20);
    const clf = new LinearClassifier({ epochs: 100_000, batchSize: 1 });
    const summary = await clf.fit(blobs(30), { signal: ctrl.signal, yieldEveryMs: 5 });
    expect(summary.reason).toBe('aborted');
    expect(summary.steps).toBeLessThan(30 * 100_000);
  });

  it('early stopping keeps the weights of the best validation epoch', async () => {
    const train = blobs(90, 1, 2); // overlapping blobs: accuracy moves from epoch to epoch
    // Validation labels rotated: the better the model fits, the worse it scores here, so epoch 1 is best.
    const val = blobs(90, 5, 2);
    const rotated = { X: val.X, labels: val.labels.map((y) => (y + 1) % 3) };
    const config = { epochs: 20, batchSize: 10, learningRate: 0.05, schedule: { kind: 'constant' }, seed: 2 } as const;
    const events: EpochEvent[] = [];
    const clf = new LinearClassifier({ ...config, earlyStopping: { patience: 3 } });
    const summary = await clf.fit(train, { ...quiet, validation: rotated, onEvent: (e) => e.type === 'epoch' && events.push(e) });
    expect(summary.reason).toBe('early-stopped');
    const best = events.reduce((a, e) => (e.validationAccuracy! > a.validationAccuracy! ? e : a));
    expect(summary.bestEpoch).toBe(best.epoch);
    expect(summary.epochs).toBe(best.epoch + 3);
    expect(summary.bestValidationAccuracy).toBe(best.validationAccuracy);
    // The same run cut at the best epoch has exactly the kept weights.
    const cut = new LinearClassifier({ ...config, epochs: best.epoch });
    await cut.fit(train, quiet);
    expect(clf.state.W.data).toEqual(cut.state.W.data);
    expect(clf.score(rotated.X, rotated.labels)).toBe(best.validationAccuracy);
  });
});

describe('LinearClassifier: divergence', () => {
  it('a huge learning rate stops with DivergenceError naming epoch and step; the weights stay finite', async () => {
    const data = blobs(60);
    const events: TrainEvent[] = [];
    const clf = new LinearClassifier({ loss: 'ww', learningRate: 1e30, lambda: 1, optimizer: { name: 'sgd' }, batchSize: 10, epochs: 5 });
    const err = await clf.fit(data, { ...quiet, onEvent: (e) => events.push(e) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DivergenceError);
    const d = err as DivergenceError;
    expect(d.message).toMatch(/^training diverged at epoch 1, step \d+: .*Lower the learning rate \(--lr\) or standardise the inputs/);
    expect(d.epoch).toBe(1);
    expect(d.step).toBeGreaterThan(0);
    expect(clf.state.W.data.every(Number.isFinite)).toBe(true);
    expect(clf.state.b.every(Number.isFinite)).toBe(true);
    const end = events.at(-1)!;
    expect(end.type === 'end' && end.summary.reason).toBe('diverged');
  });
});

describe('LinearClassifier: predictions', () => {
  it('decisionFunction is X·Wᵀ + b', async () => {
    const clf = new LinearClassifier({ epochs: 1 });
    await clf.fit(blobs(30), quiet);
    const { W, b } = clf.state;
    const X = fromRows([
      [1, 2],
      [-3, 0.5],
    ]);
    const S = clf.decisionFunction(X);
    for (let i = 0; i < 2; i++) {
      for (let k = 0; k < 3; k++) {
        const expected = X.data[2 * i]! * W.data[2 * k]! + X.data[2 * i + 1]! * W.data[2 * k + 1]! + b[k]!;
        expect(S.data[3 * i + k]).toBeCloseTo(expected, 5);
      }
    }
    expect(clf.decisionFunction({ data: new Float32Array(0), rows: 0, cols: 2 }).rows).toBe(0);
    expect(() => clf.decisionFunction(fromRows([[1, 2, 3]]))).toThrow('X: has 3 columns, the model takes 2 values per example');
  });

  it('predictProba: softmax rows for a softmax model; refused for hinge models unless asked', async () => {
    const data = blobs(60);
    const soft = new LinearClassifier({ epochs: 2 });
    await soft.fit(data, quiet);
    const P = soft.predictProba(data.X);
    for (let i = 0; i < P.rows; i++) expect(P.data.subarray(3 * i, 3 * i + 3).reduce((a, v) => a + v, 0)).toBeCloseTo(1, 6);
    const svm = new LinearClassifier({ loss: 'ww', epochs: 2 });
    await svm.fit(data, quiet);
    expect(() => svm.predictProba(data.X)).toThrow(ArgumentError);
    expect(() => svm.predictProba(data.X)).toThrow(/Weston–Watkins multiclass hinge loss, whose scores are not probabilities/);
    const Q = svm.predictProba(data.X, { softmaxOfScores: true });
    expect(Array.from(Q.data.subarray(0, 3)).reduce((a, v) => a + v, 0)).toBeCloseTo(1, 6);
  });
});

describe('LinearClassifier: the lecture’s search strategies', () => {
  for (const name of ['random-search', 'random-local-search'] as const) {
    it(`${name} beats chance on the blobs and reports like any run`, async () => {
      const data = blobs(300);
      const steps: StepEvent[] = [];
      const clf = new LinearClassifier({ optimizer: { name }, learningRate: 1, schedule: { kind: 'constant' }, epochs: 5, batchSize: 30, reg: 'none' });
      const summary = await clf.fit(data, { ...quiet, onEvent: (e) => e.type === 'step' && steps.push(e) });
      expect(summary.steps).toBe(50);
      expect(clf.score(data.X, data.labels)).toBeGreaterThan(0.6);
      expect(steps[0]!.learningRate).toBe(1);
      // Both compare on the same minibatch and keep the better: the incumbent's loss never rises within a batch.
      expect(steps.every((s) => Number.isFinite(s.loss))).toBe(true);
    });
  }
});
