/**
 * Atomic file writes: the bytes go to a temporary file in the same directory, are flushed to disk, and the
 * file is renamed over the target. A reader (or a crash) sees the old file or the new one, never a mix.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { IoError } from '../errors.js';

let counter = 0;

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'the directory does not exist';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EISDIR':
      return 'a directory is in the way';
    default:
      return e.message ?? String(err);
  }
}

export interface AtomicWriteOptions {
  /**
   * TEST HOOK, for the crash-safety tests only: called once, when half of the bytes are in the temporary
   * file and before it is flushed and renamed, so a test can kill the process in the middle of a write.
   */
  readonly midWrite?: () => void;
}

/** Write `data` to `path` atomically. Throws IoError naming the file; the previous file stays as it was. */
export function writeFileAtomic(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'w', 0o644);
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    let off = 0;
    const half = options.midWrite ? bytes.length >>> 1 : bytes.length;
    while (off < half) off += writeSync(fd, bytes, off, half - off);
    options.midWrite?.();
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // already failing; the original error is the one to report
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file may never have been created
    }
    throw new IoError(path, `could not write: ${describe(err)}`, { cause: err });
  }
  syncDirectory(dirname(path));
}

/** Make the rename itself durable; not every platform lets a directory be opened, so this is best effort. */
function syncDirectory(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows and some file systems refuse; the rename is still atomic, only its durability is weaker.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
