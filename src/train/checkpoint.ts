/**
 * Training checkpoints: everything `LinearClassifier.fit` needs to continue a run exactly where it stopped,
 * so that the resumed run ends with the same weights, bit for bit, as one that was never interrupted:
 *
 * - the weights W, b and the fitted preprocessing (the 'linear' model file's tensors and metadata);
 * - the optimizer's state (moments, counts), the update and epoch counts, the run length the learning-rate
 *   schedule spans (the schedule position is the update count), and the RNG state;
 * - the position inside the current epoch: the minibatches already applied, the RNG state the epoch's
 *   shuffle started from (the shuffle is redone from it, so the order of the remaining minibatches is the
 *   same), and the epoch's running loss and accuracy sums;
 * - the best epoch so far on validation data (and with early stopping its weights);
 * - the event history so far (every step's losses, accuracy, η and time; every epoch's figures);
 * - fingerprints of the training and validation data (a resume on other data is refused), the kernels used,
 *   and the training time so far;
 * - `app`: any JSON the caller adds (the CLI records its exact arguments there).
 *
 * On disk it is a safetensors file with its own frame (format "linclass-checkpoint", format_version "1"),
 * self-describing like the model files: a Python reader sees the tensors and JSON metadata. `content_fnv1a`
 * is a checksum over every tensor's bytes and every other metadata entry. Decoding trusts nothing: every
 * field is checked against the others (counts against the data size and batch size, the optimizer state
 * against a freshly built optimizer for the recorded configuration, history lengths against the step
 * count), and any fault is a ModelFormatError naming the file and the field.
 *
 * Pure (no Node APIs): checkpoint-file.ts reads and writes files atomically.
 */
import { ArgumentError, LinclassError, ModelFormatError } from '../errors.js';
import type { KernelInfo } from '../kernels/api.js';
import { resolveLinearConfig, type LinearClassifierConfig } from '../models/linear-config.js';
import { linearModelFile, parseLinearModel, type LinearModelState } from '../models/linear-model-file.js';
import type { DecodedModelFile, JsonValue } from '../models/model-file.js';
import { decodeSafetensors, encodeSafetensors, type SafeArray, type SafeTensor } from '../models/safetensors.js';
import { importOptState, type OptStateSnapshot } from '../optim/state.js';
import { Rng, type RngState } from '../tensor/rng.js';
import type { LabeledData } from './batch-source.js';
import type { EpochEvent, StepEvent } from './events.js';
import { makeTrainingState, type TrainingSnapshot } from './training-state.js';

export const CHECKPOINT_FORMAT = 'linclass-checkpoint';
export const CHECKPOINT_FORMAT_VERSION = 1;

/** What identifies a data set: its size and FNV-1a (32-bit) hashes of its feature bytes and labels. */
export interface DataFingerprint {
  readonly rows: number;
  readonly cols: number;
  /** 8 hex digits. */
  readonly features: string;
  readonly labels: string;
}

/** Where in the run the checkpoint was taken. */
export interface CheckpointPosition {
  /** Minibatches of the current epoch (number `training.epoch + 1`) already applied; 0 at an epoch boundary. */
  readonly batch: number;
  /** The RNG state the current epoch's shuffle started from; null at an epoch boundary (batch 0). */
  readonly shuffleRng: RngState | null;
  /** The current epoch's running sums: Σ (mean data loss × batch size), Σ (reg loss × batch size), hits. */
  readonly sumData: number;
  readonly sumReg: number;
  readonly hits: number;
}

/** The best epoch on validation data so far (what the `best` flag of epoch events and early stopping use). */
export interface BestSoFar {
  readonly epoch: number | null;
  /** The monitored value (accuracy, or −loss) of that epoch. */
  readonly value: number | null;
  readonly accuracy: number | null;
  /** Epochs since the best one. */
  readonly sinceBest: number;
  /** With early stopping: that epoch's weights (the run ends with them). */
  readonly W: Float32Array | null;
  readonly b: Float32Array | null;
}

