/**
 * The linear classifier of the lecture: scores s = Wx + b, trained by minimising
 *
 *   L(W, b) = (1/N) Σᵢ Lᵢ(s(xᵢ), yᵢ) + λ R(W)         (+ λ R(b) only with regularizeBias)
 *
 * with any of the five losses, any regularizer, any optimizer of src/optim (or the lecture's random
 * searches), by minibatches drawn from a seeded shuffle. Shapes (DESIGN.md): X [N, D], W [C, D], b [C],
 * S = X·Wᵀ + b [N, C]. The bias is a separate array, never folded into W here (a preprocessor's bias column
 * does that, if asked).
 *
 * Contract, after scikit-learn: the constructor only stores the configuration; `fit` validates it (typed
 * errors naming the setting) and the data, and trains; the fitted state is read through `state`. `fit` runs
 * anywhere (no Node APIs): the CLI drives it with progress bars and Ctrl-C, the lab in a Web Worker. It
 * yields to the event loop every few tens of milliseconds so that a stop request (a `signal` whose
 * `aborted` turns true) is seen after the current step.
 *
 * Numerics: the loss is checked every step and the weights on every update (C·D values, cheap next to the
 * N·C·D of a step). A non-finite loss, or an update that would make a weight non-finite, stops training with
 * DivergenceError naming the epoch and step; the update is not applied, so the model keeps its last finite
 * weights.
 */
import { fitPreprocessor } from '../data/preprocess.js';
import type { Preprocessor } from '../data/types.js';
import { ArgumentError, DivergenceError, NotFittedError, ShapeError } from '../errors.js';
import type { KernelChoice, KernelInfo, Kernels } from '../kernels/api.js';
import { refKernels } from '../kernels/ref/index.js';
import { selectKernels } from '../kernels/select.js';
import { softmaxProbabilities } from '../losses/softmax-cross-entropy.js';
import { LOSS_TITLES } from '../losses/spec.js';
import { exportOptState, importOptState } from '../optim/state.js';
import { applyUpdatesIfFinite } from '../optim/transform.js';
import { checkInteger } from '../tensor/checks.js';
import type { ByteMatrix, FloatArray, Matrix, Matrix32 } from '../tensor/matrix.js';
import { Rng, type RngState } from '../tensor/rng.js';
import {
  cacheFeatures,
  checkSameWidth,
  classNamesOf,
  DEFAULT_FEATURE_CACHE_BYTES,
  makeSource,
  type BatchSource,
  type LabeledData,
} from '../train/batch-source.js';
import {
  epochGeometry,
  fingerprintData,
  sameFingerprint,
  type CheckpointHistory,
  type DataFingerprint,
  type EpochRecord,
  type TrainingCheckpoint,
} from '../train/checkpoint.js';
import type { EpochEvent, FitSummary, StopReason, StopSignal, TrainEvent } from '../train/events.js';
import { accuracy, argmaxRows } from '../train/metrics.js';
import { makeTrainingState, type TrainingSnapshot, type TrainingState } from '../train/training-state.js';
import {
  AUTO_PIXEL_PREPROCESS,
  resolveLinearConfig,
  type LinearClassifierConfig,
  type ResolvedLinearConfig,
} from './linear-config.js';
import { configForFile, linearModelFile, parseLinearModel, type LinearModelState } from './linear-model-file.js';
import { decodeModelFile, encodeModelFile, type DecodedModelFile, type ModelFile } from './model-file.js';

export type { LabeledData } from '../train/batch-source.js';
export type { TrainingSnapshot } from '../train/training-state.js';
export type { LinearModelState } from './linear-model-file.js';

export interface FitOptions {
  /**
   * A preprocessor already fitted on the training data; minibatches go through its `transformRowsInto`, so
   * the float features of the whole set are never materialised. null: no preprocessing at all. Omitted:
   * the config's `preprocess` decides ('auto' fits the pixel default on byte data).
   */
  readonly preprocessor?: Preprocessor | null;
  /** Scored after every epoch (and used by early stopping); raw like the training data. */
  readonly validation?: LabeledData;
  /** Receives start, step, epoch and end events, synchronously, in order. */
  readonly onEvent?: (event: TrainEvent) => void;
  /** Checked after every step: when `aborted` is true, training stops cleanly (reason 'aborted'). */
  readonly signal?: StopSignal;
  /** Yield to the event loop after this much work, in milliseconds (default 50; 0 yields after every step). */
  readonly yieldEveryMs?: number;
  /**
   * When the training set's float features take at most this many bytes (default 512 MiB), they are computed
   * once into kernel memory and every step reads its shuffled rows there in place (the fused
   * `linearLossGrad` with `rows`); above it, or with 0, each minibatch is gathered and transformed as it
   * comes. The results are the same either way for the reference kernels; fast kernels may differ in the
   * last float bits.
   */
  readonly featureCacheBytes?: number;
  /**
   * Take checkpoints during the run (fit only): after every `every` updates (unit 'steps') or completed
   * epochs (unit 'epochs'), and when the run is stopped through `signal`. `save` receives a checkpoint
   * (its own copies of every array) and training waits for it, so a failed save stops the run with its
   * error. The last epoch and an early stop take none: the run's results follow at once.
   */
  readonly checkpoint?: CheckpointOptions;
  /**
   * Continue the run a checkpoint was taken from (fit only). The classifier's configuration must be the
   * checkpoint's (`new LinearClassifier(checkpoint.config)`), and `data` and `validation` the same data
   * (checked by fingerprint); the preprocessing is the checkpoint's. The run then ends with the same weights,
   * events and summary, bit for bit, as if it had never stopped; only timings differ (the summary's
   * `seconds` and the events' `elapsed` count the time before the checkpoint too).
   */
  readonly resume?: TrainingCheckpoint;
}

