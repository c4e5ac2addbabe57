/**
 * The 'linear' kind of model file (see model-file.ts for the frame): what a fitted LinearClassifier writes
 * and the checks that rebuild it. Tensors: W [C, D] and b [C] as F32, and `preprocess.<name>` for the fitted
 * preprocessing; metadata: loss, regularizer, regularize_bias, class_names, image_shape, input_dim,
 * preprocess, config (every setting, resolved) and training (the last run's summary). Loading refuses any
 * field or tensor that is missing, unknown, or inconsistent with the others. No Node APIs.
 */
import { preprocessorFromSpec } from '../data/preprocess.js';
import type { ImageShape, Preprocessor, PreprocessSpec } from '../data/types.js';
import { LinclassError, ModelFormatError } from '../errors.js';
import type { Matrix32 } from '../tensor/matrix.js';
import type { FitSummary, StopReason } from '../train/events.js';
import { resolveLinearConfig, type LinearClassifierConfig, type ResolvedLinearConfig } from './linear-config.js';
import type { DecodedModelFile, JsonValue, ModelFile } from './model-file.js';

/** What a fitted classifier holds. Arrays are the model's own: read them, do not write them. */
export interface LinearModelState {
  /** [C, D] */
  readonly W: Matrix32;
  /** [C] */
  readonly b: Float32Array;
  readonly classNames: readonly string[];
  readonly imageShape: ImageShape | null;
  /** Applied to every input before the scores; null when the model takes features as they are. */
  readonly preprocessor: Preprocessor | null;
  /** Values per raw input row (the preprocessor's inputDim, or D). */
  readonly inputDim: number;
  readonly config: ResolvedLinearConfig;
  /** The last fit or partialFit's summary (null for a model built from weights). */
  readonly summary: FitSummary | null;
}

/** The model file of a fitted linear model. */
export function linearModelFile(st: LinearModelState): ModelFile {
  const C = st.classNames.length;
  const tensors: Record<string, { shape: number[]; data: Float32Array }> = {
    W: { shape: [C, st.W.cols], data: st.W.data },
    b: { shape: [C], data: st.b },
  };
  if (st.preprocessor) {
    for (const [name, t] of Object.entries(st.preprocessor.tensors)) tensors[`preprocess.${name}`] = { shape: [t.length], data: t };
  }
  const json = (v: unknown): JsonValue => JSON.parse(JSON.stringify(v)) as JsonValue;
  const metadata: Record<string, JsonValue> = {
    loss: json(st.config.loss),
    regularizer: json(st.config.regularizer),
    regularize_bias: st.config.regularizeBias,
    class_names: [...st.classNames],
    image_shape: st.imageShape ? json(st.imageShape) : null,
    input_dim: st.inputDim,
    preprocess: st.preprocessor ? json(st.preprocessor.spec) : null,
    config: json(configForFile(st.config)),
    training: st.summary ? json(st.summary) : null,
  };
  return { kind: 'linear', tensors, metadata };
}

/** The constructor form of a resolved config: what a model file records and `load` rebuilds. */
export function configForFile(c: ResolvedLinearConfig): LinearClassifierConfig {
  return {
    loss: c.loss.name,
    ...(c.loss.name === 'softmax' ? { smoothing: c.loss.smoothing ?? 0 } : { margin: c.loss.margin ?? 1 }),
    reg: c.regularizer.name,
    lambda: c.regularizer.lambda,
    ...(c.regularizer.beta === undefined ? {} : { beta: c.regularizer.beta }),
    regularizeBias: c.regularizeBias,
    optimizer: c.optimizer,
    learningRate: c.learningRate,
    schedule: c.schedule,
    batchSize: c.batchSize,
    epochs: c.epochs,
    initScale: c.initScale,
    seed: c.seed,
    earlyStopping: c.earlyStopping ?? false,
    preprocess: c.preprocess,
  };
}