/** An epoch event as stored (without its type tag and kernel info). */
export type EpochRecord = Omit<EpochEvent, 'type' | 'kernels'>;

/** The events so far: steps as columns (step i is update i + 1), epochs as records. */
export interface CheckpointHistory {
  readonly steps: {
    readonly dataLoss: Float64Array;
    readonly regLoss: Float64Array;
    readonly batchAccuracy: Float64Array;
    readonly learningRate: Float64Array;
    readonly elapsed: Float64Array;
  };
  readonly epochs: readonly EpochRecord[];
}

export interface TrainingCheckpoint {
  /** The constructor form of the run's configuration: `new LinearClassifier(checkpoint.config)` resumes it. */
  readonly config: LinearClassifierConfig;
  /** The weights at the checkpoint, classes, preprocessing and resolved configuration (summary null). */
  readonly model: LinearModelState;
  readonly training: TrainingSnapshot;
  readonly position: CheckpointPosition;
  readonly best: BestSoFar;
  readonly history: CheckpointHistory;
  readonly data: { readonly train: DataFingerprint; readonly validation: DataFingerprint | null };
  /** Training time so far, in seconds (the only figure a resumed run cannot reproduce). */
  readonly seconds: number;
  readonly kernels: KernelInfo;
}

const HISTORY_COLUMNS = ['dataLoss', 'regLoss', 'batchAccuracy', 'learningRate', 'elapsed'] as const;
const METADATA_KEYS = ['model', 'training', 'position', 'best', 'history_epochs', 'data', 'seconds', 'kernels', 'app'] as const;
const FRAME_KEYS = ['format', 'format_version', 'content_fnv1a'];

// ------------------------------------------------------------------ fingerprints

