import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IoError } from '../errors.js';
import { writeFileAtomic } from './atomic.js';

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linclass-atomic-'));
    const path = join(dir, 'model.safetensors');
    writeFileSync(path, 'old');
    writeFileAtomic(path, Uint8Array.from([1, 2, 3]));
    expect(Array.from(readFileSync(path))).toEqual([1, 2, 3]);
    writeFileAtomic(path, 'text');
    expect(readFileSync(path, 'utf8')).toBe('text');
    expect(readdirSync(dir)).toEqual(['model.safetensors']);
  });

  // Root ignores directory permissions, so this case can only be shown as another user.
  it.skipIf(process.getuid?.() === 0)('fails with an IoError naming the file, and the previous file survives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linclass-atomic-'));
    const path = join(dir, 'report.json');
    writeFileSync(path, 'previous');
    chmodSync(dir, 0o500); // no new files may be created here
    try {
      expect(() => writeFileAtomic(path, 'new')).toThrow(IoError);
      expect(readFileSync(path, 'utf8')).toBe('previous');
    } finally {
      chmodSync(dir, 0o700);
    }
  });

  it('fails when the rename cannot happen, and cleans up its temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linclass-atomic-'));
    const path = join(dir, 'taken');
    mkdirSync(join(path, 'inside'), { recursive: true });
    expect(() => writeFileAtomic(path, 'new')).toThrow(IoError);
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readdirSync(path)).toEqual(['inside']);
  });

  it('reports a missing directory in one line', () => {
    const path = join(tmpdir(), 'linclass-no-such-dir', 'x', 'model.safetensors');
    expect(() => writeFileAtomic(path, 'x')).toThrow(`${path}: could not write: the directory does not exist`);
  });
});
