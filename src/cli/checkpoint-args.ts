/**
 * `--checkpoint-every` and `--resume` of `linclass train`: the flag's syntax, what the CLI records in a
 * checkpoint (its exact arguments), reading a run folder's checkpoint back, and how much disk a run with
 * checkpoints needs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { IoError, ModelFormatError } from '../errors.js';
import type { LinearClassifierConfig } from '../models/linear-config.js';
import type { LabeledData } from '../train/batch-source.js';
import { loadCheckpoint } from '../train/checkpoint-file.js';
import type { TrainingCheckpoint } from '../train/checkpoint.js';
import { UsageError } from './usage.js';

/** The checkpoint's name inside the run folder. */
export const CHECKPOINT_FILE = 'checkpoint.safetensors';

export interface CheckpointEvery {
  readonly count: number;
  readonly unit: 'steps' | 'epochs';
}

/** "500" or "500steps" or "500 steps" → every 500 updates; "1epoch", "2epochs", "2 epochs" → every 2 epochs. */
export function parseCheckpointEvery(text: string): CheckpointEvery {
  const m = /^\s*(\d+)\s*(steps?|epochs?)?\s*$/.exec(text);
  const count = m ? Number(m[1]) : NaN;
  if (!m || !Number.isSafeInteger(count) || count < 1) {
    throw new UsageError(`--checkpoint-every: '${text}' must be a whole number ≥ 1 of steps or epochs, e.g. 500 (steps), 500steps or 1epoch`);
  }
  return { count, unit: m[2]?.startsWith('epoch') ? 'epochs' : 'steps' };
}

export function formatCheckpointEvery(e: CheckpointEvery): string {
  return `${e.count} ${e.count === 1 ? e.unit.slice(0, -1) : e.unit}`;
}

/** What `linclass train` records in its checkpoints: enough to run the same command again. */
export interface TrainApp {
  readonly command: 'train';
  /** The train flags exactly as given (without `linclass train`). */
  readonly argv: readonly string[];
  /** Where they were given: relative data paths are resolved against it on resume. */
  readonly cwd: string;
}

/** Reads `dir`/checkpoint.safetensors and the train arguments recorded in it. */
export function readTrainCheckpoint(dir: string): { checkpoint: TrainingCheckpoint; app: TrainApp } {
  const path = join(dir, CHECKPOINT_FILE);
  if (!existsSync(path)) {
    if (!existsSync(dir)) throw new IoError(dir, 'no such folder: --resume takes the run folder of a run started with --checkpoint-every');
    if (existsSync(join(dir, 'report.json'))) {
      throw new IoError(dir, `the run there has finished (its report.json is written and no ${CHECKPOINT_FILE} is left): nothing to resume`);
    }
    throw new IoError(dir, `has no ${CHECKPOINT_FILE}: --resume needs a run started with --checkpoint-every N that wrote at least one checkpoint`);
  }
  const { checkpoint, app } = loadCheckpoint(path);
  const a = app as Record<string, unknown> | null;
  if (
    typeof a !== 'object' ||
    a === null ||
    a['command'] !== 'train' ||
    !Array.isArray(a['argv']) ||
    !a['argv'].every((x) => typeof x === 'string') ||
    typeof a['cwd'] !== 'string'
  ) {
    throw new ModelFormatError(path, "metadata 'app' does not record the arguments of a 'linclass train' run ({ command: 'train', argv, cwd })");
  }
  const argv = a['argv'] as string[];
  if (argv.some((x) => x === '--resume' || x.startsWith('--resume='))) throw new ModelFormatError(path, "metadata 'app.argv' may not itself hold --resume");
  return { checkpoint, app: { command: 'train', argv, cwd: a['cwd'] } };
}

/**
 * Bytes a training run writes, at most: the model file, the pictures and reports, and with checkpoints two
 * of them at once (the new one is written beside the old before it replaces it). A checkpoint holds W, b
 * and the preprocessing like the model, up to two optimizer moments (Adam) and the early-stopping weights,
 * each as large as W, and 40 bytes of history per update.
 */
export function estimateTrainBytes(config: LinearClassifierConfig, train: LabeledData, checkpoints: boolean): number {
  const D = train.X.cols + 1; // a bias column at most
  let C = train.classNames?.length ?? 0;
  if (C === 0) for (let i = 0; i < train.labels.length; i++) C = Math.max(C, train.labels[i]! + 1);
  const weights = 4 * C * D;
  const model = weights + 4 * (2 * D + C) + 16 * 1024;
  const epochs = config.epochs ?? 5;
  const steps = epochs * Math.ceil(train.X.rows / Math.min(config.batchSize ?? 128, train.X.rows));
  const pictures = 512 * 1024 + 200 * steps + 400 * C * C;
  if (!checkpoints) return model + pictures;
  const checkpoint = model + 3 * weights + 40 * steps + 400 * epochs;
  return model + pictures + 2 * checkpoint;
}
