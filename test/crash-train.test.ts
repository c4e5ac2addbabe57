/**
 * Crash safety of `linclass train`, end to end with the built CLI: a run is killed with SIGKILL at several
 * points — mid-epoch, and in the middle of writing a checkpoint (reached deterministically through the
 * LINCLASS_TEST_HOOK test hooks, src/cli/test-hooks.ts) — and resumed each time; it must end with the same
 * weights, bit for bit, and the same report (timings aside) and pictures as a run that was never
 * interrupted, and the checkpoint on disk must load after every kill.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../src/models/safetensors.js';
import { loadCheckpoint } from '../src/train/checkpoint-file.js';
import { CLI, lastJson, runCli, type CliResult } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'linclass-crash-'));
// 2700 training examples in minibatches of 100: 27 steps per epoch, 81 in all.
const ARGS = ['--train-limit', '3000', '--test-limit', '500', '--epochs', '3', '--batch-size', '100', '--optimizer', 'adam', '--lr', '0.01', '--quiet'];

/** Runs the CLI until the test hook pauses it, then kills it with SIGKILL from outside. */
function killWhenPaused(args: readonly string[], hook: string): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, LINCLASS_TEST_HOOK: hook }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('linclass-test-hook: paused')) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ signal, stderr });
    });
  });
}

/** Runs the CLI with a test hook that kills it (SIGKILL, sent by the process to itself). */
function killedBy(args: readonly string[], hook: string): CliResult {
  return runCli(args, { env: { LINCLASS_TEST_HOOK: hook } });
}

/** The tensors' bytes of a model file (its metadata holds timings, which may differ). */
function tensorBytes(file: string): Record<string, number[]> {
  const { tensors } = decodeSafetensors(readFileSync(file), file);
  return Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, Array.from(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength))]));
}

/** report.json without the figures that are timings (and the creation time). */
function untimedReport(dir: string): unknown {
  const r = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  delete r['created'];
  delete r['results']['seconds'];
  delete r['results']['secondsPerEpoch'];
  for (const h of r['history']) delete h['elapsed'];
  return r;
}

function checkpointStep(dir: string): number {
  return loadCheckpoint(join(dir, 'checkpoint.safetensors')).checkpoint.training.step;
}

