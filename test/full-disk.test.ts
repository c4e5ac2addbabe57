/**
 * A full disk and a read-only output folder, for real: small tmpfs file systems mounted for the test
 * (`mount -t tmpfs`, which needs root; without it these tests are skipped, and src/io/atomic.test.ts still
 * shows the same behaviour with an injected ENOSPC). What must happen:
 *
 * - where it can be checked before training starts (too little free space, a read-only folder), one line
 *   and exit 1, before any epoch;
 * - otherwise the failing write is reported in one line naming the file, exit 1, and the last good files
 *   (the previous checkpoint, an earlier model) stay in place, whole and loadable, with no temporaries left.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeModelFile } from '../src/models/model-file.js';
import { loadCheckpoint } from '../src/train/checkpoint-file.js';
import { CLI, runCli } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'linclass-disk-'));
const mounted: string[] = [];

/** A fresh tmpfs of `size` (e.g. '8m') at a new directory, or null when this process may not mount. */
function tmpfs(name: string, size: string, readOnly = false): string | null {
  const dir = join(tmp, name);
  mkdirSync(dir);
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  mounted.push(dir);
  return dir;
}

const canMount = ((): boolean => {
  const probe = tmpfs('probe', '64k');
  return probe !== null;
})();

afterAll(() => {
  for (const dir of mounted.reverse()) spawnSync('umount', [dir]);
  rmSync(tmp, { recursive: true, force: true });
});

/** Writes into `dir` until the file system is full. */
function fill(dir: string): void {
  const fd = openSync(join(dir, 'filler'), 'w');
  const chunk = new Uint8Array(64 * 1024);
  try {
    for (;;) {
      try {
        writeSync(fd, chunk);
      } catch {
        // ENOSPC: now try the small remainder, byte blocks at a time
        try {
          for (;;) writeSync(fd, chunk.subarray(0, 512));
        } catch {
          return;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs the CLI with `pause-after-step:N`; when it pauses, `whilePaused` runs (fill the disk), then the run
 * is let go on. Resolves with its exit code and stderr.
 */
function runPausedThen(args: readonly string[], step: number, whilePaused: () => void): Promise<{ code: number | null; stderr: string }> {
  const go = join(tmp, `continue-${step}-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, LINCLASS_TEST_HOOK: `pause-after-step:${step}`, LINCLASS_TEST_HOOK_CONTINUE: go },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let released = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!released && stderr.includes('linclass-test-hook: paused')) {
        released = true;
        whilePaused();
        writeFileSync(go, '');
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr: stderr.replace(/^linclass-test-hook: .*\n/m, '') }));
  });
}

const SMALL = ['--train-limit', '2000', '--test-limit', '200', '--epochs', '2', '--batch-size', '100'];

describe.skipIf(!canMount)('a full disk, for real (tmpfs; needs root to mount)', () => {
  it('too little room is reported in one line before training starts', () => {
    const disk = tmpfs('tiny', '1m')!;
    const r = runCli(['train', ...SMALL, '--out', join(disk, 'run')]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^linclass: .*\/tiny\/run: only 1\.0 MiB free, the run needs about \d+\.\d MiB: free some space or choose another --out DIR$/);
    expect(r.stderr).not.toContain('epoch');
  });

  it('a read-only file system is reported in one line before training starts', () => {
    const disk = tmpfs('readonly', '4m', true)!;
    const r = runCli(['train', ...SMALL, '--out', join(disk, 'run')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^linclass: .*\/readonly\/run: cannot create the output folder: the file system is read-only \(choose another with --out DIR\)$/);
  });

  it('the disk filling up mid-run: the failed checkpoint write is one line; the previous checkpoint stays whole and resumes', async () => {
    const disk = tmpfs('fills', '12m')!;
    const out = join(disk, 'run');
    const r = await runPausedThen(['train', ...SMALL, '--checkpoint-every', '5', '--out', out], 12, () => fill(disk));
    expect(r.code).toBe(1);
    const file = join(out, 'checkpoint.safetensors');
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('linclass: '))).toEqual([`linclass: ${file}: could not write: the disk is full`]);
    expect(readdirSync(out)).toEqual(['checkpoint.safetensors']); // no temporary left behind
    expect(loadCheckpoint(file).checkpoint.training.step).toBe(10);
    // With room again, the run resumes from that checkpoint and finishes.
    rmSync(join(disk, 'filler'));
    const resumed = runCli(['train', '--resume', out, '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(existsSync(join(out, 'model.safetensors'))).toBe(true);
  });

  it('the disk filling up before the model is written: one line naming the model file; the earlier model stays', async () => {
    const disk = tmpfs('model', '12m')!;
    const out = join(disk, 'run');
    const first = runCli(['train', ...SMALL, '--out', out, '--quiet']);
    expect(first.code, first.stderr).toBe(0);
    const before = readFileSync(join(out, 'model.safetensors'));
    const r = await runPausedThen(['train', ...SMALL, '--lr', '0.05', '--out', out, '--quiet'], 30, () => fill(disk));
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`linclass: ${join(out, 'model.safetensors')}: could not write: the disk is full`);
    const after = readFileSync(join(out, 'model.safetensors'));
    expect(after.equals(before)).toBe(true);
    expect(decodeModelFile(after, 'model.safetensors', 'linear').kind).toBe('linear');
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe.skipIf(canMount)('a full disk (skipped: this process may not mount a tmpfs)', () => {
  it('is shown with an injected ENOSPC in src/io/atomic.test.ts instead', () => {
    expect(canMount).toBe(false);
  });
});