export interface CheckpointOptions {
  /** How often, in `unit`s (a whole number ≥ 1). */
  readonly every: number;
  readonly unit: 'steps' | 'epochs';
  /** Receives each checkpoint; may be async (training waits). */
  readonly save: (checkpoint: TrainingCheckpoint) => void | Promise<void>;
}

export interface PredictProbaOptions {
  /**
   * For models trained with a hinge loss: return softmax(scores) anyway. These are NOT probabilities: a
   * hinge loss is indifferent to the scale of W once margins hold (the lecture's §6: W and 2W both give
   * zero loss), so the softmax of its scores is sharp or flat arbitrarily. Only the ranking is meaningful.
   */
  readonly softmaxOfScores?: boolean;
}

const PREDICT_CHUNK = 1024;
const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** A macrotask turn: lets SIGINT handlers (Node) and worker messages (browser) run between steps. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
    if (typeof g.setImmediate === 'function') g.setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

export class LinearClassifier {
  readonly config: Readonly<LinearClassifierConfig>;
  private fittedState: LinearModelState | null = null;
  private training: TrainingState | null = null;
  private kernels: Kernels | null = null;
  /** Set while fit/partialFit runs: a second call on the same model would share its buffers and state. */
  private busy = false;

  constructor(config: LinearClassifierConfig = {}) {
    this.config = { ...config };
  }

  get isFitted(): boolean {
    return this.fittedState !== null;
  }

  /** The fitted weights, classes and preprocessing; NotFittedError before fit/load. */
  get state(): LinearModelState {
    if (!this.fittedState) throw new NotFittedError('LinearClassifier');
    return this.fittedState;
  }

  /** The kernels in use (after fit or load), or null. */
  get kernelInfo(): KernelInfo | null {
    return this.kernels?.info ?? null;
  }

  /**
   * Everything besides W and b that training needs to continue exactly where it stopped: the update and
   * epoch counts, the RNG (the next shuffle and the next search proposal), the optimizer's moments, and the
   * run length the schedule was built for. Plain data and typed arrays (a checkpoint stores it next to the
   * model file). NotFittedError when no training has happened in this object.
   */
  exportTrainingState(): TrainingSnapshot {
    const ts = this.training;
    if (!ts) throw new NotFittedError('LinearClassifier training state (fit or partialFit first)');
    return {
      step: ts.step,
      epoch: ts.epoch,
      totalSteps: ts.totalSteps,
      rng: ts.rng.getState(),
      optimizer: ts.optState ? exportOptState(ts.optState) : null,
    };
  }

  /**
   * Restores a snapshot from `exportTrainingState` into a fitted model with the same configuration (e.g. one
   * just loaded from the model file saved at the same moment); the next `partialFit` then continues bit for
   * bit as if training had never stopped.
   */
  importTrainingState(snapshot: TrainingSnapshot): void {
    const st = this.state;
    const config = resolveLinearConfig(this.config);
    checkInteger(snapshot.step, 0, 'snapshot.step');
    checkInteger(snapshot.epoch, 0, 'snapshot.epoch');
    checkInteger(snapshot.totalSteps, 1, 'snapshot.totalSteps');
    const ts = makeTrainingState(config, [st.W.data, st.b], snapshot.totalSteps, Rng.fromState(snapshot.rng));
    if ((ts.optState === null) !== (snapshot.optimizer === null)) {
      throw new ArgumentError('snapshot.optimizer', `does not match the configured optimizer '${config.optimizer.name}'`);
    }
    if (ts.optState && snapshot.optimizer) importOptState(ts.optState, snapshot.optimizer);
    ts.step = snapshot.step;
    ts.epoch = snapshot.epoch;
    this.training = ts;
    this.fittedState = { ...st, config };
  }

  /**
   * Trains from scratch on `data` for `epochs` passes (fewer with early stopping), replacing any earlier
   * fit. Resolves to the run's summary; rejects with DivergenceError if training blows up (the model then
   * holds the last finite weights) and with ArgumentError/ShapeError for bad settings or data.
   */
  async fit(data: LabeledData, options: FitOptions = {}): Promise<FitSummary> {
    return this.exclusive('fit', () => this.fitNow(data, options));
  }

