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
import { optimizerFromSpec, type GradientOptimizerSpec } from '../optim/aliases.js';
import { searchFromSpec, type SearchSpec, type SearchStrategy } from '../optim/random-search.js';
import { scheduleFromSpec, type Schedule } from '../optim/schedules.js';
import { exportOptState, importOptState, type OptStateSnapshot } from '../optim/state.js';
import { applyUpdatesIfFinite, type GradientTransformation, type OptState } from '../optim/transform.js';
import { regularizerFromSpec, type Regularizer } from '../regularizers/index.js';
import { checkInteger } from '../tensor/checks.js';
import type { ByteMatrix, FloatArray, Matrix, Matrix32 } from '../tensor/matrix.js';
import { Rng, type RngState } from '../tensor/rng.js';
import { checkSameWidth, classNamesOf, makeSource, type BatchSource, type LabeledData } from '../train/batch-source.js';
import type { EpochEvent, FitSummary, StopReason, StopSignal, TrainEvent } from '../train/events.js';
import { accuracy, argmaxRows } from '../train/metrics.js';
import {
  AUTO_PIXEL_PREPROCESS,
  resolveLinearConfig,
  type LinearClassifierConfig,
  type ResolvedLinearConfig,
} from './linear-config.js';
import { linearModelFile, parseLinearModel, type LinearModelState } from './linear-model-file.js';
import { decodeModelFile, encodeModelFile, type DecodedModelFile, type ModelFile } from './model-file.js';

export type { LabeledData } from '../train/batch-source.js';
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
}

export interface PredictProbaOptions {
  /**
   * For models trained with a hinge loss: return softmax(scores) anyway. These are NOT probabilities: a
   * hinge loss is indifferent to the scale of W once margins hold (the lecture's §6: W and 2W both give
   * zero loss), so the softmax of its scores is sharp or flat arbitrarily. Only the ranking is meaningful.
   */
  readonly softmaxOfScores?: boolean;
}

/** Training state carried between partialFit calls: the optimizer's moments, the RNG, the step count. */
interface TrainingState {
  readonly config: ResolvedLinearConfig;
  /** The run length the schedule was built for (epochs × steps per epoch of the first data seen). */
  readonly totalSteps: number;
  readonly optimizer: GradientTransformation | null;
  readonly optState: OptState | null;
  readonly search: SearchStrategy | null;
  readonly schedule: Schedule;
  readonly regularizer: Regularizer;
  readonly rng: Rng;
  step: number;
  epoch: number;
}

/** Training state as plain data (see LinearClassifier.exportTrainingState). */
export interface TrainingSnapshot {
  /** Updates applied so far. */
  readonly step: number;
  /** Epochs completed so far. */
  readonly epoch: number;
  /** The run length the learning-rate schedule spans. */
  readonly totalSteps: number;
  readonly rng: RngState;
  /** Null for the search strategies, which keep no optimizer state. */
  readonly optimizer: OptStateSnapshot | null;
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
    const kernels = await this.resolveKernels();
    const prep = this.choosePreprocessor(data, options, config);
    const classNames = classNamesOf(data, 'data');
    const source = makeSource(data, prep, classNames.length, 'data');
    const validation = options.validation ? makeSource(options.validation, prep, classNames.length, 'validation') : null;
    checkSameWidth(validation, source.features);
    if (config.earlyStopping && !validation) {
      throw new ArgumentError('earlyStopping', 'needs validation data: pass options.validation (e.g. a stratified split of the training set)');
    }
    this.startTraining(config, source, prep, classNames, data);
    return this.run(kernels, source, validation, config.epochs, options, config.earlyStopping !== null);
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
    return this.run(kernels, source, validation, 1, options, false);
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

