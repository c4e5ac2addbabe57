/**
 * The files of a `linclass search` run folder that make it resumable:
 *
 *   search-plan.json       the exact arguments, the data fingerprints and every trial (drawn before any ran)
 *   trials.json            every finished trial (figures, or the error of a failed one), by trial number
 *   trials.csv             the same as a table
 *   trials/trial-NNN.safetensors   each finished trial's model
 *
 * Each is written atomically as a trial completes, its model file first, so a record in trials.json always
 * has its model beside it. Reading them back checks them against the plan; a finished trial whose model is
 * missing or unreadable is run again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError, IoError } from '../errors.js';
import { decodeModelFile } from '../models/model-file.js';
import type { DataFingerprint } from '../train/checkpoint.js';
import type { Trial, TrialResult } from '../train/search.js';

export const PLAN_FILE = 'search-plan.json';
export const TRIALS_JSON = 'trials.json';
export const TRIALS_CSV = 'trials.csv';
export const TRIALS_DIR = 'trials';

export interface SearchPlan {
  readonly format: 'linclass-search-plan';
  readonly version: 1;
  readonly command: 'search';
  /** The search flags exactly as given. */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly data: { readonly train: DataFingerprint; readonly validation: DataFingerprint };
  readonly trials: readonly Trial[];
}

export function trialModelName(id: number): string {
  return join(TRIALS_DIR, `trial-${String(id).padStart(3, '0')}.safetensors`);
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new IoError(path, `could not read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err)}`, { cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DataFormatError(path, 'is not valid JSON: the file is damaged (it is written atomically, so it was changed by hand or by another program)');
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** search-plan.json of `dir`, checked for its shape (its trials are checked against the arguments by the caller). */
export function readPlan(dir: string): SearchPlan {
  const path = join(dir, PLAN_FILE);
  if (!existsSync(dir)) throw new IoError(dir, 'no such folder: --resume takes the run folder of an earlier linclass search');
  if (!existsSync(path)) throw new IoError(dir, `has no ${PLAN_FILE}: --resume takes the run folder of an earlier linclass search`);
  const p = readJson(path);
  if (
    !isRecord(p) ||
    p['format'] !== 'linclass-search-plan' ||
    p['version'] !== 1 ||
    p['command'] !== 'search' ||
    !Array.isArray(p['argv']) ||
    !p['argv'].every((a) => typeof a === 'string') ||
    typeof p['cwd'] !== 'string' ||
    !isRecord(p['data']) ||
    !Array.isArray(p['trials'])
  ) {
    throw new DataFormatError(path, "is not a linclass search plan (format 'linclass-search-plan', version 1, with argv, cwd, data and trials)");
  }
  return p as unknown as SearchPlan;
}

function sameTrial(a: Trial, b: Record<string, unknown>): boolean {
  return a.id === b['id'] && a.loss === b['loss'] && a.batchSize === b['batchSize'] && a.learningRate === b['learningRate'] && a.lambda === b['lambda'] && a.seed === b['seed'];
}

/**
 * The finished trials recorded in `dir` (none when trials.json does not exist yet). Each must be a trial of
 * the plan, with the figures of its status. Finished trials whose model file is missing or unreadable are
 * left out, so they run again.
 */
export function readFinishedTrials(dir: string, plan: readonly Trial[]): TrialResult[] {
  const path = join(dir, TRIALS_JSON);
  if (!existsSync(path)) return [];
  const f = readJson(path);
  if (!isRecord(f) || f['format'] !== 'linclass-search-trials' || f['version'] !== 1 || !Array.isArray(f['trials'])) {
    throw new DataFormatError(path, "is not a linclass trials file (format 'linclass-search-trials', version 1, with trials)");
  }
  const out: TrialResult[] = [];
  const seen = new Set<number>();
  for (const r of f['trials'] as unknown[]) {
    const id = isRecord(r) ? r['id'] : undefined;
    const trial = plan.find((t) => t.id === id);
    if (!isRecord(r) || !trial || !sameTrial(trial, r)) throw new DataFormatError(path, `holds a trial that is not in ${PLAN_FILE} (${JSON.stringify(id)}, or with other settings)`);
    if (seen.has(trial.id)) throw new DataFormatError(path, `lists trial ${trial.id} twice`);
    seen.add(trial.id);
    const num = (k: string, nullable = false): boolean => (typeof r[k] === 'number' && Number.isFinite(r[k])) || (nullable && r[k] === null);
    if (r['status'] === 'ok') {
      const fine = num('valAccuracy') && num('trainAccuracy') && num('dataLoss', true) && num('regLoss', true) && num('epochs') && num('seconds') && num('attempts') && typeof r['kernels'] === 'string';
      if (!fine) throw new DataFormatError(path, `trial ${trial.id}: a finished trial needs valAccuracy, trainAccuracy, dataLoss, regLoss, epochs, seconds, attempts and kernels`);
      if (!modelReadable(join(dir, trialModelName(trial.id)))) continue;
    } else if (r['status'] === 'failed') {
      if (typeof r['error'] !== 'string' || typeof r['code'] !== 'string' || !num('seconds') || !num('attempts')) {
        throw new DataFormatError(path, `trial ${trial.id}: a failed trial needs error, code, seconds and attempts`);
      }
    } else {
      throw new DataFormatError(path, `trial ${trial.id}: status must be 'ok' or 'failed'`);
    }
    out.push(r as unknown as TrialResult);
  }
  return out;
}

function modelReadable(path: string): boolean {
  try {
    decodeModelFile(readFileSync(path), path, 'linear');
    return true;
  } catch {
    return false;
  }
}

/** trials.json's content: the finished trials by trial number. */
export function trialsJson(results: readonly TrialResult[]): unknown {
  return { format: 'linclass-search-trials', version: 1, trials: [...results].sort((a, b) => a.id - b.id) };
}

const CSV_COLUMNS = [
  'trial',
  'status',
  'loss',
  'batch_size',
  'learning_rate',
  'lambda',
  'seed',
  'val_accuracy',
  'train_accuracy',
  'data_loss',
  'reg_loss',
  'epochs',
  'seconds',
  'attempts',
  'kernels',
  'error',
] as const;

function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** trials.csv: one row per finished trial, by trial number; numbers in full precision. */
export function trialsCsv(results: readonly TrialResult[]): string {
  const rows = [...results]
    .sort((a, b) => a.id - b.id)
    .map((r) => {
      const ok = r.status === 'ok';
      const cells: (string | number | null)[] = [
        r.id,
        r.status,
        r.loss,
        r.batchSize,
        r.learningRate,
        r.lambda,
        r.seed,
        ok ? r.valAccuracy : null,
        ok ? r.trainAccuracy : null,
        ok ? r.dataLoss : null,
        ok ? r.regLoss : null,
        ok ? r.epochs : null,
        r.seconds,
        r.attempts,
        ok ? r.kernels : null,
        ok ? null : `${r.code}: ${r.error}`,
      ];
      return cells.map(csvField).join(',');
    });
  return `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}