  private async fitNow(data: LabeledData, options: FitOptions): Promise<FitSummary> {
    const config = resolveLinearConfig(this.config);
    checkCheckpointOptions(options.checkpoint);
    const kernels = await this.resolveKernels();
    const cp = options.resume ?? null;
    if (cp) {
      if (options.preprocessor !== undefined) {
        throw new ArgumentError('preprocessor', "a resumed fit uses the checkpoint's preprocessing; do not pass one");
      }
      const mine = canonicalJson(configForFile(config));
      const theirs = canonicalJson(configForFile(cp.model.config));
      if (mine !== theirs) {
        throw new ArgumentError('resume', `the checkpoint was taken with another configuration (${theirs}, this classifier has ${mine}); construct the classifier with checkpoint.config`);
      }
    }
    const prep = cp ? cp.model.preprocessor : this.choosePreprocessor(data, options, config);
    const classNames = classNamesOf(data, 'data');
    const source = makeSource(data, prep, classNames.length, 'data');
    const validation = options.validation ? makeSource(options.validation, prep, classNames.length, 'validation') : null;
    checkSameWidth(validation, source.features);
    if (config.earlyStopping && !validation) {
      throw new ArgumentError('earlyStopping', 'needs validation data: pass options.validation (e.g. a stratified split of the training set)');
    }
    // Fingerprints tie a checkpoint to its data (about 50 ms for MNIST); only runs that checkpoint pay for them.
    const fingerprints =
      options.checkpoint || cp ? { train: fingerprintData(data), validation: options.validation ? fingerprintData(options.validation) : null } : null;
    if (cp) {
      if (canonicalJson(classNames) !== canonicalJson(cp.model.classNames)) {
        throw new ArgumentError('resume', `the data's classes (${classNames.join(', ')}) are not the checkpoint's (${cp.model.classNames.join(', ')})`);
      }
      if (!sameFingerprint(fingerprints!.train, cp.data.train)) {
        throw new ArgumentError('resume', `the training data differs from the checkpoint's (${describeFingerprint(fingerprints!.train)} here, ${describeFingerprint(cp.data.train)} there); resume on the same data`);
      }
      if (!sameFingerprint(fingerprints!.validation, cp.data.validation)) {
        throw new ArgumentError('resume', `the validation data differs from the checkpoint's (${describeFingerprint(fingerprints!.validation)} here, ${describeFingerprint(cp.data.validation)} there)`);
      }
      this.restoreCheckpoint(config, cp, source);
    } else {
      this.startTraining(config, source, prep, classNames, data);
    }
    return this.run(kernels, source, validation, config.epochs - this.training!.epoch, options, config.earlyStopping !== null, {
      checkpoint: cp,
      fingerprints,
    });
  }

  /**
   * One pass over `data`, continuing from the current weights and optimizer state (the first call on an
   * unfitted model initialises them, and needs `data.classNames` or labels covering every class).
   * `partialFit` twice equals `fit` with epochs = 2 on the same data. Early stopping does not apply.
   */
  async partialFit(data: LabeledData, options: FitOptions = {}): Promise<FitSummary> {
    return this.exclusive('partialFit', () => this.partialFitNow(data, options));
  }

  private async partialFitNow(data: LabeledData, options: FitOptions): Promise<FitSummary> {
    if (options.checkpoint !== undefined || options.resume !== undefined) {
      throw new ArgumentError(options.checkpoint !== undefined ? 'checkpoint' : 'resume', 'applies to fit only; partialFit continues from the model itself (see exportTrainingState)');
    }
    const kernels = await this.resolveKernels();
    if (!this.training || !this.fittedState) {
      const config = resolveLinearConfig(this.config);
      const prep = this.choosePreprocessor(data, options, config);
      const classNames = classNamesOf(data, 'data');
      const source = makeSource(data, prep, classNames.length, 'data');
      this.startTraining(config, source, prep, classNames, data);
    }
    const st = this.fittedState!;
    if (options.preprocessor !== undefined && options.preprocessor !== st.preprocessor) {
      throw new ArgumentError('preprocessor', 'partialFit continues with the preprocessor of the first call; do not pass another one');
    }
    const source = makeSource(data, st.preprocessor, st.classNames.length, 'data');
    if (source.features !== st.W.cols) {
      throw new ShapeError('data.X', `gives ${source.features} features per row, the model was started with ${st.W.cols}`);
    }
    const validation = options.validation ? makeSource(options.validation, st.preprocessor, st.classNames.length, 'validation') : null;
    checkSameWidth(validation, st.W.cols);
    return this.run(kernels, source, validation, 1, options, false, null);
  }

  /** Scores S = f(X)·Wᵀ + b, [N, C], where f is the model's preprocessing (identity without one). */
  decisionFunction(X: ByteMatrix | Matrix): Matrix32 {
    const st = this.state;
    const C = st.classNames.length;
    const out: Matrix32 = { data: new Float32Array(X.rows * C), rows: X.rows, cols: C };
    this.forEachChunk(X, (S, start) => out.data.set(S.data.subarray(0, S.rows * C), start * C));
    return out;
  }

  /** The class index with the highest score (the first on ties). */
  predict(X: ByteMatrix | Matrix): Int32Array {
    return argmaxRows(this.decisionFunction(X));
  }

  /** The class names of `predict`. */
  predictNames(X: ByteMatrix | Matrix): string[] {
    const names = this.state.classNames;
    return Array.from(this.predict(X), (k) => names[k]!);
  }

  /**
   * Softmax probabilities, [N, C], rows summing to 1, for a model trained with the softmax loss. For hinge
   * losses this throws ArgumentError (their scores are not log-probabilities) unless `softmaxOfScores` is
   * set, which returns the uncalibrated softmax of the scores.
   */
  predictProba(X: ByteMatrix | Matrix, options: PredictProbaOptions = {}): Matrix32 {
    const st = this.state;
    const loss = st.config.loss.name;
    if (loss !== 'softmax' && !options.softmaxOfScores) {
      throw new ArgumentError(
        'loss',
        `this model was trained with the ${LOSS_TITLES[loss]} loss, whose scores are not probabilities; ` +
          'use decisionFunction() for scores, or pass { softmaxOfScores: true } for an uncalibrated softmax of them',
      );
    }
    const S = this.decisionFunction(X);
    return softmaxProbabilities(S, { data: new Float32Array(S.data.length), rows: S.rows, cols: S.cols }) as Matrix32;
  }

