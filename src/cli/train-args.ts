/** The training flags of `linclass train` (and `search`), parsed into a LinearClassifierConfig. */
import type { KernelChoice } from '../kernels/api.js';
import { KERNEL_CHOICES } from '../kernels/select.js';
import { LOSS_NAMES, type LossName } from '../losses/spec.js';
import type { LinearClassifierConfig, OptimizerSpec } from '../models/linear-config.js';
import { GRADIENT_OPTIMIZERS } from '../optim/aliases.js';
import { SEARCH_STRATEGIES } from '../optim/random-search.js';
import type { ScheduleSpec } from '../optim/schedules.js';
import { parseChoice, parseInteger, parseNumber, UsageError } from './usage.js';

export const TRAIN_HELP = `  --loss NAME          ww (Weston–Watkins hinge), ova (one-vs-all), cs (Crammer–Singer), squared (squared
                       hinge), softmax (default)
  --margin Δ           hinge margin (default 1)
  --smoothing ε        label smoothing for softmax (default 0)
  --reg SPEC           l2:λ (default l2:1e-4), l1:λ, elastic:λ,β, or none; R(W) = ΣW², Σ|W|, Σ(βW² + |W|)
  --reg-bias           regularize the bias too (default: W only)
  --optimizer NAME     sgd, momentum (default, μ 0.9), nesterov, adagrad, rmsprop, adam, adamw,
                       random-search, random-local-search (the lecture's first strategies)
  --mu μ               momentum coefficient for momentum / nesterov (default 0.9)
  --lr η               peak learning rate (default 0.3; 0.01 for the squared hinge)
  --schedule SPEC      cosine (default: decay to 0 over the run), constant, step:E,F (×F every E epochs),
                       exp:F (×F per epoch)
  --warmup E           linear warm-up over the first E epochs (may be fractional)
  --epochs N           passes over the training data (default 5)
  --batch-size B       examples per minibatch (default 128)
  --init-scale σ       W starts as σ·N(0, 1) (default 0.001)
  --seed S             seed for the initial weights, the shuffles and any split (default 0)
  --kernels K          auto (default), ref, wasm, wasm-threads`;

export const TRAIN_FLAGS = {
  loss: { type: 'string' },
  margin: { type: 'string' },
  smoothing: { type: 'string' },
  reg: { type: 'string' },
  'reg-bias': { type: 'boolean', default: false },
  optimizer: { type: 'string' },
  mu: { type: 'string' },
  lr: { type: 'string' },
  schedule: { type: 'string' },
  warmup: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  'init-scale': { type: 'string' },
  seed: { type: 'string' },
  kernels: { type: 'string' },
} as const;

export interface TrainArgs {
  readonly loss?: string | undefined;
  readonly margin?: string | undefined;
  readonly smoothing?: string | undefined;
  readonly reg?: string | undefined;
  readonly 'reg-bias'?: boolean | undefined;
  readonly optimizer?: string | undefined;
  readonly mu?: string | undefined;
  readonly lr?: string | undefined;
  readonly schedule?: string | undefined;
  readonly warmup?: string | undefined;
  readonly epochs?: string | undefined;
  readonly 'batch-size'?: string | undefined;
  readonly 'init-scale'?: string | undefined;
  readonly seed?: string | undefined;
  readonly kernels?: string | undefined;
}

const OPTIMIZERS = [...GRADIENT_OPTIMIZERS, ...SEARCH_STRATEGIES] as const;

/** "l2:1e-4" | "l1:1e-5" | "elastic:1e-4,0.5" | "none" | "l2" */
export function parseReg(text: string): Pick<LinearClassifierConfig, 'reg' | 'lambda' | 'beta'> {
  const [name, params] = text.split(':', 2) as [string, string | undefined];
  const kind = parseChoice(name, '--reg', ['l2', 'l1', 'elastic', 'none'] as const);
  if (kind === 'none') {
    if (params !== undefined) throw new UsageError(`--reg: 'none' takes no strength (got '${text}')`);
    return { reg: 'none' };
  }
  if (params === undefined) return { reg: kind };
  const parts = params.split(',');
  if (kind === 'elastic') {
    if (parts.length > 2) throw new UsageError(`--reg: write elastic:λ,β (got '${text}')`);
    const lambda = parseNumber(parts[0]!, '--reg λ');
    const beta = parts[1] === undefined ? undefined : parseNumber(parts[1], '--reg β');
    if (lambda < 0 || (beta !== undefined && beta < 0)) throw new UsageError(`--reg: λ and β must be ≥ 0 (got '${text}')`);
    return beta === undefined ? { reg: kind, lambda } : { reg: kind, lambda, beta };
  }
  if (parts.length !== 1) throw new UsageError(`--reg: write ${kind}:λ (got '${text}')`);
  const lambda = parseNumber(parts[0]!, '--reg λ');
  if (lambda < 0) throw new UsageError(`--reg: λ must be ≥ 0 (got '${text}')`);
  return { reg: kind, lambda };
}

