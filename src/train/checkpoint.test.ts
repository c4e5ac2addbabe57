import { describe, expect, it } from 'vitest';
import { ArgumentError, ModelFormatError } from '../errors.js';
import { LinearClassifier, type LabeledData } from '../models/linear-classifier.js';
import type { LinearClassifierConfig } from '../models/linear-config.js';
import { decodeSafetensors, encodeSafetensors } from '../models/safetensors.js';
import type { ByteMatrix, Matrix32 } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import {
  checkpointEvents,
  decodeCheckpoint,
  encodeCheckpoint,
  fingerprintData,
  fnv1a,
  type TrainingCheckpoint,
} from './checkpoint.js';
import type { EpochEvent, FitSummary, StepEvent, TrainEvent } from './events.js';

/** n examples of D noisy features around one centre per class (float32), labels i mod C. */
function blobs(n: number, D = 5, C = 3, seed = 3): LabeledData & { X: Matrix32 } {
  const rng = new Rng(seed);
  const X = new Float32Array(n * D);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % C;
    for (let d = 0; d < D; d++) X[i * D + d] = (d % C === labels[i] ? 2 : 0) + rng.normal();
  }
  return { X: { data: X, rows: n, cols: D }, labels, classNames: Array.from({ length: C }, (_, k) => `c${k}`) };
}

/** Tiny 3×3 "images" as bytes, so the default ('auto') preprocessing is fitted and checkpointed too. */
function pixels(n: number): LabeledData & { X: ByteMatrix } {
  const rng = new Rng(9);
  const X = new Uint8Array(n * 9);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    for (let p = 0; p < 9; p++) X[i * 9 + p] = Math.min(255, (labels[i] === 1 ? 120 * (p % 3) : 40) + rng.int(60));
  }
  return { X: { data: X, rows: n, cols: 9 }, labels, classNames: ['even', 'odd'], imageShape: { height: 3, width: 3, channels: 1, layout: 'hwc' } };
}

type Plain = Omit<StepEvent, 'elapsed' | 'kernels'> | Omit<EpochEvent, 'elapsed' | 'kernels'>;
/** Events without their timings (the one thing a resumed run cannot reproduce). */
function untimed(events: readonly TrainEvent[]): Plain[] {
  return events.filter((e): e is StepEvent | EpochEvent => e.type === 'step' || e.type === 'epoch').map(({ elapsed: _e, kernels: _k, ...rest }) => rest);
}
function untimedSummary(s: FitSummary): Omit<FitSummary, 'seconds' | 'kernels'> {
  const { seconds: _s, kernels: _k, ...rest } = s;
  return rest;
}

interface Run {
  readonly model: LinearClassifier;
  readonly summary: FitSummary;
  readonly events: TrainEvent[];
  readonly checkpoints: Uint8Array[];
}

async function fitWithCheckpoints(config: LinearClassifierConfig, data: LabeledData, validation: LabeledData | undefined, every: number, unit: 'steps' | 'epochs'): Promise<Run> {
  const model = new LinearClassifier(config);
  const events: TrainEvent[] = [];
  const checkpoints: Uint8Array[] = [];
  const summary = await model.fit(data, {
    ...(validation ? { validation } : {}),
    yieldEveryMs: 1000,
    onEvent: (e) => events.push(e),
    checkpoint: { every, unit, save: (cp) => void checkpoints.push(encodeCheckpoint(cp, { note: 'test' })) },
  });
  return { model, summary, events, checkpoints };
}

async function resume(bytes: Uint8Array, data: LabeledData, validation: LabeledData | undefined): Promise<Run & { checkpoint: TrainingCheckpoint }> {
  const { checkpoint, app } = decodeCheckpoint(bytes, 'cp.safetensors');
  expect(app).toEqual({ note: 'test' });
  const model = new LinearClassifier(checkpoint.config);
  const events: TrainEvent[] = [...checkpointEvents(checkpoint)];
  const summary = await model.fit(data, { ...(validation ? { validation } : {}), yieldEveryMs: 1000, resume: checkpoint, onEvent: (e) => events.push(e) });
  return { model, summary, events, checkpoints: [], checkpoint };
}