  /** Accuracy on (X, labels). */
  score(X: ByteMatrix | Matrix, labels: ArrayLike<number>): number {
    if (labels.length !== X.rows) throw new ShapeError('labels', `has length ${labels.length}, X has ${X.rows} rows`);
    return accuracy(this.predict(X), labels);
  }

  // ---------------------------------------------------------------- model files

  /** The model as a model file (kind 'linear'): W, b, the preprocessing tensors, and its metadata. */
  toModelFile(): ModelFile {
    return linearModelFile(this.state);
  }

  /** The bytes of the model file (pure; the lab can offer them as a download). */
  toBytes(): Uint8Array {
    return encodeModelFile(this.toModelFile());
  }

  /** Saves atomically to `path` (Node only): the previous file survives a crash mid-save. */
  async save(path: string): Promise<void> {
    const { saveModel } = await importSerialize();
    saveModel(path, this.toModelFile());
  }

  /** A classifier from a decoded model file, checked field by field (ModelFormatError naming `file`). */
  static fromModelFile(model: DecodedModelFile, file = '<model bytes>', kernels?: Kernels): LinearClassifier {
    return LinearClassifier.restore(model, file, kernels ?? null);
  }

  /** A classifier from model-file bytes (pure: works in the browser). */
  static fromBytes(bytes: Uint8Array, options: { file?: string; kernels?: Kernels } = {}): LinearClassifier {
    const file = options.file ?? '<model bytes>';
    return LinearClassifier.restore(decodeModelFile(bytes, file, 'linear'), file, options.kernels ?? null);
  }

  /** Loads a model file saved by `save` (Node only). */
  static async load(path: string, options: { kernels?: KernelChoice | Kernels } = {}): Promise<LinearClassifier> {
    const { loadModelFile } = await importSerialize();
    const k = options.kernels ?? 'auto';
    const kernels = typeof k === 'string' ? await selectKernels(k) : k;
    return LinearClassifier.restore(loadModelFile(path, 'linear'), path, kernels);
  }

  private static restore(model: DecodedModelFile, file: string, kernels: Kernels | null): LinearClassifier {
    const { config, state } = parseLinearModel(model, file);
    const clf = new LinearClassifier({ ...config, ...(kernels ? { kernels } : {}) });
    clf.fittedState = state;
    clf.kernels = kernels;
    return clf;
  }

  // ---------------------------------------------------------------- training internals

  private async exclusive(what: string, f: () => Promise<FitSummary>): Promise<FitSummary> {
    if (this.busy) throw new ArgumentError(what, 'another fit or partialFit is still running on this model; await it (or stop it) first');
    this.busy = true;
    try {
      return await f();
    } finally {
      this.busy = false;
    }
  }

  private async resolveKernels(): Promise<Kernels> {
    const k = this.config.kernels ?? 'auto';
    if (typeof k !== 'string') {
      this.kernels = k;
      return k;
    }
    if (this.kernels && this.kernels.info.name === k) return this.kernels;
    this.kernels = await selectKernels(k);
    return this.kernels;
  }

  private choosePreprocessor(data: LabeledData, options: FitOptions, config: ResolvedLinearConfig): Preprocessor | null {
    if (options.preprocessor !== undefined) return options.preprocessor;
    const p = config.preprocess;
    if (p === 'none') return null;
    if (p === 'auto') return data.X.data instanceof Uint8Array ? fitPreprocessor(data.X, AUTO_PIXEL_PREPROCESS) : null;
    return fitPreprocessor(data.X, p);
  }

  /** Fresh weights (initScale·N(0, 1), b = 0), optimizer state and RNG: the beginning of a run. */
  private startTraining(
    config: ResolvedLinearConfig,
    source: BatchSource,
    prep: Preprocessor | null,
    classNames: readonly string[],
    data: LabeledData,
  ): void {
    const C = classNames.length;
    const D = source.features;
    const rng = new Rng(config.seed);
    const W: Matrix32 = { data: new Float32Array(C * D), rows: C, cols: D };
    if (config.initScale > 0) rng.fillNormal(W.data, config.initScale);
    const b = new Float32Array(C);
    const stepsPerEpoch = Math.ceil(source.n / Math.min(config.batchSize, source.n));
    this.training = makeTrainingState(config, [W.data, b], config.epochs * stepsPerEpoch, rng);
    this.fittedState = {
      W,
      b,
      classNames: [...classNames],
      imageShape: data.imageShape ?? null,
      preprocessor: prep,
      inputDim: prep ? prep.inputDim : D,
      config,
      summary: null,
    };
  }

  /** The weights, optimizer state, RNG and counts of a checkpoint: the run continues from there. */
  private restoreCheckpoint(config: ResolvedLinearConfig, cp: TrainingCheckpoint, source: BatchSource): void {
    const m = cp.model;
    const { stepsPerEpoch } = epochGeometry(source.n, config.batchSize);
    if (cp.training.totalSteps !== config.epochs * stepsPerEpoch) {
      throw new ArgumentError('resume', `the checkpoint's run spans ${cp.training.totalSteps} steps, this one ${config.epochs * stepsPerEpoch}`);
    }
    const W: Matrix32 = { data: m.W.data.slice(), rows: m.W.rows, cols: m.W.cols };
    const b = m.b.slice();
    const ts = makeTrainingState(config, [W.data, b], cp.training.totalSteps, Rng.fromState(cp.training.rng));
    if ((ts.optState === null) !== (cp.training.optimizer === null)) {
      throw new ArgumentError('resume', `the checkpoint's optimizer state does not match the configured optimizer '${config.optimizer.name}'`);
    }
    if (ts.optState && cp.training.optimizer) importOptState(ts.optState, cp.training.optimizer);
    ts.step = cp.training.step;
    ts.epoch = cp.training.epoch;
    this.training = ts;
    this.fittedState = { ...m, W, b, config, summary: null };
  }