/** FNV-1a, 32-bit, continuing from `h` (default: the offset basis). */
export function fnv1a(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function bytesOf(a: SafeArray | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Size and hashes of a data set's features and labels (about 50 ms for MNIST's 47 MB of pixels). */
export function fingerprintData(data: LabeledData): DataFingerprint {
  const labels = data.labels instanceof Int32Array ? data.labels : Int32Array.from(data.labels as ArrayLike<number>);
  return {
    rows: data.X.rows,
    cols: data.X.cols,
    features: hex(fnv1a(bytesOf(data.X.data.subarray(0, data.X.rows * data.X.cols)))),
    labels: hex(fnv1a(bytesOf(labels))),
  };
}

export function sameFingerprint(a: DataFingerprint | null, b: DataFingerprint | null): boolean {
  if (a === null || b === null) return a === b;
  return a.rows === b.rows && a.cols === b.cols && a.features === b.features && a.labels === b.labels;
}

// ------------------------------------------------------------------ history → events

/** Minibatches per epoch and the size of the last one, as the training loop computes them. */
export function epochGeometry(examples: number, batchSize: number): { stepsPerEpoch: number; batch: number; tail: number } {
  const B = Math.min(batchSize, examples);
  const stepsPerEpoch = Math.ceil(examples / B);
  return { stepsPerEpoch, batch: B, tail: examples - (stepsPerEpoch - 1) * B };
}

/**
 * The step and epoch events of the run up to the checkpoint, in the order they were emitted, as a listener
 * saw them (the kernels field is the checkpoint's). A resumed run's listener calls this to rebuild its
 * curves and tables before the new events arrive.
 */
export function checkpointEvents(cp: TrainingCheckpoint): (StepEvent | EpochEvent)[] {
  const { stepsPerEpoch, batch: B, tail } = epochGeometry(cp.data.train.rows, cp.model.config.batchSize);
  const h = cp.history.steps;
  const out: (StepEvent | EpochEvent)[] = [];
  let nextEpoch = 0;
  for (let i = 0; i < h.dataLoss.length; i++) {
    const epoch = Math.floor(i / stepsPerEpoch) + 1;
    while (nextEpoch < cp.history.epochs.length && cp.history.epochs[nextEpoch]!.epoch < epoch) {
      out.push({ type: 'epoch', ...cp.history.epochs[nextEpoch++]!, kernels: cp.kernels });
    }
    const batch = (i % stepsPerEpoch) + 1;
    out.push({
      type: 'step',
      epoch,
      step: i + 1,
      batch,
      batchSize: batch === stepsPerEpoch ? tail : B,
      dataLoss: h.dataLoss[i]!,
      regLoss: h.regLoss[i]!,
      loss: h.dataLoss[i]! + h.regLoss[i]!,
      batchAccuracy: h.batchAccuracy[i]!,
      learningRate: h.learningRate[i]!,
      elapsed: h.elapsed[i]!,
      kernels: cp.kernels,
    });
  }
  while (nextEpoch < cp.history.epochs.length) out.push({ type: 'epoch', ...cp.history.epochs[nextEpoch++]!, kernels: cp.kernels });
  return out;
}

// ------------------------------------------------------------------ encoding

const json = (v: unknown): JsonValue => JSON.parse(JSON.stringify(v)) as JsonValue;

/** A checksum over the tensors' bytes (in name order) and every metadata entry but the frame's. */
function contentHash(tensors: Readonly<Record<string, { readonly data: SafeArray }>>, metadata: Readonly<Record<string, string>>): string {
  let h = 0x811c9dc5;
  const enc = new TextEncoder();
  for (const name of Object.keys(tensors).sort()) {
    h = fnv1a(enc.encode(name), h);
    h = fnv1a(bytesOf(tensors[name]!.data), h);
  }
  for (const key of Object.keys(metadata).sort()) {
    if (FRAME_KEYS.includes(key)) continue;
    h = fnv1a(enc.encode(`${key}=${metadata[key]}`), h);
  }
  return hex(h);
}

/** The bytes of a checkpoint file; `app` is stored as it is (JSON) and returned by decodeCheckpoint. */
export function encodeCheckpoint(cp: TrainingCheckpoint, app: JsonValue = null): Uint8Array {
  const modelFile = linearModelFile({ ...cp.model, summary: null });
  const tensors: Record<string, { shape: number[]; data: SafeArray }> = {};
  for (const [name, t] of Object.entries(modelFile.tensors)) tensors[`model.${name}`] = { shape: [...t.shape], data: t.data };
  const opt = cp.training.optimizer;
  if (opt) for (const [name, t] of Object.entries(opt.tensors)) tensors[`opt.${name}`] = { shape: [t.length], data: t };
  if (cp.best.W) tensors['best.W'] = { shape: [cp.model.W.rows, cp.model.W.cols], data: cp.best.W };
  if (cp.best.b) tensors['best.b'] = { shape: [cp.best.b.length], data: cp.best.b };
  for (const c of HISTORY_COLUMNS) tensors[`history.${c}`] = { shape: [cp.history.steps[c].length], data: cp.history.steps[c] };
  const { W: _w, b: _b, ...bestScalars } = cp.best;
  const metadata: Record<string, string> = {
    format: CHECKPOINT_FORMAT,
    format_version: String(CHECKPOINT_FORMAT_VERSION),
    model: JSON.stringify(modelFile.metadata),
    training: JSON.stringify({
      step: cp.training.step,
      epoch: cp.training.epoch,
      totalSteps: cp.training.totalSteps,
      rng: cp.training.rng,
      optimizerScalars: opt ? opt.scalars : null,
    }),
    position: JSON.stringify(cp.position),
    best: JSON.stringify(bestScalars),
    history_epochs: JSON.stringify(cp.history.epochs),
    data: JSON.stringify(cp.data),
    seconds: JSON.stringify(cp.seconds),
    kernels: JSON.stringify(json(cp.kernels)),
    app: JSON.stringify(app),
  };
  metadata['content_fnv1a'] = contentHash(tensors, metadata);
  return encodeSafetensors(tensors, metadata);
}

// ------------------------------------------------------------------ decoding

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isWhole = (v: unknown, min = 0): v is number => Number.isSafeInteger(v) && (v as number) >= min;

/** Parses and checks a checkpoint file's bytes; every fault is a ModelFormatError naming `file`. */
export function decodeCheckpoint(bytes: Uint8Array, file = '<checkpoint bytes>'): { checkpoint: TrainingCheckpoint; app: JsonValue } {
  const fail = (msg: string): never => {
    throw new ModelFormatError(file, msg);
  };
  const { tensors, metadata: raw } = decodeSafetensors(bytes, file);
  if (raw['format'] !== CHECKPOINT_FORMAT) {
    fail(
      raw['format'] === 'linclass'
        ? 'is a linclass model file, not a training checkpoint (checkpoints are written by fit/train with a checkpoint option)'
        : `is not a linclass training checkpoint (its metadata "format" is ${JSON.stringify(raw['format'] ?? null)}, expected "${CHECKPOINT_FORMAT}")`,
    );
  }
  const version = raw['format_version'];
  if (version !== String(CHECKPOINT_FORMAT_VERSION)) {
    const n = Number(version);
    fail(
      Number.isInteger(n) && n > CHECKPOINT_FORMAT_VERSION
        ? `has checkpoint format_version ${version}, newer than this linclass reads (${CHECKPOINT_FORMAT_VERSION}): upgrade linclass`
        : `has checkpoint format_version ${JSON.stringify(version ?? null)}; this linclass reads version ${CHECKPOINT_FORMAT_VERSION}`,
    );
  }
  for (const key of Object.keys(raw)) {
    if (!FRAME_KEYS.includes(key) && !(METADATA_KEYS as readonly string[]).includes(key)) fail(`metadata '${key}' is not part of a checkpoint (format version 1)`);
  }
  if (raw['content_fnv1a'] !== contentHash(tensors, raw)) {
    fail('its checksum (content_fnv1a) does not match its contents: the file is damaged; resume from another checkpoint or start the run again');
  }
  const md: Record<string, unknown> = {};
  for (const key of METADATA_KEYS) {
    if (!(key in raw)) fail(`metadata '${key}' is missing`);
    try {
      md[key] = JSON.parse(raw[key]!);
    } catch {
      fail(`metadata '${key}' is not valid JSON`);
    }
  }
  /** Runs a check written for arguments and reports its complaint as a fault of the named field. */
  const field = <T>(name: string, f: () => T): T => {
    try {
      return f();
    } catch (err) {
      if (err instanceof LinclassError && !(err instanceof ModelFormatError)) fail(`${name} is invalid: ${err.message}`);
      throw err;
    }
  };

  // The model: the 'linear' model file's own checks, on the model.* tensors and the model metadata.
  const modelTensors: Record<string, SafeTensor> = {};
  const known = new Set<string>();
  for (const [name, t] of Object.entries(tensors)) {
    if (name.startsWith('model.')) {
      modelTensors[name.slice(6)] = t;
      known.add(name);
    }
  }
  if (!isRecord(md['model'])) fail("metadata 'model' must be an object");
  const modelMd = md['model'] as Record<string, JsonValue>;
  const parsed = parseLinearModel({ kind: 'linear', tensors: modelTensors, metadata: modelMd } as DecodedModelFile, `${file} (model)`);
  const config = parsed.config;
  const resolved = field("metadata 'model.config'", () => resolveLinearConfig(config));
  const model: LinearModelState = { ...parsed.state, summary: null };
  const C = model.classNames.length;
  const D = model.W.cols;

  // Data fingerprints: the run's data size fixes the epoch geometry every count is checked against.
  const data = md['data'];
  const fingerprint = (v: unknown, name: string): DataFingerprint => {
    if (!isRecord(v) || !isWhole(v['rows'], 1) || !isWhole(v['cols'], 1) || !/^[0-9a-f]{8}$/.test(String(v['features'])) || !/^[0-9a-f]{8}$/.test(String(v['labels']))) {
      return fail(`metadata 'data.${name}' must be { rows, cols, features, labels } (whole numbers ≥ 1 and 8 hex digits)`);
    }
    return { rows: v['rows'], cols: v['cols'], features: v['features'] as string, labels: v['labels'] as string };
  };
  if (!isRecord(data)) fail("metadata 'data' must be an object");
  const train = fingerprint((data as Record<string, unknown>)['train'], 'train');
  const validationRaw = (data as Record<string, unknown>)['validation'];
  const validation = validationRaw === null ? null : fingerprint(validationRaw, 'validation');
  if (train.cols !== model.inputDim) fail(`metadata 'data.train' has ${train.cols} values per example, the model takes ${model.inputDim}`);
  if (validation && validation.cols !== train.cols) fail("metadata 'data.validation' has another width than the training data");
  const { stepsPerEpoch } = epochGeometry(train.rows, resolved.batchSize);

  // Counts and the RNG.
  const t = md['training'];
  if (!isRecord(t)) return fail("metadata 'training' must be an object");
  const { step, epoch, totalSteps, rng, optimizerScalars } = t;
  if (!isWhole(totalSteps, 1) || totalSteps !== resolved.epochs * stepsPerEpoch) {
    fail(`metadata 'training.totalSteps' is ${JSON.stringify(totalSteps)}; ${resolved.epochs} epochs of ${stepsPerEpoch} steps make ${resolved.epochs * stepsPerEpoch}`);
  }
  if (!isWhole(epoch) || epoch > resolved.epochs) fail(`metadata 'training.epoch' must be a whole number in 0..${resolved.epochs}, got ${JSON.stringify(epoch)}`);
  const rngState = field("metadata 'training.rng'", () => checkRngState(rng));
  const pos = md['position'];
  if (!isRecord(pos)) return fail("metadata 'position' must be an object");
  const batch = pos['batch'];
  if (!isWhole(batch) || batch > stepsPerEpoch) fail(`metadata 'position.batch' must be a whole number in 0..${stepsPerEpoch}, got ${JSON.stringify(batch)}`);
  if ((epoch as number) === resolved.epochs && batch !== 0) fail("metadata 'position.batch' must be 0 once every epoch is done");
  if (step !== (epoch as number) * stepsPerEpoch + (batch as number)) {
    fail(`metadata 'training.step' is ${JSON.stringify(step)}; epoch ${epoch} and batch ${batch} of ${stepsPerEpoch} per epoch make ${(epoch as number) * stepsPerEpoch + (batch as number)}`);
  }
  const shuffleRng = pos['shuffleRng'] === null ? null : field("metadata 'position.shuffleRng'", () => checkRngState(pos['shuffleRng']));
  if ((batch === 0) !== (shuffleRng === null)) fail("metadata 'position.shuffleRng' must be set exactly when the checkpoint is inside an epoch (batch > 0)");
  for (const k of ['sumData', 'sumReg'] as const) if (!isFiniteNumber(pos[k]) || (pos[k] as number) < 0) fail(`metadata 'position.${k}' must be a finite number ≥ 0`);
  if (!isWhole(pos['hits']) || (pos['hits'] as number) > train.rows) fail(`metadata 'position.hits' must be a whole number in 0..${train.rows}`);
  if (batch === 0 && (pos['sumData'] !== 0 || pos['sumReg'] !== 0 || pos['hits'] !== 0)) fail("metadata 'position' sums must be 0 at an epoch boundary");

  // The optimizer: its snapshot must import into a fresh optimizer built for the recorded configuration.
  const isSearch = resolved.optimizer.name === 'random-search' || resolved.optimizer.name === 'random-local-search';
  const optTensors: Record<string, Float32Array> = {};
  for (const [name, tensor] of Object.entries(tensors)) {
    if (!name.startsWith('opt.')) continue;
    known.add(name);
    if (tensor.dtype !== 'F32' || tensor.shape.length !== 1) fail(`tensor '${name}' must be F32 with one dimension`);
    optTensors[name.slice(4)] = tensor.data as Float32Array;
  }
  let optimizer: OptStateSnapshot | null = null;
  if (isSearch) {
    if (optimizerScalars !== null || Object.keys(optTensors).length > 0) fail(`holds optimizer state, but '${resolved.optimizer.name}' keeps none`);
  } else {
    if (!isRecord(optimizerScalars)) return fail("metadata 'training.optimizerScalars' must be an object");
    optimizer = { scalars: optimizerScalars as Record<string, number>, tensors: optTensors };
    const probe = makeTrainingState(resolved, [new Float32Array(C * D), new Float32Array(C)], totalSteps as number, new Rng(0));
    field('the optimizer state', () => importOptState(probe.optState!, optimizer!));
  }

  // Best epoch so far, and the early-stopping weights.
  const best = md['best'];
  if (!isRecord(best)) return fail("metadata 'best' must be an object");
  const bestEpoch = best['epoch'];
  if (bestEpoch !== null && (!isWhole(bestEpoch, 1) || bestEpoch > (epoch as number))) fail(`metadata 'best.epoch' must be null or a completed epoch (1..${epoch})`);
  if (bestEpoch !== null && validation === null) fail("metadata 'best.epoch' is set but the run has no validation data");
  if ((bestEpoch === null) !== (best['value'] === null) || (best['value'] !== null && !isFiniteNumber(best['value']))) fail("metadata 'best.value' must be a finite number exactly when best.epoch is set");
  const acc = best['accuracy'];
  if ((bestEpoch === null) !== (acc === null) || (acc !== null && !(isFiniteNumber(acc) && acc >= 0 && acc <= 1))) fail("metadata 'best.accuracy' must be in [0, 1] exactly when best.epoch is set");
  if (!isWhole(best['sinceBest']) || (best['sinceBest'] as number) > (epoch as number)) fail(`metadata 'best.sinceBest' must be a whole number in 0..${epoch}`);
  const bestW = tensors['best.W'];
  const bestB = tensors['best.b'];
  if (bestW) known.add('best.W');
  if (bestB) known.add('best.b');
  const early = resolved.earlyStopping !== null;
  if (early !== Boolean(bestW) || early !== Boolean(bestB)) fail(`tensors 'best.W' and 'best.b' must be present exactly when early stopping is configured`);
  if (bestW && (bestW.dtype !== 'F32' || bestW.shape.length !== 2 || bestW.shape[0] !== C || bestW.shape[1] !== D)) fail(`tensor 'best.W' must be F32 [${C}, ${D}]`);
  if (bestB && (bestB.dtype !== 'F32' || bestB.shape.length !== 1 || bestB.shape[0] !== C)) fail(`tensor 'best.b' must be F32 [${C}]`);
  for (const tensor of [bestW, bestB]) {
    if (tensor) for (let i = 0; i < tensor.data.length; i++) if (!Number.isFinite(tensor.data[i]!)) fail('the early-stopping weights hold a non-finite value');
  }

  // History: one entry per update in each column, one record per completed epoch.
  const columns = {} as Record<(typeof HISTORY_COLUMNS)[number], Float64Array>;
  for (const c of HISTORY_COLUMNS) {
    const tensor = tensors[`history.${c}`];
    if (!tensor) return fail(`has no tensor 'history.${c}'`);
    known.add(`history.${c}`);
    if (tensor.dtype !== 'F64' || tensor.shape.length !== 1 || tensor.shape[0] !== step) fail(`tensor 'history.${c}' must be F64 with one value per update (${step})`);
    for (let i = 0; i < tensor.data.length; i++) if (!Number.isFinite(tensor.data[i]!)) fail(`tensor 'history.${c}' has a non-finite value at index ${i}`);
    columns[c] = tensor.data as Float64Array;
  }
  const epochs = md['history_epochs'];
  if (!Array.isArray(epochs) || epochs.length !== epoch) fail(`metadata 'history_epochs' must list the ${epoch} completed epoch(s)`);
  const records = (epochs as unknown[]).map((r, i) => checkEpochRecord(r, i + 1, stepsPerEpoch, validation !== null, fail));

  for (const name of Object.keys(tensors)) if (!known.has(name)) fail(`tensor '${name}' is not part of a checkpoint`);
  if (!isFiniteNumber(md['seconds']) || (md['seconds'] as number) < 0) fail("metadata 'seconds' must be a finite number ≥ 0");
  const k = md['kernels'];
  if (!isRecord(k) || !['ref', 'wasm', 'wasm-threads'].includes(k['name'] as string) || !isWhole(k['threads'], 1) || typeof k['simd'] !== 'boolean' || typeof k['relaxedSimd'] !== 'boolean' || typeof k['reason'] !== 'string') {
    fail("metadata 'kernels' must describe the kernels used ({ name, threads, simd, relaxedSimd, reason })");
  }

  const checkpoint: TrainingCheckpoint = {
    config,
    model,
    training: { step: step as number, epoch: epoch as number, totalSteps: totalSteps as number, rng: rngState, optimizer },
    position: { batch: batch as number, shuffleRng, sumData: pos['sumData'] as number, sumReg: pos['sumReg'] as number, hits: pos['hits'] as number },
    best: {
      epoch: bestEpoch as number | null,
      value: best['value'] as number | null,
      accuracy: acc as number | null,
      sinceBest: best['sinceBest'] as number,
      W: bestW ? (bestW.data as Float32Array) : null,
      b: bestB ? (bestB.data as Float32Array) : null,
    },
    history: { steps: columns, epochs: records },
    data: { train, validation },
    seconds: md['seconds'] as number,
    kernels: k as unknown as KernelInfo,
  };
  return { checkpoint, app: md['app'] as JsonValue };
}

function checkRngState(v: unknown): RngState {
  if (!isRecord(v) || !Array.isArray(v['s']) || v['s'].length !== 4) throw new ArgumentError('rng', 'must be { s: [4 words], spare }');
  const spare = v['spare'];
  if (spare !== null && !isFiniteNumber(spare)) throw new ArgumentError('rng', 'spare must be null or a finite number');
  const state: RngState = { s: v['s'] as unknown as [number, number, number, number], spare: spare as number | null };
  Rng.fromState(state); // checks the words (uint32, not all zero)
  return state;
}

function checkEpochRecord(r: unknown, epoch: number, stepsPerEpoch: number, hasValidation: boolean, fail: (msg: string) => never): EpochRecord {
  const where = `metadata 'history_epochs[${epoch - 1}]'`;
  if (!isRecord(r)) return fail(`${where} must be an object`);
  if (r['epoch'] !== epoch || r['step'] !== epoch * stepsPerEpoch) fail(`${where} must be epoch ${epoch} ending at step ${epoch * stepsPerEpoch}`);
  for (const k of ['dataLoss', 'regLoss', 'loss', 'trainAccuracy', 'learningRate', 'elapsed']) {
    if (!isFiniteNumber(r[k])) fail(`${where}.${k} must be a finite number`);
  }
  for (const k of ['validationAccuracy', 'validationLoss']) {
    const v = r[k];
    if (hasValidation ? !isFiniteNumber(v) : v !== null) fail(`${where}.${k} must be ${hasValidation ? 'a finite number' : 'null (no validation data)'}`);
  }
  if (typeof r['best'] !== 'boolean') fail(`${where}.best must be true or false`);
  const keys = ['epoch', 'step', 'dataLoss', 'regLoss', 'loss', 'trainAccuracy', 'validationAccuracy', 'validationLoss', 'best', 'learningRate', 'elapsed'];
  for (const k of Object.keys(r)) if (!keys.includes(k)) fail(`${where}.${k} is not part of an epoch record`);
  return r as unknown as EpochRecord;
}