const configs: [string, LinearClassifierConfig][] = [
  ['momentum + cosine (the defaults)', { epochs: 3, batchSize: 8, learningRate: 0.1, seed: 7 }],
  ['adam, ww hinge, l1, constant η', { epochs: 3, batchSize: 8, loss: 'ww', reg: 'l1', lambda: 1e-3, optimizer: { name: 'adam' }, learningRate: 0.05, schedule: { kind: 'constant' }, seed: 8 }],
  ['random local search (the RNG drives every step)', { epochs: 2, batchSize: 16, optimizer: { name: 'random-local-search' }, learningRate: 0.05, seed: 9 }],
  ['early stopping on validation loss', { epochs: 4, batchSize: 8, learningRate: 0.5, earlyStopping: { patience: 5, monitor: 'loss' }, seed: 10 }],
];

describe('fit with checkpoints, resumed from any of them, ends bit for bit like the uninterrupted run', () => {
  const data = blobs(60);
  const validation = blobs(21, 5, 3, 4);
  for (const [what, config] of configs) {
    it(what, async () => {
      const val = config.earlyStopping ? validation : what.startsWith('adam') ? validation : undefined;
      const straight = await fitWithCheckpoints(config, data, val, 1, 'steps');
      // 60 examples in batches of 8 (7 of 8 and a tail of 4) or 16 (3 of 16 and 12).
      const stepsPerEpoch = Math.ceil(60 / config.batchSize!);
      expect(straight.checkpoints).toHaveLength(config.epochs! * stepsPerEpoch);
      expect(straight.summary.steps).toBe(config.epochs! * stepsPerEpoch);
      for (let i = 0; i < straight.checkpoints.length; i++) {
        const r = await resume(straight.checkpoints[i]!, data, val);
        expect(r.checkpoint.training.step).toBe(i + 1);
        expect(r.model.state.W.data, `resumed after step ${i + 1}`).toEqual(straight.model.state.W.data);
        expect(r.model.state.b, `resumed after step ${i + 1}`).toEqual(straight.model.state.b);
        expect(untimedSummary(r.summary)).toEqual(untimedSummary(straight.summary));
        expect(untimed(r.events)).toEqual(untimed(straight.events));
      }
    });
  }

  it('byte images with the fitted pixel preprocessing, checkpointed by epochs', async () => {
    const img = pixels(40);
    const config: LinearClassifierConfig = { epochs: 4, batchSize: 6, learningRate: 0.2, seed: 1 };
    const straight = await fitWithCheckpoints(config, img, undefined, 1, 'epochs');
    expect(straight.checkpoints).toHaveLength(3); // after epochs 1, 2, 3; the last epoch is followed by the results
    for (const bytes of straight.checkpoints) {
      const r = await resume(bytes, img, undefined);
      expect(r.checkpoint.position.batch).toBe(0);
      expect(r.checkpoint.model.preprocessor?.spec).toEqual(straight.model.state.preprocessor?.spec);
      expect(r.model.state.W.data).toEqual(straight.model.state.W.data);
      expect(untimed(r.events)).toEqual(untimed(straight.events));
    }
  });

  it('a stop request takes a checkpoint where the run stopped; resuming it finishes the run', async () => {
    const config: LinearClassifierConfig = { epochs: 3, batchSize: 8, learningRate: 0.1, seed: 7 };
    const straight = await fitWithCheckpoints(config, data, undefined, 100, 'steps');
    expect(straight.checkpoints).toHaveLength(0);
    const signal = { aborted: false };
    const saved: Uint8Array[] = [];
    const stopped = new LinearClassifier(config);
    const summary = await stopped.fit(data, {
      signal,
      yieldEveryMs: 1000,
      onEvent: (e) => {
        if (e.type === 'step' && e.step === 11) signal.aborted = true;
      },
      checkpoint: { every: 100, unit: 'steps', save: (cp) => void saved.push(encodeCheckpoint(cp, { note: 'test' })) },
    });
    expect(summary.reason).toBe('aborted');
    expect(saved).toHaveLength(1);
    const r = await resume(saved[0]!, data, undefined);
    expect(r.checkpoint.training).toMatchObject({ step: 11, epoch: 1 });
    expect(r.checkpoint.position.batch).toBe(3);
    expect(r.model.state.W.data).toEqual(straight.model.state.W.data);
    expect(untimedSummary(r.summary)).toEqual(untimedSummary(straight.summary));
  });

  it('a resumed run counts time from the start: elapsed and seconds include the time before the checkpoint', async () => {
    const config: LinearClassifierConfig = { epochs: 2, batchSize: 8, seed: 2 };
    const straight = await fitWithCheckpoints(config, data, undefined, 5, 'steps');
    const r = await resume(straight.checkpoints[1]!, data, undefined);
    expect(r.summary.seconds).toBeGreaterThanOrEqual(r.checkpoint.seconds);
    const first = r.events.find((e): e is StepEvent => e.type === 'step' && e.step === 11)!;
    expect(first.elapsed).toBeGreaterThanOrEqual(r.checkpoint.seconds);
  });
});