  /** The epoch loop shared by fit and partialFit (`context` is fit's: checkpoints and resume). */
  private async run(
    kernels: Kernels,
    source: BatchSource,
    validation: BatchSource | null,
    epochs: number,
    options: FitOptions,
    earlyStop: boolean,
    context: RunContext | null,
  ): Promise<FitSummary> {
    const ts = this.training!;
    const st = this.fittedState!;
    const { config, regularizer: reg } = ts;
    const spec = config.loss;
    const emit = options.onEvent ?? null;
    const signal = options.signal ?? null;
    const yieldEvery = options.yieldEveryMs ?? 50;
    if (!Number.isFinite(yieldEvery) || yieldEvery < 0) throw new ArgumentError('yieldEveryMs', `must be a finite number ≥ 0, got ${yieldEvery}`);
    const info = kernels.info;
    const t0 = now();
    const N = source.n;
    const D = source.features;
    const C = st.classNames.length;
    const { stepsPerEpoch, batch: B, tail } = epochGeometry(N, config.batchSize);
    const regBias = config.regularizeBias;
    const cp = context?.checkpoint ?? null;
    const saving = context ? (options.checkpoint ?? null) : null;
    const history = context && (saving || cp) ? new HistoryRecorder(cp?.history ?? null) : null;
    const secondsBefore = cp?.seconds ?? 0;
    const elapsed = (): number => secondsBefore + (now() - t0) / 1000;

    // Every buffer of the loop, allocated once; the weights live in kernel memory during the run.
    const allocated: Matrix32[] = [];
    const alloc = (r: number, c: number): Matrix32 => {
      const m = kernels.alloc(r, c);
      allocated.push(m);
      return m;
    };
    const cacheBytes = options.featureCacheBytes ?? DEFAULT_FEATURE_CACHE_BYTES;
    if (!(cacheBytes >= 0)) throw new ArgumentError('featureCacheBytes', `must be a number ≥ 0, got ${cacheBytes}`);
    // The search strategies score whole candidates, not gradients: they keep the gathered minibatches.
    const features = ts.search ? null : cacheFeatures(source, kernels, cacheBytes);
    if (features) allocated.push(features);
    const Xb = alloc(B, D);
    const Sb = alloc(B, C);
    const dSb = alloc(B, C);
    const XbTail = tail === B ? Xb : alloc(tail, D);
    const SbTail = tail === B ? Sb : alloc(tail, C);
    const dSbTail = tail === B ? dSb : alloc(tail, C);
    const W = alloc(C, D);
    const bm = alloc(1, C);
    const dW = alloc(C, D);
    const db = alloc(1, C).data;
    const search = ts.search;
    const Wc = search ? alloc(C, D) : null;
    const bc = search ? alloc(1, C) : null;
    const Sc = search ? alloc(B, C) : null;
    const ScTail = search ? (tail === B ? Sc : alloc(tail, C)) : null;
    const candidate = search ? [Wc!.data, bc!.data] : [];
    W.data.set(st.W.data);
    bm.data.set(st.b);
    const b = bm.data;
    const yb = new Int32Array(B);
    const ybTail = tail === B ? yb : yb.subarray(0, tail);
    const perm = new Int32Array(N);
    const params = [W.data, b];
    const updates: FloatArray[] = [dW.data, db];
    const bestW = earlyStop ? new Float32Array(C * D) : null;
    const bestB = earlyStop ? new Float32Array(C) : null;
    const monitor = config.earlyStopping;

    let bestEpoch: number | null = cp?.best.epoch ?? null;
    let bestValue = cp?.best.value ?? Number.NaN;
    let bestAccuracy: number | null = cp?.best.accuracy ?? null;
    let sinceBest = cp?.best.sinceBest ?? 0;
    if (cp?.best.W && bestW) bestW.set(cp.best.W);
    if (cp?.best.b && bestB) bestB.set(cp.best.b);
    let reason: StopReason = 'completed';
    // A fit counts the epochs of the whole run, the ones before its checkpoint included.
    let epochsDone = cp ? cp.training.epoch : 0;
    const lastRecord = cp?.history.epochs[cp.history.epochs.length - 1];
    let last: EpochEvent | null = lastRecord ? { type: 'epoch', ...lastRecord, kernels: cp!.kernels } : null;
    let lastYield = t0;
    let savedAtStep = cp ? ts.step : -1;

    const penalty = (w: FloatArray, bias: FloatArray): number => reg.penalty(w) + (regBias ? reg.penalty(bias) : 0);
    const countHits = (S: Matrix32, labels: Int32Array): number => {
      let hits = 0;
      for (let i = 0; i < S.rows; i++) {
        let best = 0;
        for (let j = 1; j < C; j++) if (S.data[i * C + j]! > S.data[i * C + best]!) best = j;
        if (best === labels[i]) hits++;
      }
      return hits;
    };
    const summary = (): FitSummary => ({
      reason,
      epochs: epochsDone,
      steps: ts.step,
      examples: N,
      seconds: elapsed(),
      dataLoss: last?.dataLoss ?? null,
      regLoss: last?.regLoss ?? null,
      trainAccuracy: last?.trainAccuracy ?? null,
      validationAccuracy: last?.validationAccuracy ?? null,
      bestEpoch,
      bestValidationAccuracy: bestAccuracy,
      kernels: info,
    });
    const keepWeights = (useBest: boolean): void => {
      st.W.data.set(useBest && bestW ? bestW : W.data);
      st.b.set(useBest && bestB ? bestB : b);
    };
    /** Hands a checkpoint of the run as it stands to `save`: `batch` minibatches into the current epoch. */
    const saveCheckpoint = async (batch: number, shuffleRng: RngState | null, sumData: number, sumReg: number, hits: number): Promise<void> => {
      const inside = batch > 0;
      await saving!.save({
        config: configForFile(config),
        model: { ...st, W: { data: W.data.slice(), rows: C, cols: D }, b: b.slice(), config, summary: null },
        training: {
          step: ts.step,
          epoch: ts.epoch,
          totalSteps: ts.totalSteps,
          rng: ts.rng.getState(),
          optimizer: ts.optState ? exportOptState(ts.optState) : null,
        },
        position: { batch, shuffleRng: inside ? shuffleRng : null, sumData: inside ? sumData : 0, sumReg: inside ? sumReg : 0, hits: inside ? hits : 0 },
        best: {
          epoch: bestEpoch,
          value: bestEpoch === null ? null : bestValue,
          accuracy: bestAccuracy,
          sinceBest,
          W: bestW ? bestW.slice() : null,
          b: bestB ? bestB.slice() : null,
        },
        history: history!.snapshot(),
        data: context!.fingerprints!,
        seconds: elapsed(),
        kernels: info,
      });
      savedAtStep = ts.step;
    };

    try {
      emit?.({
        type: 'start',
        examples: N,
        features: D,
        classes: C,
        batchSize: B,
        stepsPerEpoch,
        epochs,
        kernels: info,
        ...(cp ? { resumedFrom: { step: cp.training.step, epoch: cp.training.epoch, batch: cp.position.batch } } : {}),
      });
      // Where the epoch in progress stood, for a checkpoint taken when a stop request ends it early.
      let stoppedInside: { batch: number; shuffleRng: RngState; sumData: number; sumReg: number; hits: number } | null = null;
      let resumeBatch = cp ? cp.position.batch : 0;
      epochLoop: for (let e = 0; e < epochs; e++) {
        const epoch = ts.epoch + 1;
        for (let i = 0; i < N; i++) perm[i] = i;
        let sumData = 0;
        let sumReg = 0;
        let hits = 0;
        let firstBatch = 0;
        let shuffleRng: RngState;
        if (resumeBatch > 0) {
          // Redo the interrupted epoch's shuffle from its starting state; the RNG itself continues from the checkpoint.
          shuffleRng = cp!.position.shuffleRng!;
          Rng.fromState(shuffleRng).shuffle(perm);
          firstBatch = resumeBatch;
          sumData = cp!.position.sumData;
          sumReg = cp!.position.sumReg;
          hits = cp!.position.hits;
          resumeBatch = 0;
        } else {
          shuffleRng = ts.rng.getState();
          ts.rng.shuffle(perm);
        }
        for (let k = firstBatch; k < stepsPerEpoch; k++) {
          const start = k * B;
          const n = k === stepsPerEpoch - 1 ? tail : B;
          const X = n === B ? Xb : XbTail;
          const S = n === B ? Sb : SbTail;
          const y = n === B ? yb : ybTail;
          const rows = perm.subarray(start, start + n);
          if (!features) source.fill(rows, X);
          for (let r = 0; r < n; r++) y[r] = source.labels[rows[r]!]!;
          const step = ts.step + 1;
          const eta = ts.schedule(ts.step);
          let dataLoss: number;
          let regLoss: number;
          let batchHits: number;
          if (search) {
            // Compare incumbent and candidate on the same minibatch; keep the better one.
            kernels.linearScores(X, W, b, S);
            dataLoss = kernels.loss(spec, S, y, null, null) / n;
            regLoss = penalty(W.data, b);
            if (!Number.isFinite(dataLoss + regLoss)) throw new DivergenceError(epoch, step, `the loss is ${dataLoss + regLoss}`);
            search.propose(params, candidate, eta, ts.rng);
            const S2 = n === B ? Sc! : ScTail!;
            kernels.linearScores(X, Wc!, bc!.data, S2);
            const candData = kernels.loss(spec, S2, y, null, null) / n;
            const candReg = penalty(Wc!.data, bc!.data);
            if (candData + candReg < dataLoss + regLoss) {
              W.data.set(Wc!.data);
              b.set(bc!.data);
              dataLoss = candData;
              regLoss = candReg;
              batchHits = countHits(S2, y);
            } else {
              batchHits = countHits(S, y);
            }
          } else {
            const dS = n === B ? dSb : dSbTail;
            // Scores, loss, dS, dW and db in one kernel call: on the cached features, the batch's rows are
            // read in place; otherwise from the minibatch just transformed into X.
            dataLoss =
              (features
                ? kernels.linearLossGrad(features, W, b, source.labels, spec, S, dS, dW, db, null, rows)
                : kernels.linearLossGrad(X, W, b, y, spec, S, dS, dW, db, null)) / n;
            regLoss = penalty(W.data, b);
            if (!Number.isFinite(dataLoss + regLoss)) {
              throw new DivergenceError(epoch, step, `the loss is ${dataLoss + regLoss} (data ${dataLoss}, regularization ${regLoss})`);
            }
            batchHits = countHits(S, y);
            reg.addGrad(W.data, dW.data);
            if (regBias) reg.addGrad(b, db);
            ts.optimizer!.update(updates, ts.optState!, params);
            const bad = applyUpdatesIfFinite(params, updates);
            if (bad) {
              const where = bad.tensor === 0 ? `W[${Math.floor(bad.index / D)}, ${bad.index % D}]` : `b[${bad.index}]`;
              throw new DivergenceError(epoch, step, `the update would make ${where} non-finite (learning rate ${eta})`);
            }
          }
          ts.step = step;
          sumData += dataLoss * n;
          sumReg += regLoss * n;
          hits += batchHits;
          const t = elapsed();
          history?.step(dataLoss, regLoss, batchHits / n, eta, t);
          if (emit) {
            emit({
              type: 'step',
              epoch,
              step,
              batch: k + 1,
              batchSize: n,
              dataLoss,
              regLoss,
              loss: dataLoss + regLoss,
              batchAccuracy: batchHits / n,
              learningRate: eta,
              elapsed: t,
              kernels: info,
            });
          }
          if (saving?.unit === 'steps' && step % saving.every === 0) await saveCheckpoint(k + 1, shuffleRng, sumData, sumReg, hits);
          if (now() - lastYield >= yieldEvery) {
            await yieldToEventLoop();
            lastYield = now();
          }
          if (signal?.aborted) {
            reason = 'aborted';
            stoppedInside = { batch: k + 1, shuffleRng, sumData, sumReg, hits };
            break epochLoop;
          }
        }
        ts.epoch = epoch;
        epochsDone++;
        let validationAccuracy: number | null = null;
        let validationLoss: number | null = null;
        let best = false;
        if (validation) {
          const v = this.evaluateSource(validation, W, b, kernels);
          validationAccuracy = v.accuracy;
          validationLoss = v.loss;
          const value = monitor?.monitor === 'loss' ? -v.loss : v.accuracy;
          if (bestEpoch === null || value > bestValue + (monitor?.minDelta ?? 0)) {
            best = true;
            bestValue = value;
            bestEpoch = epoch;
            bestAccuracy = v.accuracy;
            sinceBest = 0;
            bestW?.set(W.data);
            bestB?.set(b);
          } else {
            sinceBest++;
          }
        }
        last = {
          type: 'epoch',
          epoch,
          step: ts.step,
          dataLoss: sumData / N,
          regLoss: sumReg / N,
          loss: (sumData + sumReg) / N,
          trainAccuracy: hits / N,
          validationAccuracy,
          validationLoss,
          best,
          learningRate: ts.schedule(Math.max(0, ts.step - 1)),
          elapsed: elapsed(),
          kernels: info,
        };
        history?.epoch(last);
        emit?.(last);
        if (earlyStop && monitor && sinceBest >= monitor.patience) {
          reason = 'early-stopped';
          break;
        }
        if (signal?.aborted) {
          reason = 'aborted';
          break;
        }
        if (saving?.unit === 'epochs' && epoch % saving.every === 0 && e < epochs - 1) await saveCheckpoint(0, null, 0, 0, 0);
      }
      // A stopped run leaves a checkpoint of where it stopped, so it can be resumed from exactly there.
      if (reason === 'aborted' && saving && savedAtStep !== ts.step) {
        const p = stoppedInside;
        await (p ? saveCheckpoint(p.batch, p.shuffleRng, p.sumData, p.sumReg, p.hits) : saveCheckpoint(0, null, 0, 0, 0));
      }
      keepWeights(earlyStop && bestEpoch !== null);
      if (!earlyStop) {
        bestEpoch = null;
        bestAccuracy = null;
      }
      const s = summary();
      this.fittedState = { ...st, summary: s };
      emit?.({ type: 'end', summary: s });
      return s;
    } catch (err) {
      if (err instanceof DivergenceError) {
        keepWeights(false); // W and b hold the last finite values: the failing update was never applied
        reason = 'diverged';
        const s = summary();
        this.fittedState = { ...st, summary: s };
        emit?.({ type: 'end', summary: s });
      }
      throw err;
    } finally {
      for (const m of allocated) kernels.release(m);
    }
  }

