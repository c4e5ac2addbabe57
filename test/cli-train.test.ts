/**
 * The training commands end to end, as a user runs them: the built CLI on small slices of the real MNIST
 * (and a CSV written here), checking the JSON figures, the run folder's files and the error contract.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mnist } from '../src/data/datasets.js';
import { decodePng } from '../src/report/png-decode.js';
import { encodePng } from '../src/report/png-encode.js';
import { lastJson, runCli } from './helpers/cli.js';
import { parseXml } from './helpers/xml.js';

const tmp = mkdtempSync(join(tmpdir(), 'linclass-cli-'));
const small = ['--train-limit', '3000', '--test-limit', '500', '--epochs', '2', '--quiet'];

describe('linclass train', () => {
  let run: ReturnType<typeof runCli>;
  let json: Record<string, unknown>;
  const out = join(tmp, 'train-softmax');

  beforeAll(() => {
    run = runCli(['train', ...small, '--out', out, '--json']);
    json = lastJson(run.stdout);
  });

  it('prints one JSON object with every figure', () => {
    expect(run.code).toBe(0);
    for (const key of ['testAccuracy', 'trainAccuracy', 'valAccuracy', 'dataLoss', 'regLoss', 'epochs', 'seconds', 'secondsPerEpoch', 'kernels', 'modelPath']) {
      expect(json, key).toHaveProperty(key);
    }
    expect(json['epochs']).toBe(2);
    expect(json['testTotal']).toBe(500);
    expect(json['testAccuracy']).toBeGreaterThan(0.8);
    expect(json['testCorrect']).toBe(Math.round((json['testAccuracy'] as number) * 500));
    expect((json['kernels'] as { name: string }).name).toMatch(/^(ref|wasm|wasm-threads)$/);
    expect(json['secondsPerEpoch']).toBeCloseTo((json['seconds'] as number) / 2, 10);
  });

  it('writes the run folder: model, report.json, report.html and pictures of the right size', () => {
    for (const f of ['model.safetensors', 'report.json', 'report.html', 'weights.png', 'curves.svg', 'confusion.svg']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const weights = decodePng(readFileSync(join(out, 'weights.png')), 'weights.png');
    expect([weights.width, weights.height]).toEqual([1320, 154]);
    for (const svg of ['curves.svg', 'confusion.svg']) {
      const doc = parseXml(readFileSync(join(out, svg), 'utf8'));
      expect(doc.documentElement?.nodeName).toBe('svg');
    }
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(report['results']['testAccuracy']).toBe(json['testAccuracy']);
    expect(report['data']).toMatchObject({ source: 'mnist', train: 2700, validation: 300, test: 500 });
    expect(report['history']).toHaveLength(2);
    expect(report['confusion'].flat().reduce((a: number, b: number) => a + b, 0)).toBe(500);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('weights.png');
    expect(html).toContain(`${((json['testAccuracy'] as number) * 100).toFixed(2)}%`);
  });

  it('eval on the saved model gives the same test accuracy', () => {
    const r = runCli(['eval', '--model', join(out, 'model.safetensors'), '--test-limit', '500', '--out', join(tmp, 'eval'), '--json']);
    expect(r.code).toBe(0);
    const j = lastJson(r.stdout);
    expect(j['accuracy']).toBe(json['testAccuracy']);
    expect(j['total']).toBe(500);
    expect(existsSync(join(tmp, 'eval', 'confusion.svg'))).toBe(true);
  });

  it('predict classifies a PNG of a test digit', () => {
    const { test } = mnist();
    const png = join(tmp, 'seven.png');
    writeFileSync(png, encodePng({ width: 28, height: 28, channels: 1, data: (test.X.data as Uint8Array).slice(0, 784) }));
    const r = runCli(['predict', '--model', join(out, 'model.safetensors'), '--image', png, '--json']);
    expect(r.code).toBe(0);
    const p = (lastJson(r.stdout)['predictions'] as { className: string; probabilities: number[] }[])[0]!;
    expect(test.labels[0]).toBe(7);
    expect(p.className).toBe('7');
    expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('trains a hinge loss too, and says its scores are not probabilities', () => {
    const dir = join(tmp, 'train-ww');
    const r = runCli(['train', ...small, '--loss', 'ww', '--reg', 'l2:1e-3', '--optimizer', 'nesterov', '--out', dir, '--json']);
    expect(r.code).toBe(0);
    expect(lastJson(r.stdout)['testAccuracy']).toBeGreaterThan(0.75);
    const png = join(tmp, 'seven.png');
    const p = runCli(['predict', '--model', join(dir, 'model.safetensors'), '--image', png]);
    expect(p.stdout).toContain('these are scores, not probabilities');
  });
});

describe('linclass train on a CSV file', () => {
  it('trains, holds out a stratified test set, and predicts CSV rows with labels', () => {
    // Two Gaussian blobs per class in 3-D: separable enough for a linear model.
    const lines = ['x,y,z,species'];
    const names = ['setosa', 'versicolor', 'virginica'];
    let s = 1;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
    for (let i = 0; i < 150; i++) {
      const c = i % 3;
      lines.push(`${(c * 2 + rand()).toFixed(3)},${(c - 1 + rand()).toFixed(3)},${rand().toFixed(3)},${names[c]}`);
    }
    const csv = join(tmp, 'blobs.csv');
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const dir = join(tmp, 'csv-run');
    const r = runCli(['train', '--data', `csv:${csv}`, '--epochs', '20', '--batch-size', '16', '--val', '0', '--quiet', '--out', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = lastJson(r.stdout);
    expect(j['testTotal']).toBe(30);
    expect(j['testAccuracy']).toBeGreaterThan(0.9);
    expect(existsSync(join(dir, 'weights.png'))).toBe(false); // tabular data: no picture of templates
    const p = runCli(['predict', '--model', join(dir, 'model.safetensors'), '--csv', csv, '--json']);
    expect(p.code, p.stderr).toBe(0);
    const pj = lastJson(p.stdout);
    expect(pj['total']).toBe(150);
    expect(pj['accuracy']).toBeGreaterThan(0.9);
  });
});

describe('linclass gradcheck', () => {
  for (const loss of ['ww', 'ova', 'cs', 'squared', 'softmax']) {
    it(`${loss}: passes with the worst coordinate named`, () => {
      const r = runCli(['gradcheck', '--loss', loss, '--reg', 'elastic:0.1,0.5', '--json']);
      expect(r.code).toBe(0);
      const j = lastJson(r.stdout);
      expect(j['worstRelError']).toBeLessThan(1e-7);
      expect(j['where']).toMatch(/^(W|b)\[/);
      expect(j['passed']).toBe(true);
    });
  }
});

describe('errors: one line, the right exit status, no stack trace', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['an unknown command', ['trian'], 2, /unknown command 'trian'/],
    ['an unknown flag', ['train', '--epoch', '2'], 2, /Unknown option '--epoch'/],
    ['a bad number', ['train', '--lr', 'fast'], 2, /--lr: 'fast' is not a finite number/],
    ['a zero epoch count', ['train', '--epochs', '0'], 2, /--epochs: '0' must be a whole number ≥ 1/],
    ['an unknown dataset', ['train', '--data', 'imagenet'], 2, /--data: unknown dataset 'imagenet'/],
    ['cifar10 without a directory', ['train', '--data', 'cifar10'], 2, /--data cifar10 needs --data-dir DIR/],
    ['a bad regularizer', ['train', '--reg', 'l3:1'], 2, /--reg: 'l3' is not one of l2, l1, elastic, none/],
    ['a margin for softmax', ['train', '--margin', '2'], 2, /--margin applies to the hinge losses/],
    ['a gradcheck problem too large to be small', ['gradcheck', '--examples', '1e9'], 2, /--examples: 1000000000 is more than gradcheck's small random problem allows \(at most 10000\)/],
    ['a missing model', ['eval', '--model', join(tmp, 'nope.safetensors')], 1, /nope\.safetensors: could not read the model file: no such file/],
    ['a corrupt model', ['eval', '--model', join(tmp, 'garbage.safetensors')], 1, /garbage\.safetensors: /],
    ['a missing CSV', ['train', '--data', `csv:${join(tmp, 'missing.csv')}`], 1, /missing\.csv: file not found/],
    ['an unwritable output folder', ['train', '--out', '/proc/linclass-run'], 1, /cannot create the output folder/],
    ['a picture of the wrong size', ['predict', '--model', join(tmp, 'train-softmax', 'model.safetensors'), '--image', join(tmp, 'tiny.png')], 1, /tiny\.png: is 3×2 pixels, the model expects 28×28/],
  ];
  beforeAll(() => {
    writeFileSync(join(tmp, 'garbage.safetensors'), 'definitely not a model');
    writeFileSync(join(tmp, 'tiny.png'), encodePng({ width: 3, height: 2, channels: 1, data: new Uint8Array(6) }));
  });
  for (const [what, args, code, message] of cases) {
    it(`${what} → exit ${code}`, () => {
      const r = runCli(args);
      expect(r.code).toBe(code);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('every command answers --help', () => {
    for (const c of ['train', 'eval', 'predict', 'knn', 'explain', 'gradcheck', 'lab', 'compare', 'bench']) {
      const r = runCli([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toContain(`linclass ${c}`);
    }
  });
});