const LINEAR_METADATA = ['loss', 'regularizer', 'regularize_bias', 'class_names', 'image_shape', 'input_dim', 'preprocess', 'config', 'training'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks every field and tensor of a 'linear' model file and rebuilds the fitted state. */
export function parseLinearModel(model: DecodedModelFile, file: string): { config: LinearClassifierConfig; state: LinearModelState } {
  const fail = (msg: string): never => {
    throw new ModelFormatError(file, msg);
  };
  /** Runs a validator written for arguments and reports its complaint as a fault of the file's field. */
  const field = <T>(name: string, f: () => T): T => {
    try {
      return f();
    } catch (err) {
      if (err instanceof LinclassError && !(err instanceof ModelFormatError)) fail(`metadata '${name}' is invalid: ${err.message}`);
      throw err;
    }
  };
  if (model.kind !== 'linear') return fail(`holds a '${model.kind}' model, not a 'linear' model`);
  const md = model.metadata;
  for (const key of LINEAR_METADATA) if (!(key in md)) fail(`metadata '${key}' is missing`);
  for (const key of Object.keys(md)) if (!LINEAR_METADATA.includes(key)) fail(`metadata '${key}' is not part of a linear model (format version 1)`);

  const names = md['class_names'];
  if (!Array.isArray(names) || names.length < 2 || !names.every((n) => typeof n === 'string')) {
    fail("metadata 'class_names' must be a list of at least 2 strings");
  }
  const classNames = names as string[];
  const C = classNames.length;

  const cfg = md['config'];
  if (!isRecord(cfg)) fail("metadata 'config' must be an object");
  const config = field('config', () => resolveLinearConfig(cfg as LinearClassifierConfig));
  // The loss and regularizer are stored on their own for readers of the file; they must agree with the config.
  const loss = md['loss'];
  const c = config.loss;
  if (
    !isRecord(loss) ||
    loss['name'] !== c.name ||
    (loss['margin'] ?? 1) !== (c.margin ?? 1) ||
    (loss['smoothing'] ?? 0) !== (c.smoothing ?? 0)
  ) {
    fail(`metadata 'loss' ${JSON.stringify(loss)} does not match the configuration's ${JSON.stringify(c)}`);
  }
  const regSpec = md['regularizer'];
  const r = config.regularizer;
  if (!isRecord(regSpec) || regSpec['name'] !== r.name || regSpec['lambda'] !== r.lambda || (regSpec['beta'] ?? r.beta) !== r.beta) {
    fail(`metadata 'regularizer' ${JSON.stringify(regSpec)} does not match the configuration's ${JSON.stringify(r)}`);
  }
  if (md['regularize_bias'] !== config.regularizeBias) fail("metadata 'regularize_bias' does not match the configuration");

  // Tensors: W [C, D] and b [C] in float32, finite; preprocess.* for the preprocessor; nothing else.
  const W = model.tensors['W'];
  const bT = model.tensors['b'];
  if (!W) fail("has no tensor 'W'");
  if (!bT) fail("has no tensor 'b'");
  if (W!.dtype !== 'F32' || W!.shape.length !== 2 || W!.shape[0] !== C) {
    fail(`tensor 'W' must be F32 with shape [${C}, D] (one row per class name), got ${W!.dtype} [${W!.shape.join(', ')}]`);
  }
  if (bT!.dtype !== 'F32' || bT!.shape.length !== 1 || bT!.shape[0] !== C) {
    fail(`tensor 'b' must be F32 with shape [${C}], got ${bT!.dtype} [${bT!.shape.join(', ')}]`);
  }
  const D = W!.shape[1]!;
  if (D < 1) fail("tensor 'W' has no columns");
  for (const [name, t] of [['W', W!.data], ['b', bT!.data]] as const) {
    for (let i = 0; i < t.length; i++) if (!Number.isFinite(t[i]!)) fail(`tensor '${name}' has a non-finite value (${t[i]}) at index ${i}`);
  }
  const prepTensors: Record<string, Float32Array> = {};
  for (const [name, t] of Object.entries(model.tensors)) {
    if (name === 'W' || name === 'b') continue;
    if (!name.startsWith('preprocess.')) fail(`tensor '${name}' is not part of a linear model`);
    if (t.dtype !== 'F32' || t.shape.length !== 1) fail(`tensor '${name}' must be F32 with one dimension, got ${t.dtype} [${t.shape.join(', ')}]`);
    prepTensors[name.slice('preprocess.'.length)] = t.data as Float32Array;
  }

  const prepSpec = md['preprocess'];
  let preprocessor: Preprocessor | null = null;
  if (prepSpec !== null) {
    if (!isRecord(prepSpec)) fail("metadata 'preprocess' must be an object or null");
    // The steps keep the width or add one bias column, so the input is D or D − 1 values wide. Check that
    // before rebuilding: the pipeline allocates per input value, and a forged width must not make it.
    const width = (prepSpec as Record<string, unknown>)['inputDim'];
    if (width !== D && width !== D - 1) fail(`metadata 'preprocess.inputDim' is ${JSON.stringify(width)}; with W of ${D} columns it must be ${D} or ${D - 1}`);
    preprocessor = field('preprocess', () => preprocessorFromSpec(prepSpec as unknown as PreprocessSpec, prepTensors));
    for (const name of Object.keys(prepTensors)) {
      if (!(name in preprocessor!.tensors)) fail(`tensor 'preprocess.${name}' is not used by the preprocessing steps`);
    }
    if (preprocessor!.outputDim !== D) fail(`the preprocessing produces ${preprocessor!.outputDim} features but W has ${D} columns`);
  } else if (Object.keys(prepTensors).length > 0) {
    fail('has preprocessing tensors but no preprocessing steps');
  }
  const inputDim = md['input_dim'];
  const expectedInput = preprocessor ? preprocessor.inputDim : D;
  if (inputDim !== expectedInput) fail(`metadata 'input_dim' is ${JSON.stringify(inputDim)}, expected ${expectedInput}`);

  const img = md['image_shape'];
  let imageShape: ImageShape | null = null;
  if (img !== null) {
    if (!isRecord(img)) fail("metadata 'image_shape' must be an object or null");
    const { height, width, channels, layout } = img as Record<string, unknown>;
    const dims = [height, width, channels];
    if (!dims.every((d) => Number.isInteger(d) && (d as number) > 0) || (layout !== 'hwc' && layout !== 'chw')) {
      fail("metadata 'image_shape' must be { height, width, channels } (whole numbers > 0) and layout 'hwc' or 'chw'");
    }
    if ((height as number) * (width as number) * (channels as number) !== expectedInput) {
      fail(`metadata 'image_shape' ${height}×${width}×${channels} does not match the input size ${expectedInput}`);
    }
    imageShape = { height: height as number, width: width as number, channels: channels as number, layout: layout as 'hwc' | 'chw' };
  }
  const training = md['training']!;

  return {
    config: cfg as LinearClassifierConfig,
    state: {
      W: { data: W!.data as Float32Array, rows: C, cols: D },
      b: bT!.data as Float32Array,
      classNames,
      imageShape,
      preprocessor,
      inputDim: expectedInput,
      config,
      summary: training === null ? null : checkSummary(training, fail),
    },
  };
}

const STOP_REASONS: readonly StopReason[] = ['completed', 'early-stopped', 'aborted', 'diverged'];

/** A training summary read from a file: every field present with the right type. */
function checkSummary(t: JsonValue, fail: (msg: string) => never): FitSummary {
  if (!isRecord(t)) return fail("metadata 'training' must be an object or null");
  const num = (k: string, nullable: boolean): void => {
    const v = t[k];
    if (!(typeof v === 'number' && Number.isFinite(v)) && !(nullable && v === null)) {
      fail(`metadata 'training.${k}' must be a finite number${nullable ? ' or null' : ''}, got ${JSON.stringify(v)}`);
    }
  };
  if (!STOP_REASONS.includes(t['reason'] as StopReason)) fail(`metadata 'training.reason' must be one of ${STOP_REASONS.join(', ')}`);
  for (const k of ['epochs', 'steps', 'examples', 'seconds']) num(k, false);
  for (const k of ['dataLoss', 'regLoss', 'trainAccuracy', 'validationAccuracy', 'bestEpoch', 'bestValidationAccuracy']) num(k, true);
  const k = t['kernels'];
  if (!isRecord(k) || typeof k['name'] !== 'string' || typeof k['reason'] !== 'string') fail("metadata 'training.kernels' must describe the kernels used");
  return t as unknown as FitSummary;
}