  /** Accuracy and mean data loss of weights (W, b) on a source, in chunks. */
  private evaluateSource(source: BatchSource, W: Matrix32, b: Float32Array, kernels: Kernels): { accuracy: number; loss: number } {
    const C = W.rows;
    const chunk = Math.min(PREDICT_CHUNK, source.n);
    const X = kernels.alloc(chunk, source.features);
    const S = kernels.alloc(chunk, C);
    const rows = new Int32Array(chunk);
    let hits = 0;
    let lossSum = 0;
    const spec = this.training!.config.loss;
    try {
      for (let start = 0; start < source.n; start += chunk) {
        const n = Math.min(chunk, source.n - start);
        const r = n === chunk ? rows : rows.subarray(0, n);
        for (let k = 0; k < n; k++) r[k] = start + k;
        const Xv = n === chunk ? X : { data: X.data.subarray(0, n * source.features), rows: n, cols: source.features };
        const Sv = n === chunk ? S : { data: S.data.subarray(0, n * C), rows: n, cols: C };
        source.fill(r, Xv);
        kernels.linearScores(Xv, W, b, Sv);
        const y = source.labels.subarray(start, start + n);
        lossSum += kernels.loss(spec, Sv, y, null, null);
        const pred = argmaxRows(Sv);
        for (let k = 0; k < n; k++) if (pred[k] === y[k]) hits++;
      }
    } finally {
      kernels.release(X);
      kernels.release(S);
    }
    return { accuracy: hits / source.n, loss: lossSum / source.n };
  }

