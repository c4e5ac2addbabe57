/**
 * The folder every run writes (`--out`, default runs/<date>-<command>). It is created and checked before
 * any work starts — writable, and with room for what the run will write — so a full disk or a read-only
 * directory costs one line, not a finished training run.
 */
import { mkdirSync, readdirSync, statSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { IoError } from '../errors.js';
import { writeFileAtomic, type AtomicWriteOptions } from '../io/atomic.js';

export interface RunFolder {
  readonly path: string;
  /** Write a file in the folder atomically; returns its path. */
  write(name: string, data: Uint8Array | string, options?: AtomicWriteOptions): string;
  writeJson(name: string, value: unknown): string;
  /**
   * Checks, again, that the folder's file system has room for `needBytes` more (plus a margin), now that the
   * run knows its sizes: IoError in one line when it has not. `what` says what the bytes are for.
   */
  ensureSpace(needBytes: number, what: string): void;
}

/** runs/2026-11-30-091530-train: sortable, and unique to the second. */
export function defaultRunPath(command: string, date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
  return join('runs', `${stamp}-${command}`);
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'a file is in the way (not a directory)';
  if (code === 'ENOENT') return 'that location does not accept new folders';
  return (err as Error).message;
}

/**
 * mkdir -p, one level at a time. Node 20's own `recursive: true` never returns for a path under /proc (it
 * retries the ENOENT forever), so a mistyped --out must not be able to hang the CLI.
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  let d = dir;
  for (;;) {
    try {
      if (!statSync(d).isDirectory()) throw Object.assign(new Error(`${d} is not a directory`), { code: 'ENOTDIR' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      missing.push(d);
      const up = dirname(d);
      if (up === d) break;
      d = up;
    }
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/**
 * Create (if needed) and check the run folder. `needBytes` is what the run expects to write; the check
 * asks for that much free space plus a margin.
 */
export function prepareRunFolder(path: string, needBytes = 0): RunFolder {
  const abs = resolve(path);
  try {
    makeDirectories(abs);
  } catch (err) {
    throw new IoError(path, `cannot create the output folder: ${reason(err)} (choose another with --out DIR)`, { cause: err });
  }
  const probe = join(abs, `.linclass-write-probe-${process.pid}`);
  try {
    writeFileSync(probe, 'ok');
    unlinkSync(probe);
  } catch (err) {
    throw new IoError(path, `cannot write in the output folder: ${reason(err)} (choose another with --out DIR)`, { cause: err });
  }
  checkFreeSpace(path, abs, needBytes, 'the run');
  return {
    path,
    write(name, data, options) {
      const file = join(path, name);
      writeFileAtomic(file, data, options);
      return file;
    },
    writeJson(name, value) {
      return this.write(name, `${JSON.stringify(value, null, 2)}\n`);
    },
    ensureSpace(needBytes, what) {
      checkFreeSpace(path, abs, needBytes, what);
    },
  };
}

const MiB = 1024 * 1024;

/** Free space for `needBytes` plus a 1 MiB margin, or IoError; skipped where statfs is unavailable. */
function checkFreeSpace(path: string, abs: string, needBytes: number, what: string): void {
  let free: number;
  try {
    const fs = statfsSync(abs);
    free = Number(fs.bavail) * Number(fs.bsize);
  } catch {
    // statfs is unavailable on some platforms: skip the space check, the atomic writes still protect files.
    return;
  }
  const need = needBytes + MiB;
  if (free < need) {
    throw new IoError(path, `only ${(free / MiB).toFixed(1)} MiB free, ${what} needs about ${(need / MiB).toFixed(1)} MiB: free some space or choose another --out DIR`);
  }
}

/**
 * Removes the temporary files (`.name.PID.N.tmp`) that atomic writes of a process killed mid-write left in
 * `dir`; files of processes still running are left alone. Returns the names removed.
 */
export function removeStaleTemporaries(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = /^\..+\.(\d+)\.\d+\.tmp$/.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(name);
    } catch {
      // gone already, or not ours to remove: harmless either way
    }
  }
  return removed;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
