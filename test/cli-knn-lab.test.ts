/** `linclass knn` and `linclass lab` end to end. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, lastJson, runCli } from './helpers/cli.js';
import { parseXml } from './helpers/xml.js';

const tmp = mkdtempSync(join(tmpdir(), 'linclass-knn-'));

describe('linclass knn', () => {
  it('scores the first test examples with k = 1 and reports every figure', () => {
    const out = join(tmp, 'k1');
    const r = runCli(['knn', '--train-limit', '2000', '--test-limit', '100', '--quiet', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = lastJson(r.stdout);
    expect(j).toMatchObject({ k: 1, metric: 'l2', total: 100 });
    expect(j['correct']).toBe(Math.round((j['accuracy'] as number) * 100));
    expect(j['accuracy']).toBeGreaterThan(0.8);
    expect(typeof j['seconds']).toBe('number');
    for (const f of ['report.json', 'report.html', 'confusion.svg']) expect(existsSync(join(out, f)), f).toBe(true);
  });

  it('cross-validates k, picks the best and scores the test set with it', () => {
    const out = join(tmp, 'cv');
    const r = runCli(['knn', '--cv', '3', '--ks', '1,3,5', '--train-limit', '600', '--test-limit', '60', '--metric', 'l1', '--quiet', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = lastJson(r.stdout) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(Object.keys(j['folds'])).toEqual(['1', '3', '5']);
    for (const k of ['1', '3', '5']) expect(j['folds'][k]).toHaveLength(3);
    const means = [1, 3, 5].map((k) => j['meanAccuracy'][String(k)] as number);
    const best = Math.max(...means);
    expect(j['bestK']).toBe([1, 3, 5][means.indexOf(best)]);
    expect(j['k']).toBe(j['bestK']);
    expect(j['total']).toBe(60);
    parseXml(readFileSync(join(out, 'cv.svg'), 'utf8'));
  });

  const errors: [string, string[], RegExp][] = [
    ['k = 0', ['--k', '0'], /--k: '0' must be a whole number ≥ 1/],
    ['k above the training set', ['--k', '50', '--train-limit', '10', '--test-limit', '5'], /--k 50 is larger than the 10 training examples/],
    ['an unknown metric', ['--metric', 'l3'], /--metric: 'l3' is not one of l2, l1, cosine/],
    ['--ks without --cv', ['--ks', '1,2'], /--ks goes with --cv F/],
  ];
  for (const [what, args, message] of errors) {
    it(`${what}: exit 2 with one line`, () => {
      const r = runCli(['knn', ...args, '--out', join(tmp, 'err'), '--quiet']);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }
});

describe('linclass lab', () => {
  it('serves the built lab on 127.0.0.1 with COOP/COEP, and stops on Ctrl-C', async () => {
    const child = spawn(process.execPath, [CLI, 'lab', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`lab exited with ${code}`)));
      setTimeout(() => reject(new Error('no URL within 20 s')), 20_000);
    });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(await res.text()).toContain('linclass');
    expect((await fetch(`${url}..%2f..%2fpackage.json`)).status).toBe(404);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});

describe('linclass compare (npm start)', () => {
  it('runs softmax, the SVM and kNN through their own commands and tabulates their figures', () => {
    const out = join(tmp, 'compare');
    const r = runCli(['compare', '--train-limit', '2000', '--test-limit', '200', '--epochs', '1', '--knn-train-limit', '1000', '--knn-test-limit', '50', '--quiet', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = lastJson(r.stdout)['rows'] as { model: string; testAccuracy: number; testTotal: number; folder: string }[];
    expect(rows.map((x) => x.folder)).toEqual(['softmax', 'ww', 'knn']);
    expect(rows.map((x) => x.testTotal)).toEqual([200, 200, 50]);
    // The table repeats what each run wrote in its own report.
    const softmax = JSON.parse(readFileSync(join(out, 'softmax', 'report.json'), 'utf8')) as { results: { testAccuracy: number } };
    expect(rows[0]!.testAccuracy).toBe(softmax.results.testAccuracy);
    const knn = JSON.parse(readFileSync(join(out, 'knn', 'report.json'), 'utf8')) as { results: { accuracy: number } };
    expect(rows[2]!.testAccuracy).toBe(knn.results.accuracy);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('softmax/weights.png');
  });
});
