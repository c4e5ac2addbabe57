/**
 * Fuzz targets (test/fuzz/runner.ts): the files linclass reads back — linear and kNN model files
 * (decodeModelFile + LinearClassifier.fromModelFile / KNearestNeighbors.fromModelFile), training checkpoints
 * (decodeCheckpoint), and a search's search-plan.json / trials.json (what `search --resume` reads). Damaged
 * or forged files must load into a working model or be refused with a typed error naming the file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFinishedTrials, readPlan, trialModelName, trialsJson, type SearchPlan } from '../../src/cli/search-files.js';
import { LinearClassifier, type LabeledData } from '../../src/models/linear-classifier.js';
import { KNearestNeighbors } from '../../src/models/knn.js';
import { decodeModelFile } from '../../src/models/model-file.js';
import type { ByteMatrix, Matrix32 } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { decodeCheckpoint, encodeCheckpoint, fnv1a } from '../../src/train/checkpoint.js';
import { planTrials, type TrialResult } from '../../src/train/search.js';
import { fuzzSync, report, scratchDir, type Tally } from './runner.js';
import { applyDamage, damage, jsonish } from './safetensors-mutations.js';

const tmp = scratchDir('linclass-fuzz-files-');
afterAll(() => tmp.cleanup());

function floats(n: number, D: number, C: number, seed: number): LabeledData & { X: Matrix32 } {
  const rng = new Rng(seed);
  const X = new Float32Array(n * D);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % C;
    for (let d = 0; d < D; d++) X[i * D + d] = (d === labels[i] ? 1.5 : 0) + rng.normal();
  }
  return { X: { data: X, rows: n, cols: D }, labels, classNames: Array.from({ length: C }, (_, k) => `c${k}`) };
}

function pixels(n: number): LabeledData & { X: ByteMatrix } {
  const rng = new Rng(5);
  const X = new Uint8Array(n * 16);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    for (let p = 0; p < 16; p++) X[i * 16 + p] = rng.int(256);
  }
  return { X: { data: X, rows: n, cols: 16 }, labels, classNames: ['a', 'b'], imageShape: { height: 4, width: 4, channels: 1, layout: 'hwc' } };
}

/** A loaded model must work: scores for two rows of zeros of the width it takes. */
function exerciseLinear(clf: LinearClassifier): void {
  const st = clf.state;
  const n = 2 * st.inputDim;
  const X = st.preprocessor ? { data: new Uint8Array(n), rows: 2, cols: st.inputDim } : { data: new Float32Array(n), rows: 2, cols: st.inputDim };
  expect(clf.predict(X)).toHaveLength(2);
}

function loadOrRefuse(tally: Tally, file: string, load: () => void): void {
  try {
    load();
    tally.accept();
  } catch (err) {
    const e = tally.refuse(err);
    expect(e.message.startsWith(file), e.message).toBe(true);
  }
}

/** Re-seals a checkpoint's checksum after an edit, as encodeCheckpoint computes it, so its deeper checks run. */
function resealCheckpoint(header: Record<string, unknown>, data: Uint8Array): void {
  const md = header['__metadata__'];
  if (typeof md !== 'object' || md === null || Array.isArray(md)) return;
  try {
    let h = 0x811c9dc5;
    const enc = new TextEncoder();
    for (const name of Object.keys(header).filter((k) => k !== '__metadata__').sort()) {
      const [b, e] = (header[name] as { data_offsets: [number, number] }).data_offsets;
      h = fnv1a(enc.encode(name), h);
      h = fnv1a(data.subarray(b, e), h);
    }
    const m = md as Record<string, unknown>;
    for (const key of Object.keys(m).sort()) {
      if (key === 'format' || key === 'format_version' || key === 'content_fnv1a') continue;
      h = fnv1a(enc.encode(`${key}=${String(m[key])}`), h);
    }
    m['content_fnv1a'] = h.toString(16).padStart(8, '0');
  } catch {
    // offsets edited into nonsense: leave the checksum as it is
  }
}