describe('train killed with SIGKILL and resumed ends bit for bit like an uninterrupted run', () => {
  const straight = join(tmp, 'straight');
  const crashed = join(tmp, 'crashed');
  beforeAll(() => {
    const r = runCli(['train', ...ARGS, '--checkpoint-every', '10', '--out', straight]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('killed mid-epoch, during checkpoint writes and mid-epoch again; the checkpoint on disk always loads', async () => {
    const args = ['train', ...ARGS, '--checkpoint-every', '10', '--out', crashed];
    // 1. Killed right after step 17 (epoch 1, minibatch 17 of 27): the checkpoint of step 10 is on disk.
    const first = killedBy(args, 'kill-after-step:17');
    expect(first.signal).toBe('SIGKILL');
    expect(checkpointStep(crashed)).toBe(10);
    expect(existsSync(join(crashed, 'model.safetensors'))).toBe(false);

    // 2. Resumed, and killed from outside while its first checkpoint (step 20) is half written.
    const second = await killWhenPaused(['train', '--resume', crashed, '--quiet'], 'pause-in-checkpoint-write:1');
    expect(second.signal).toBe('SIGKILL');
    expect(second.stderr).toContain(`paused in a write of ${join(crashed, 'checkpoint.safetensors')}`);
    expect(readdirSync(crashed).filter((f) => f.endsWith('.tmp'))).toHaveLength(1); // the half-written temporary
    expect(checkpointStep(crashed)).toBe(10);

    // 3. Resumed (the stale temporary is cleared), killed in its second checkpoint write (step 30), by itself.
    const third = killedBy(['train', '--resume', crashed, '--quiet'], 'kill-in-checkpoint-write:2');
    expect(third.signal).toBe('SIGKILL');
    expect(readdirSync(crashed).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
    expect(checkpointStep(crashed)).toBe(20);

    // 4. Resumed from step 20, killed after step 64 (epoch 3, minibatch 10), mid-epoch across an epoch boundary.
    const fourth = killedBy(['train', '--resume', crashed, '--quiet'], 'kill-after-step:64');
    expect(fourth.signal).toBe('SIGKILL');
    expect(checkpointStep(crashed)).toBe(60);

    // 5. Resumed to the end.
    const last = runCli(['train', '--resume', crashed, '--quiet', '--json']);
    expect(last.code, last.stderr).toBe(0);
    expect(lastJson(last.stdout)['resumedFromStep']).toBe(60);

    expect(tensorBytes(join(crashed, 'model.safetensors'))).toEqual(tensorBytes(join(straight, 'model.safetensors')));
    for (const picture of ['weights.png', 'curves.svg', 'confusion.svg']) {
      expect(readFileSync(join(crashed, picture)).equals(readFileSync(join(straight, picture))), picture).toBe(true);
    }
    const a = untimedReport(straight) as Record<string, unknown>;
    const b = untimedReport(crashed) as Record<string, unknown>;
    expect({ ...b, argv: null }).toEqual({ ...a, argv: null }); // argv differs by the --out folder only
    expect(readdirSync(crashed).sort()).toEqual(['confusion.svg', 'curves.svg', 'model.safetensors', 'report.html', 'report.json', 'weights.png']);
  });

  it('checkpoints by epoch: killed mid-epoch 2, resumed from the end of epoch 1', () => {
    const dir = join(tmp, 'by-epoch');
    const killed = killedBy(['train', ...ARGS, '--checkpoint-every', '1epoch', '--out', dir], 'kill-after-step:40');
    expect(killed.signal).toBe('SIGKILL');
    const { checkpoint } = loadCheckpoint(join(dir, 'checkpoint.safetensors'));
    expect(checkpoint.training).toMatchObject({ step: 27, epoch: 1 });
    expect(checkpoint.position.batch).toBe(0);
    const r = runCli(['train', '--resume', dir, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(tensorBytes(join(dir, 'model.safetensors'))).toEqual(tensorBytes(join(straight, 'model.safetensors')));
  });

  it('taking checkpoints does not change the run', () => {
    const dir = join(tmp, 'plain');
    const r = runCli(['train', ...ARGS, '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(tensorBytes(join(dir, 'model.safetensors'))).toEqual(tensorBytes(join(straight, 'model.safetensors')));
  });
});

describe('train --resume: errors in one line', () => {
  const dir = join(tmp, 'errors');
  beforeAll(() => {
    killedBy(['train', ...ARGS, '--checkpoint-every', '5', '--out', dir], 'kill-after-step:12');
  });
  const cases: [string, () => string[], number, RegExp][] = [
    ['a flag besides --quiet/--json', () => ['train', '--resume', dir, '--lr', '1'], 2, /--resume continues with the arguments recorded in the checkpoint; drop --lr/],
    ['a bad --checkpoint-every', () => ['train', '--checkpoint-every', '2hours'], 2, /--checkpoint-every: '2hours' must be a whole number ≥ 1 of steps or epochs/],
    ['a folder that does not exist', () => ['train', '--resume', join(tmp, 'nowhere')], 1, /nowhere: no such folder/],
    ['a folder without a checkpoint', () => ['train', '--resume', tmp], 1, /has no checkpoint\.safetensors: --resume needs a run started with --checkpoint-every N/],
    ['a finished run', () => ['train', '--resume', join(tmp, 'straight')], 1, /the run there has finished/],
  ];
  for (const [what, args, code, message] of cases) {
    it(`${what} → exit ${code}`, () => {
      const r = runCli(args());
      expect(r.code).toBe(code);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }

  it('a damaged checkpoint → exit 1, naming the file', () => {
    const broken = join(tmp, 'broken');
    killedBy(['train', ...ARGS, '--checkpoint-every', '5', '--out', broken], 'kill-after-step:7');
    const file = join(broken, 'checkpoint.safetensors');
    const bytes = readFileSync(file);
    bytes[bytes.length - 100]! ^= 0xff;
    writeFileSync(file, bytes);
    const r = runCli(['train', '--resume', broken]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`linclass: ${file}: its checksum (content_fnv1a) does not match its contents: the file is damaged; resume from another checkpoint or start the run again`);
  });

  it('a checkpoint whose data has changed since → exit 1', () => {
    const csv = join(tmp, 'small.csv');
    const rows = Array.from({ length: 60 }, (_, i) => `${i % 3},${(i * 7) % 5},${i % 3}`);
    writeFileSync(csv, rows.join('\n'));
    const run = join(tmp, 'csv-run');
    killedBy(['train', '--data', `csv:${csv}`, '--epochs', '3', '--batch-size', '4', '--checkpoint-every', '3', '--out', run], 'kill-after-step:5');
    writeFileSync(csv, rows.map((r, i) => (i === 0 ? '9,9,0' : r)).join('\n'));
    const r = runCli(['train', '--resume', run]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/checkpoint\.safetensors: cannot resume: resume: the training data differs from the checkpoint's/);
  });
});