  /** Runs f on the scores of consecutive chunks of X (preprocessed when the model has a preprocessor). */
  private forEachChunk(X: ByteMatrix | Matrix, f: (S: Matrix32, start: number) => void): void {
    const st = this.state;
    const kernels = this.kernels ?? refKernels;
    const C = st.classNames.length;
    const D = st.W.cols;
    const prep = st.preprocessor;
    if (X.cols !== st.inputDim) {
      throw new ShapeError('X', `has ${X.cols} columns, the model takes ${st.inputDim} values per example`);
    }
    if (!prep && X.data instanceof Uint8Array) {
      throw new ArgumentError('X', 'holds bytes but this model has no preprocessing; convert the data to float32 features first');
    }
    if (X.rows === 0) return;
    const chunk = Math.min(PREDICT_CHUNK, X.rows);
    const Xc = kernels.alloc(chunk, D);
    const Sc = kernels.alloc(chunk, C);
    const W = kernels.alloc(C, D);
    const bm = kernels.alloc(1, C);
    W.data.set(st.W.data);
    bm.data.set(st.b);
    const rows = new Int32Array(chunk);
    try {
      for (let start = 0; start < X.rows; start += chunk) {
        const n = Math.min(chunk, X.rows - start);
        const Sv = n === chunk ? Sc : { data: Sc.data.subarray(0, n * C), rows: n, cols: C };
        let Xv: Matrix;
        if (prep) {
          const r = n === chunk ? rows : rows.subarray(0, n);
          for (let k = 0; k < n; k++) r[k] = start + k;
          Xv = n === chunk ? Xc : { data: Xc.data.subarray(0, n * D), rows: n, cols: D };
          prep.transformRowsInto(X as ByteMatrix | Matrix32, r, Xv as Matrix32);
        } else {
          Xv = { data: (X as Matrix).data.subarray(start * D, (start + n) * D), rows: n, cols: D };
        }
        kernels.linearScores(Xv, W, bm.data, Sv);
        f(Sv, start);
      }
    } finally {
      for (const m of [Xc, Sc, W, bm]) kernels.release(m);
    }
  }
}