describe('resume refuses what does not match', () => {
  const data = blobs(30);
  it('other data, another configuration, a preprocessor, partialFit', async () => {
    const run = await fitWithCheckpoints({ epochs: 2, batchSize: 8, seed: 1 }, data, undefined, 2, 'steps');
    const { checkpoint } = decodeCheckpoint(run.checkpoints[0]!);
    const other = blobs(30, 5, 3, 99);
    await expect(new LinearClassifier(checkpoint.config).fit(other, { resume: checkpoint })).rejects.toThrow(
      /resume: the training data differs from the checkpoint's \(30×5, features [0-9a-f]{8}, labels [0-9a-f]{8} here/,
    );
    await expect(new LinearClassifier({ ...checkpoint.config, learningRate: 0.5 }).fit(data, { resume: checkpoint })).rejects.toThrow(
      /resume: the checkpoint was taken with another configuration/,
    );
    await expect(new LinearClassifier(checkpoint.config).fit(data, { resume: checkpoint, validation: data })).rejects.toThrow(/resume: the validation data differs/);
    await expect(new LinearClassifier(checkpoint.config).fit(data, { resume: checkpoint, preprocessor: null })).rejects.toThrow(
      /preprocessor: a resumed fit uses the checkpoint's preprocessing/,
    );
    await expect(new LinearClassifier(checkpoint.config).partialFit(data, { resume: checkpoint })).rejects.toThrow(ArgumentError);
    const bad: [object, RegExp][] = [
      [{ every: 0, unit: 'steps', save: () => {} }, /checkpoint\.every: must be a whole number ≥ 1/],
      [{ every: 1, unit: 'minutes', save: () => {} }, /checkpoint\.unit: must be 'steps' or 'epochs'/],
      [{ every: 1, unit: 'steps' }, /checkpoint\.save: must be a function/],
    ];
    for (const [checkpointOption, message] of bad) {
      await expect(new LinearClassifier({ epochs: 1 }).fit(data, { checkpoint: checkpointOption as never })).rejects.toThrow(message);
    }
  });

  it('a failing save stops the run with its error', async () => {
    const model = new LinearClassifier({ epochs: 2, batchSize: 8 });
    const save = () => {
      throw new Error('disk full');
    };
    await expect(model.fit(data, { checkpoint: { every: 2, unit: 'steps', save } })).rejects.toThrow('disk full');
  });
});