  /** The epoch loop shared by fit and partialFit. */
  private async run(
    kernels: Kernels,
    source: BatchSource,
    validation: BatchSource | null,
    epochs: number,
    options: FitOptions,
    earlyStop: boolean,
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
    const B = Math.min(config.batchSize, N);
    const stepsPerEpoch = Math.ceil(N / B);
    const tail = N - (stepsPerEpoch - 1) * B; // size of the last minibatch (B when N is a multiple of B)
    const regBias = config.regularizeBias;

    // Every buffer of the loop, allocated once; the weights live in kernel memory during the run.
    const allocated: Matrix32[] = [];
    const alloc = (r: number, c: number): Matrix32 => {
      const m = kernels.alloc(r, c);
      allocated.push(m);
      return m;
    };
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

    let bestEpoch: number | null = null;
    let bestValue = Number.NaN;
    let bestAccuracy: number | null = null;
    let sinceBest = 0;
    let reason: StopReason = 'completed';
    let epochsDone = 0;
    let last: EpochEvent | null = null;
    let lastYield = t0;

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
      seconds: (now() - t0) / 1000,
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

    try {
      emit?.({ type: 'start', examples: N, features: D, classes: C, batchSize: B, stepsPerEpoch, epochs, kernels: info });
      epochLoop: for (let e = 0; e < epochs; e++) {
        const epoch = ts.epoch + 1;
        for (let i = 0; i < N; i++) perm[i] = i;
        ts.rng.shuffle(perm);
        let sumData = 0;
        let sumReg = 0;
        let hits = 0;
        for (let k = 0; k < stepsPerEpoch; k++) {
          const start = k * B;
          const n = k === stepsPerEpoch - 1 ? tail : B;
          const X = n === B ? Xb : XbTail;
          const S = n === B ? Sb : SbTail;
          const y = n === B ? yb : ybTail;
          const rows = perm.subarray(start, start + n);
          source.fill(rows, X);
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
            kernels.linearScores(X, W, b, S);
            dataLoss = kernels.loss(spec, S, y, dS, null) / n;
            regLoss = penalty(W.data, b);
            if (!Number.isFinite(dataLoss + regLoss)) {
              throw new DivergenceError(epoch, step, `the loss is ${dataLoss + regLoss} (data ${dataLoss}, regularization ${regLoss})`);
            }
            batchHits = countHits(S, y);
            kernels.weightGrad(dS, X, dW);
            kernels.biasGrad(dS, db);
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
              elapsed: (now() - t0) / 1000,
              kernels: info,
            });
          }
          if (now() - lastYield >= yieldEvery) {
            await yieldToEventLoop();
            lastYield = now();
          }
          if (signal?.aborted) {
            reason = 'aborted';
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
          elapsed: (now() - t0) / 1000,
          kernels: info,
        };
        emit?.(last);
        if (earlyStop && monitor && sinceBest >= monitor.patience) {
          reason = 'early-stopped';
          break;
        }
        if (signal?.aborted) {
          reason = 'aborted';
          break;
        }
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

/** Optimizer (or search), schedule and regularizer for a run of `totalSteps` updates over `params` = [W, b]. */
function makeTrainingState(config: ResolvedLinearConfig, params: [Float32Array, Float32Array], totalSteps: number, rng: Rng): TrainingState {
  const schedule = scheduleFromSpec(config.learningRate, config.schedule, totalSteps);
  const isSearch = config.optimizer.name === 'random-search' || config.optimizer.name === 'random-local-search';
  // AdamW's decoupled decay spares the bias unless the bias is regularized too.
  const optimizer = isSearch ? null : optimizerFromSpec(config.optimizer as GradientOptimizerSpec, schedule, [true, config.regularizeBias]);
  return {
    config,
    totalSteps,
    optimizer,
    optState: optimizer ? optimizer.init(params) : null,
    search: isSearch ? searchFromSpec(config.optimizer as SearchSpec) : null,
    schedule,
    regularizer: regularizerFromSpec(config.regularizer),
    rng,
    step: 0,
    epoch: 0,
  };
}

/** The Node-only file layer, loaded on demand so that importing this module never pulls in node:fs. */
async function importSerialize(): Promise<typeof import('./serialize.js')> {
  const path = './serialize.js';
  return (await import(/* @vite-ignore */ path)) as typeof import('./serialize.js');
}