/** "cosine" | "constant" | "step:E,F" | "exp:F", with epochs turned into steps. */
export function parseSchedule(text: string, stepsPerEpoch: number, warmupEpochs: number | null): ScheduleSpec {
  const [name, params] = text.split(':', 2) as [string, string | undefined];
  const kind = parseChoice(name, '--schedule', ['cosine', 'constant', 'step', 'exp'] as const);
  const warm = warmupEpochs === null ? {} : { warmup: Math.max(1, Math.round(warmupEpochs * stepsPerEpoch)) };
  const parts = params === undefined ? [] : params.split(',');
  switch (kind) {
    case 'cosine':
    case 'constant':
      if (params !== undefined) throw new UsageError(`--schedule: '${kind}' takes no parameters (got '${text}')`);
      return { kind, ...warm };
    case 'step': {
      if (parts.length !== 2) throw new UsageError(`--schedule: write step:E,F to multiply η by F every E epochs (got '${text}')`);
      const every = parseNumber(parts[0]!, '--schedule E');
      const factor = parseNumber(parts[1]!, '--schedule F');
      if (every <= 0 || factor < 0) throw new UsageError(`--schedule: E must be > 0 and F ≥ 0 (got '${text}')`);
      return { kind: 'step', every: Math.max(1, Math.round(every * stepsPerEpoch)), factor, ...warm };
    }
    case 'exp': {
      if (parts.length !== 1) throw new UsageError(`--schedule: write exp:F to multiply η by F every epoch (got '${text}')`);
      const rate = parseNumber(parts[0]!, '--schedule F');
      if (rate <= 0) throw new UsageError(`--schedule: F must be > 0 (got '${text}')`);
      return { kind: 'exponential', rate, every: stepsPerEpoch, ...warm };
    }
  }
}

export interface ParsedTrainArgs {
  /** Everything but the schedule, which needs the training set's size. */
  readonly config: LinearClassifierConfig;
  readonly batchSize: number;
  readonly seed: number;
  readonly kernels: KernelChoice;
  /** Build the schedule once the number of steps per epoch is known. */
  readonly schedule: (stepsPerEpoch: number) => ScheduleSpec | undefined;
}

/** Parses and checks every training flag (usage errors name the flag); touches no data. */
export function parseTrainArgs(v: TrainArgs): ParsedTrainArgs {
  const loss = v.loss === undefined ? undefined : (parseChoice(v.loss, '--loss', LOSS_NAMES) as LossName);
  const config: { -readonly [K in keyof LinearClassifierConfig]: LinearClassifierConfig[K] } = {};
  if (loss !== undefined) config.loss = loss;
  if (v.margin !== undefined) {
    if (loss === undefined || loss === 'softmax') throw new UsageError('--margin applies to the hinge losses (--loss ww|ova|cs|squared)');
    const m = parseNumber(v.margin, '--margin');
    if (m <= 0) throw new UsageError(`--margin: '${v.margin}' must be > 0`);
    config.margin = m;
  }
  if (v.smoothing !== undefined) {
    if (loss !== undefined && loss !== 'softmax') throw new UsageError('--smoothing applies to --loss softmax only');
    const e = parseNumber(v.smoothing, '--smoothing');
    if (e < 0 || e >= 1) throw new UsageError(`--smoothing: '${v.smoothing}' must be in [0, 1)`);
    config.smoothing = e;
  }
  if (v.reg !== undefined) Object.assign(config, parseReg(v.reg));
  if (v['reg-bias']) config.regularizeBias = true;
  if (v.optimizer !== undefined || v.mu !== undefined) {
    const name = v.optimizer === undefined ? 'momentum' : parseChoice(v.optimizer, '--optimizer', OPTIMIZERS);
    let spec: OptimizerSpec = { name } as OptimizerSpec;
    if (v.mu !== undefined) {
      if (name !== 'momentum' && name !== 'nesterov') throw new UsageError('--mu applies to --optimizer momentum or nesterov');
      const mu = parseNumber(v.mu, '--mu');
      if (mu < 0 || mu >= 1) throw new UsageError(`--mu: '${v.mu}' must be in [0, 1)`);
      spec = { name, mu };
    }
    config.optimizer = spec;
  }
  if (v.lr !== undefined) {
    const lr = parseNumber(v.lr, '--lr');
    if (lr <= 0) throw new UsageError(`--lr: '${v.lr}' must be > 0`);
    config.learningRate = lr;
  }
  const epochs = v.epochs === undefined ? undefined : parseInteger(v.epochs, '--epochs', 1);
  if (epochs !== undefined) config.epochs = epochs;
  const batchSize = v['batch-size'] === undefined ? 128 : parseInteger(v['batch-size'], '--batch-size', 1);
  config.batchSize = batchSize;
  if (v['init-scale'] !== undefined) {
    const s = parseNumber(v['init-scale'], '--init-scale');
    if (s < 0) throw new UsageError(`--init-scale: '${v['init-scale']}' must be ≥ 0`);
    config.initScale = s;
  }
  const seed = v.seed === undefined ? 0 : parseInteger(v.seed, '--seed', 0);
  if (seed > 0xffffffff) throw new UsageError(`--seed: '${v.seed}' must be at most 4294967295`);
  config.seed = seed;
  const kernels = v.kernels === undefined ? 'auto' : parseChoice(v.kernels, '--kernels', KERNEL_CHOICES);
  config.kernels = kernels;
  const warmup = v.warmup === undefined ? null : parseNumber(v.warmup, '--warmup');
  if (warmup !== null && warmup <= 0) throw new UsageError(`--warmup: '${v.warmup}' must be > 0 epochs`);
  // Fail on a malformed schedule now, before any data is loaded.
  if (v.schedule !== undefined) parseSchedule(v.schedule, 1, warmup);
  const schedule = (stepsPerEpoch: number): ScheduleSpec | undefined => {
    if (v.schedule === undefined && warmup === null) return undefined;
    return parseSchedule(v.schedule ?? 'cosine', stepsPerEpoch, warmup);
  };
  return { config, batchSize, seed, kernels, schedule };
}