interface RunContext {
  /** The checkpoint a resumed fit continues from. */
  readonly checkpoint: TrainingCheckpoint | null;
  /** The data's fingerprints, when the run takes checkpoints or resumes. */
  readonly fingerprints: { readonly train: DataFingerprint; readonly validation: DataFingerprint | null } | null;
}

function checkCheckpointOptions(c: CheckpointOptions | undefined): void {
  if (c === undefined) return;
  if (typeof c !== 'object' || c === null) throw new ArgumentError('checkpoint', 'must be { every, unit, save }');
  checkInteger(c.every, 1, 'checkpoint.every');
  if (c.unit !== 'steps' && c.unit !== 'epochs') throw new ArgumentError('checkpoint.unit', `must be 'steps' or 'epochs', got '${String(c.unit)}'`);
  if (typeof c.save !== 'function') throw new ArgumentError('checkpoint.save', 'must be a function receiving each checkpoint');
}

/** JSON with object keys sorted, so two equal values always give the same text. */
function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, value: unknown) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

function describeFingerprint(f: DataFingerprint | null): string {
  return f === null ? 'none' : `${f.rows}×${f.cols}, features ${f.features}, labels ${f.labels}`;
}

/** The run's events so far, for checkpoints: step figures in growing float64 columns, epoch records. */
class HistoryRecorder {
  private size = 0;
  private columns: Float64Array[];
  private readonly epochs: EpochRecord[];

  constructor(from: CheckpointHistory | null) {
    const s = from?.steps;
    const start = s ? [s.dataLoss, s.regLoss, s.batchAccuracy, s.learningRate, s.elapsed] : [];
    this.size = s?.dataLoss.length ?? 0;
    const capacity = Math.max(1024, this.size * 2);
    this.columns = Array.from({ length: 5 }, (_, i) => {
      const c = new Float64Array(capacity);
      if (start[i]) c.set(start[i]!);
      return c;
    });
    this.epochs = from ? [...from.epochs] : [];
  }

  step(dataLoss: number, regLoss: number, batchAccuracy: number, learningRate: number, elapsed: number): void {
    if (this.size === this.columns[0]!.length) {
      this.columns = this.columns.map((c) => {
        const grown = new Float64Array(c.length * 2);
        grown.set(c);
        return grown;
      });
    }
    const i = this.size++;
    const [a, b, c, d, e] = this.columns as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    a[i] = dataLoss;
    b[i] = regLoss;
    c[i] = batchAccuracy;
    d[i] = learningRate;
    e[i] = elapsed;
  }

  epoch(event: EpochEvent): void {
    const { type: _type, kernels: _kernels, ...record } = event;
    this.epochs.push(record);
  }

  snapshot(): CheckpointHistory {
    const [a, b, c, d, e] = this.columns.map((col) => col.slice(0, this.size)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    return { steps: { dataLoss: a, regLoss: b, batchAccuracy: c, learningRate: d, elapsed: e }, epochs: [...this.epochs] };
  }
}

/** The Node-only file layer, loaded on demand so that importing this module never pulls in node:fs. */
async function importSerialize(): Promise<typeof import('./serialize.js')> {
  const path = './serialize.js';
  return (await import(/* @vite-ignore */ path)) as typeof import('./serialize.js');
}