describe('checkpoint files: self-describing, versioned, every field checked', () => {
  const data = blobs(30);
  let bytes: Uint8Array;
  const fresh = async (): Promise<Uint8Array> => {
    bytes ??= (await fitWithCheckpoints({ epochs: 2, batchSize: 8, optimizer: { name: 'adam' }, seed: 1 }, data, undefined, 6, 'steps')).checkpoints[0]!;
    return bytes;
  };

  /** Rewrites one metadata entry (or tensor) and re-seals the checksum, so the deeper checks are reached. */
  function reseal(original: Uint8Array, edit: (md: Record<string, unknown>, tensors: Record<string, { shape: number[]; data: Float32Array | Float64Array | Uint8Array | Int32Array }>) => void): Uint8Array {
    const { tensors, metadata } = decodeSafetensors(original, 'x');
    const md: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(metadata)) md[k] = k.startsWith('format') || k === 'content_fnv1a' ? v : JSON.parse(v);
    const t = Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, { shape: [...v.shape], data: v.data }]));
    edit(md, t);
    const text: Record<string, string> = {};
    for (const [k, v] of Object.entries(md)) if (k !== 'content_fnv1a') text[k] = typeof v === 'string' && k.startsWith('format') ? v : JSON.stringify(v);
    // The checksum as encodeCheckpoint computes it.
    let h = 0x811c9dc5;
    const enc = new TextEncoder();
    for (const name of Object.keys(t).sort()) {
      h = fnv1a(enc.encode(name), h);
      const d = t[name]!.data;
      h = fnv1a(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), h);
    }
    for (const key of Object.keys(text).sort()) if (!key.startsWith('format')) h = fnv1a(enc.encode(`${key}=${text[key]}`), h);
    text['content_fnv1a'] = h.toString(16).padStart(8, '0');
    return encodeSafetensors(t, text);
  }

  it('round-trips: what is decoded is what was saved', async () => {
    const b = await fresh();
    const { checkpoint } = decodeCheckpoint(b);
    expect(encodeCheckpoint(checkpoint, { note: 'test' })).toEqual(b);
    // 30 examples in batches of 8: 4 steps per epoch, so step 6 is the second minibatch of epoch 2.
    expect(checkpoint.training).toMatchObject({ step: 6, epoch: 1, totalSteps: 8 });
    expect(checkpoint.position.batch).toBe(2);
    expect(checkpoint.history.steps.dataLoss).toHaveLength(6);
    expect(checkpoint.data.train).toEqual(fingerprintData(data));
    // A Python reader sees a plain safetensors file: the frame says what it is.
    const { metadata } = decodeSafetensors(b, 'x');
    expect(metadata['format']).toBe('linclass-checkpoint');
    expect(metadata['format_version']).toBe('1');
  });

  it('refuses files that are not checkpoints, newer versions and damaged bytes', async () => {
    const b = await fresh();
    const model = new LinearClassifier({ epochs: 1 });
    await model.fit(data, { yieldEveryMs: 1000 });
    expect(() => decodeCheckpoint(model.toBytes(), 'model.safetensors')).toThrow(/model\.safetensors: is a linclass model file, not a training checkpoint/);
    expect(() => decodeCheckpoint(reseal(b, (md) => (md['format_version'] = '2')), 'c')).toThrow(/c: has checkpoint format_version 2, newer than this linclass reads \(1\): upgrade linclass/);
    const flipped = b.slice();
    flipped[flipped.length - 3]! ^= 0x10;
    expect(() => decodeCheckpoint(flipped, 'c')).toThrow(/c: its checksum \(content_fnv1a\) does not match its contents: the file is damaged/);
    expect(() => decodeCheckpoint(b.subarray(0, b.length - 8), 'c')).toThrow(ModelFormatError);
  });

  const faults: [string, (md: Record<string, any>, t: Record<string, any>) => void, RegExp][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    ['a missing field', (md) => delete md['position'], /metadata 'position' is missing/],
    ['an unknown field', (md) => (md['extra'] = 1), /metadata 'extra' is not part of a checkpoint/],
    ['a step count that does not add up', (md) => (md['training'].step = 5), /metadata 'training\.step' is 5; epoch 1 and batch 2 of 4 per epoch make 6/],
    ['a batch past the epoch', (md) => (md['position'].batch = 9), /metadata 'position\.batch' must be a whole number in 0\.\.4/],
    ['a run length for other data', (md) => (md['training'].totalSteps = 9), /metadata 'training\.totalSteps' is 9; 2 epochs of 4 steps make 8/],
    ['an all-zero RNG', (md) => (md['training'].rng = { s: [0, 0, 0, 0], spare: null }), /metadata 'training\.rng' is invalid: state\.s: the all-zero state/],
    ['a shuffle state at an epoch boundary', (md) => (md['position'].shuffleRng = null), /'position\.shuffleRng' must be set exactly when the checkpoint is inside an epoch/],
    ['a missing optimizer moment', (_md, t) => delete t['opt.0/mu/0'], /the optimizer state is invalid: snapshot: has no tensor '0\/mu\/0'/],
    ['an optimizer moment of the wrong length', (_md, t) => (t['opt.0/nu/1'] = { shape: [2], data: new Float32Array(2) }), /snapshot: tensor '0\/nu\/1' has length 2, the optimizer's has 3/],
    ['a short history', (_md, t) => (t['history.elapsed'] = { shape: [5], data: new Float64Array(5) }), /tensor 'history\.elapsed' must be F64 with one value per update \(6\)/],
    ['a stray tensor', (_md, t) => (t['junk'] = { shape: [1], data: new Float32Array(1) }), /tensor 'junk' is not part of a checkpoint/],
    ['weights of another width', (_md, t) => (t['model.W'] = { shape: [3, 4], data: new Float32Array(12) }), /c \(model\): .*/],
    ['a best epoch without validation data', (md) => Object.assign(md['best'], { epoch: 1, value: 0.5, accuracy: 0.5 }), /metadata 'best\.epoch' is set but the run has no validation data/],
    ['a best epoch in the future', (md) => Object.assign(md['best'], { epoch: 2, value: 0.5, accuracy: 0.5 }), /metadata 'best\.epoch' must be null or a completed epoch \(1\.\.1\)/],
    ['an epoch record too many', (md) => md['history_epochs'].push({}), /metadata 'history_epochs' must list the 1 completed epoch\(s\)/],
    ['a non-finite loss in the history', (_md, t) => (t['history.dataLoss'].data[2] = Number.NaN), /tensor 'history\.dataLoss' has a non-finite value at index 2/],
    ['kernels not described', (md) => (md['kernels'] = 'fast'), /metadata 'kernels' must describe the kernels used/],
  ];
  for (const [what, edit, message] of faults) {
    it(`refuses ${what}`, async () => {
      const b = await fresh();
      const edited = reseal(b, edit);
      expect(() => decodeCheckpoint(edited, 'c')).toThrow(ModelFormatError);
      expect(() => decodeCheckpoint(edited, 'c')).toThrow(message);
    });
  }

  it('checkpointEvents gives back the events the listener saw up to the checkpoint', async () => {
    const run = await fitWithCheckpoints({ epochs: 3, batchSize: 8, seed: 4 }, data, blobs(9, 5, 3, 5), 5, 'steps');
    for (const b of run.checkpoints) {
      const { checkpoint } = decodeCheckpoint(b);
      const replay = checkpointEvents(checkpoint);
      const seen = run.events.filter((e) => e.type === 'step' || e.type === 'epoch').slice(0, replay.length);
      expect(replay).toEqual(seen);
      expect(replay.filter((e) => e.type === 'step')).toHaveLength(checkpoint.training.step);
    }
  });
});