describe('fuzz: model files, checkpoints and search files (seeded)', () => {
  const linear: Uint8Array[] = [];
  const knn: Uint8Array[] = [];
  const checkpoints: Uint8Array[] = [];
  beforeAll(async () => {
    const f = floats(24, 3, 3, 1);
    const p = pixels(20);
    const configs = [
      { loss: 'softmax', epochs: 2, batchSize: 8 },
      { loss: 'ww', reg: 'elastic', lambda: 1e-3, beta: 0.5, optimizer: { name: 'adam' }, epochs: 1, batchSize: 5, preprocess: { standardize: true, biasColumn: true } },
      { loss: 'cs', epochs: 1, earlyStopping: { patience: 2 }, batchSize: 6 },
    ] as const;
    for (const config of configs) {
      const clf = new LinearClassifier(config as never);
      await clf.fit(f, { validation: f, yieldEveryMs: 1000, checkpoint: { every: 2, unit: 'steps', save: (cp) => void checkpoints.push(encodeCheckpoint(cp, { command: 'train', argv: ['--epochs', '2'], cwd: '/' })) } });
      linear.push(clf.toBytes());
    }
    const img = new LinearClassifier({ epochs: 1, batchSize: 4, optimizer: { name: 'random-local-search' } });
    await img.fit(p, { yieldEveryMs: 1000, checkpoint: { every: 3, unit: 'steps', save: (cp) => void checkpoints.push(encodeCheckpoint(cp)) } });
    linear.push(img.toBytes());
    knn.push(new KNearestNeighbors({ k: 3 }).fit(f.X, f.labels, { classNames: f.classNames! }).toBytes());
    knn.push(new KNearestNeighbors({ k: 1, metric: 'l1' }).fit(p.X, p.labels).toBytes());
    knn.push(new KNearestNeighbors({ k: 2, metric: 'cosine', weights: 'distance' }).fit(f.X, f.labels).toBytes());
  });

  const pick = <T>(items: readonly T[], i: number): T => items[i % items.length]!;

  it('linear model files: decodeModelFile + LinearClassifier.fromModelFile', () => {
    expect(linear.map((b) => LinearClassifier.fromBytes(b).state.classNames.length)).toEqual([3, 3, 3, 2]);
    const tally = fuzzSync('model-linear', fc.tuple(fc.nat(), damage(4096)), ([i, d], t) => {
      const bytes = applyDamage(pick(linear, i), d);
      loadOrRefuse(t, 'm.safetensors', () => exerciseLinear(LinearClassifier.fromModelFile(decodeModelFile(bytes, 'm.safetensors', 'linear'), 'm.safetensors')));
    });
    report('model-linear', tally);
  });

  it('kNN model files: decodeModelFile + KNearestNeighbors.fromModelFile', () => {
    const tally = fuzzSync('model-knn', fc.tuple(fc.nat(), damage(2048)), ([i, d], t) => {
      const bytes = applyDamage(pick(knn, i), d);
      loadOrRefuse(t, 'k.safetensors', () => {
        const model = KNearestNeighbors.fromModelFile(decodeModelFile(bytes, 'k.safetensors', 'knn'), 'k.safetensors');
        const D = model.fitted.X.cols;
        const X = model.fitted.X.data instanceof Uint8Array ? { data: new Uint8Array(2 * D), rows: 2, cols: D } : { data: new Float32Array(2 * D), rows: 2, cols: D };
        expect(model.predict(X)).toHaveLength(2);
      });
    });
    report('model-knn', tally);
  });

  it('training checkpoints: decodeCheckpoint (checksums re-sealed after most edits, to reach the deeper checks)', () => {
    expect(checkpoints.length).toBeGreaterThanOrEqual(8);
    const tally = fuzzSync('checkpoint', fc.tuple(fc.nat(), damage(8192), fc.boolean()), ([i, d, reseal], t) => {
      const bytes = applyDamage(pick(checkpoints, i), d, reseal || d.kind === 'header' ? resealCheckpoint : undefined);
      loadOrRefuse(t, 'c.safetensors', () => {
        const { checkpoint } = decodeCheckpoint(bytes, 'c.safetensors');
        expect(checkpoint.history.steps.dataLoss).toHaveLength(checkpoint.training.step);
      });
    });
    report('checkpoint', tally, undefined, 0.005);
  });

  it('search files: search-plan.json and trials.json as `search --resume` reads them', () => {
    const dir = join(tmp.dir, 'search');
    mkdirSync(join(dir, 'trials'), { recursive: true });
    const trials = planTrials({ losses: ['softmax', 'ww'], batchSizes: [8], learningRate: () => ({ lo: 0.01, hi: 1 }), lambda: { lo: 1e-5, hi: 1e-3 } }, { kind: 'random', trials: 4 }, 3);
    const fp = { rows: 10, cols: 3, features: '0123abcd', labels: '89abcdef' };
    const plan: SearchPlan = { format: 'linclass-search-plan', version: 1, command: 'search', argv: ['--trials', '4'], cwd: '/', data: { train: fp, validation: fp }, trials };
    const results: TrialResult[] = [
      { ...trials[0]!, status: 'ok', valAccuracy: 0.5, trainAccuracy: 0.6, dataLoss: 0.7, regLoss: 0.01, epochs: 1, seconds: 0.1, attempts: 1, kernels: 'ref' },
      { ...trials[2]!, status: 'failed', error: 'training diverged', code: 'E_DIVERGED', seconds: 0.1, attempts: 1 },
    ];
    writeFileSync(join(dir, trialModelName(trials[0]!.id)), linear[0]!);
    const texts = [JSON.stringify(plan), JSON.stringify(trialsJson(results))];
    const edit = fc.record({ file: fc.nat({ max: 1 }), where: fc.nat(), op: fc.constantFrom('replace', 'delete', 'add', 'cut'), value: jsonish, cut: fc.nat() });
    const tally = fuzzSync('search-files', edit, (e, t) => {
      const docs = texts.map((x) => JSON.parse(x) as Record<string, unknown>);
      let text: string;
      if (e.op === 'cut') {
        text = texts[e.file]!.slice(0, e.cut % (texts[e.file]!.length + 1));
      } else {
        const all: (string | number)[][] = [];
        const walk = (v: unknown, p: (string | number)[]): void => {
          all.push(p);
          if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
          else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
        };
        walk(docs[e.file], []);
        const path = all[e.where % all.length]!;
        if (path.length === 0) {
          text = JSON.stringify(e.op === 'replace' ? e.value : docs[e.file]);
        } else {
          let parent: unknown = docs[e.file];
          for (const k of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[k];
          const p = parent as Record<string | number, unknown>;
          const last = path[path.length - 1]!;
          if (e.op === 'replace') p[last] = e.value;
          else if (e.op === 'delete') {
            if (Array.isArray(p)) p.splice(last as number, 1);
            else delete p[last];
          } else if (Array.isArray(p[last])) (p[last] as unknown[]).push(e.value);
          else p[last] = e.value;
          text = JSON.stringify(docs[e.file]);
        }
      }
      writeFileSync(join(dir, 'search-plan.json'), e.file === 0 ? text : texts[0]!);
      writeFileSync(join(dir, 'trials.json'), e.file === 1 ? text : texts[1]!);
      loadOrRefuse(t, dir, () => {
        const p = readPlan(dir);
        // search --resume compares the plan's trials with the ones its arguments draw before reading results.
        if (JSON.stringify(p.trials) !== JSON.stringify(trials)) return;
        expect(readFinishedTrials(dir, trials).length).toBeLessThanOrEqual(4);
      });
    });
    report('search-files', tally);
  });
});
