/**
 * `linclass search` end to end with the built CLI on MNIST slices: the ranked table and files, the same
 * table whatever the number of workers and after a kill and --resume, failed trials (divergence, dying
 * workers) recorded while the others go on, and the error contract.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeModelFile } from '../src/models/model-file.js';
import { decodePng } from '../src/report/png-decode.js';
import { CLI, lastJson, runCli, type CliResult } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'linclass-search-'));
const DATA = ['--train-limit', '2000', '--test-limit', '500', '--epochs', '1', '--quiet'];
const RANDOM = ['--trials', '8', '--loss', 'softmax,ww,squared', ...DATA];

/** The ranked table: stdout up to the blank line (the last lines name the folder and the time). */
function table(r: CliResult): string {
  return r.stdout.split('\n\n')[0]!;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('linclass search: a random search', () => {
  const out = join(tmp, 'random');
  let run: CliResult;
  let json: Json;
  beforeAll(() => {
    run = runCli(['search', ...RANDOM, '--workers', '2', '--out', out]);
    json = lastJson(runCli(['search', '--resume', out, '--json', '--quiet']).stdout);
  });

  it('prints a ranked table, best first by validation accuracy, and the best model’s test accuracy once', () => {
    expect(run.code, run.stderr).toBe(0);
    const lines = table(run).split('\n');
    expect(lines[0]).toMatch(/^rank\s+trial\s+loss\s+batch\s+η\s+λ\s+validation\s+train$/);
    expect(lines).toHaveLength(9);
    const acc = lines.slice(1).map((l) => Number(/(\d+\.\d+)%\s+\d+\.\d+%$/.exec(l)![1]));
    expect(acc).toEqual([...acc].sort((a, b) => b - a));
    expect(run.stdout).toMatch(/best: trial \d+ \(.*\), validation \d+\.\d+%; test accuracy \d+\.\d+% \(\d+\/500\), measured once, on this model only/);
  });

  it('writes trials.csv, trials.json, every trial’s model, the best model and the report', () => {
    const csv = readFileSync(join(out, 'trials.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('trial,status,loss,batch_size,learning_rate,lambda,seed,val_accuracy,train_accuracy,data_loss,reg_loss,epochs,seconds,attempts,kernels,error');
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    const trials = JSON.parse(readFileSync(join(out, 'trials.json'), 'utf8')) as Json;
    expect(trials['trials']).toHaveLength(8);
    for (let id = 1; id <= 8; id++) expect(existsSync(join(out, 'trials', `trial-00${id}.safetensors`))).toBe(true);
    // Resuming a finished search runs nothing and gives the same figures.
    expect(json['complete']).toBe(true);
    expect(json['finished']).toBe(8);
    const best = json['best'] as Json;
    expect(readFileSync(join(out, 'model.safetensors')).equals(readFileSync(join(out, 'trials', `trial-00${best['id']}.safetensors`)))).toBe(true);
    expect(decodeModelFile(readFileSync(join(out, 'model.safetensors')), 'm', 'linear').kind).toBe('linear');
    expect(best['testTotal']).toBe(500);
    expect(best['testCorrect']).toBe(Math.round(best['testAccuracy'] * 500));
    expect(json['ranked'][0]).toMatchObject({ rank: 1, id: best['id'] });
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Json;
    expect(report['trials']).toHaveLength(8);
    expect(report['data']).toMatchObject({ train: 1800, validation: 200, test: 500 });
    const png = decodePng(readFileSync(join(out, 'weights.png')), 'weights.png');
    expect(png.width).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('Trials, best first');
  });

  it('one worker gives the same table as two (seeds are drawn up front)', () => {
    const one = runCli(['search', ...RANDOM, '--workers', '1', '--out', join(tmp, 'one-worker')]);
    expect(one.code, one.stderr).toBe(0);
    expect(table(one)).toBe(table(run));
  });

  it('killed after 3 trials (SIGKILL) and resumed: the same ranked table', () => {
    const dir = join(tmp, 'killed');
    const killed = runCli(['search', ...RANDOM, '--out', dir], { env: { LINCLASS_TEST_HOOK: 'kill-after-trials:3' } });
    expect(killed.signal).toBe('SIGKILL');
    expect((JSON.parse(readFileSync(join(dir, 'trials.json'), 'utf8')) as Json)['trials']).toHaveLength(3);
    const resumed = runCli(['search', '--resume', dir, '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(table(resumed)).toBe(table(run));
  });

  it('killed from outside half-way, whenever that falls, and resumed: the same ranked table', async () => {
    const dir = join(tmp, 'killed-outside');
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'search', ...RANDOM, '--out', dir], { stdio: 'ignore' });
      const poll = setInterval(() => {
        try {
          const n = (JSON.parse(readFileSync(join(dir, 'trials.json'), 'utf8')) as Json)['trials'].length as number;
          if (n >= 4) child.kill('SIGKILL');
        } catch {
          // not written yet
        }
      }, 5);
      child.on('error', reject);
      child.on('exit', () => {
        clearInterval(poll);
        resolve();
      });
    });
    const resumed = runCli(['search', '--resume', dir, '--workers', '1', '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(table(resumed)).toBe(table(run));
  });
});

describe('linclass search: failed trials are recorded and the others go on', () => {
  // A grid of 2 η × 2 λ for the squared hinge: η = 1000 diverges, η = 0.001 does not.
  const GRID = ['--grid', '--grid-points', '2', '--loss', 'squared', '--batch-size', '100', '--lr', '1e-3:1e3', '--lambda', '1e-5:1e-1', ...DATA];

  it('a trial whose learning rate makes it diverge is marked failed; the search completes', () => {
    const r = runCli(['search', ...GRID, '--out', join(tmp, 'diverge'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = lastJson(r.stdout);
    expect(j['finished']).toBe(2);
    expect(j['failed']).toBe(2);
    const failed = (j['ranked'] as Json[]).filter((t) => t['status'] === 'failed');
    expect(failed.map((t) => [t['id'], t['learningRate'], t['code'], t['rank']])).toEqual([
      [3, 1000, 'E_DIVERGED', null],
      [4, 1000, 'E_DIVERGED', null],
    ]);
    expect(failed[0]!['error']).toMatch(/^training diverged at epoch 1, step \d+/);
    expect(readFileSync(join(tmp, 'diverge', 'trials.csv'), 'utf8')).toMatch(/\n3,failed,squared,100,1000,.*E_DIVERGED: training diverged/);
  });

  it('a worker that dies once is replaced and its trial retried; one that dies every time marks its trial failed', () => {
    const once = runCli(['search', ...GRID, '--out', join(tmp, 'exit-once'), '--json'], { env: { LINCLASS_TEST_HOOK: 'search-worker-exit:2:1' } });
    expect(once.code, once.stderr).toBe(0);
    const t2 = (lastJson(once.stdout)['ranked'] as Json[]).find((t) => t['id'] === 2)!;
    expect(t2).toMatchObject({ status: 'ok', attempts: 2 });

    const always = runCli(['search', ...GRID, '--out', join(tmp, 'exit-always'), '--json'], { env: { LINCLASS_TEST_HOOK: 'search-worker-crash:1' } });
    expect(always.code, always.stderr).toBe(0);
    const t1 = (lastJson(always.stdout)['ranked'] as Json[]).find((t) => t['id'] === 1)!;
    expect(t1).toMatchObject({ status: 'failed', code: 'E_WORKER', attempts: 2 });
    expect(t1['error']).toBe('its worker crashed (Error: test hook: worker crash on trial 1), on each of 2 attempts');
    expect(lastJson(always.stdout)['finished']).toBe(1);
  });

  it('every trial failing is one line and exit 1, with the table still written', () => {
    const dir = join(tmp, 'all-fail');
    const r = runCli(['search', '--grid', '--grid-points', '1', '--loss', 'squared', '--lr', '1e4', '--batch-size', '100', ...DATA, '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`linclass: every trial failed, so there is no best model; the errors are in ${join(dir, 'trials.csv')} (try a smaller --lr range)`);
    expect(existsSync(join(dir, 'trials.csv'))).toBe(true);
    expect(existsSync(join(dir, 'model.safetensors'))).toBe(false);
  });
});

describe('linclass search: errors in one line', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['neither --trials nor --grid', ['search'], 2, /search: give --trials N for a random search or --grid for a grid search/],
    ['both', ['search', '--trials', '3', '--grid'], 2, /give --trials N \(random search\) or --grid \(grid search\), not both/],
    ['a range backwards', ['search', '--trials', '3', '--lr', '1:0.1'], 2, /--lr: '1:0\.1' must be LO:HI with 0 ≤ LO ≤ HI/],
    ['a log range from 0', ['search', '--trials', '3', '--lambda', '0:1e-3'], 2, /--lambda: '0:1e-3' is a log-scale range, which cannot start at 0/],
    ['an unknown loss', ['search', '--trials', '3', '--loss', 'softmax,hinge'], 2, /--loss: 'hinge' is not one of ww, ova, cs, squared, softmax/],
    ['a loss twice', ['search', '--trials', '3', '--loss', 'ww,ww'], 2, /--loss: 'ww' is listed twice/],
    ['no validation split', ['search', '--trials', '3', '--val', '0'], 2, /--val: a search scores its trials on a validation split/],
    ['zero workers', ['search', '--trials', '3', '--workers', '0'], 2, /--workers: '0' must be a whole number ≥ 1/],
    ['too many trials', ['search', '--trials', '1e9'], 2, /search: --trials asks for 1000000000 trials; at most 100000/],
    ['too large a grid', ['search', '--grid', '--grid-points', '1000'], 2, /search: the grid asks for 6000000 trials; at most 100000 \(use fewer --grid-points/],
    ['resume with a search flag', ['search', '--resume', tmp, '--trials', '9'], 2, /--resume finishes the search with the arguments recorded in search-plan\.json; drop --trials/],
    ['resume where no search ran', ['search', '--resume', tmp], 1, /has no search-plan\.json/],
  ];
  for (const [what, args, code, message] of cases) {
    it(`${what} → exit ${code}`, () => {
      const r = runCli(args);
      expect(r.code).toBe(code);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }

  it('--help', () => {
    const r = runCli(['search', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('linclass search');
  });
});
