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

  it('the mid-write test hook runs once, with half of the bytes in the temporary file and the old file intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linclass-atomic-'));
    const path = join(dir, 'checkpoint.safetensors');
    writeFileSync(path, 'old');
    let seen: { files: string[]; tmpBytes: number; target: string } | null = null;
    writeFileAtomic(path, new Uint8Array(1001).fill(7), {
      midWrite: () => {
        const files = readdirSync(dir).sort();
        const tmp = files.find((f) => f.endsWith('.tmp'))!;
        seen = { files, tmpBytes: readFileSync(join(dir, tmp)).length, target: readFileSync(path, 'utf8') };
      },
    });
    expect(seen).toEqual({ files: [expect.stringMatching(/^\.checkpoint\.safetensors\.\d+\.\d+\.tmp$/), 'checkpoint.safetensors'], tmpBytes: 500, target: 'old' });
    expect(readFileSync(path).length).toBe(1001);
    expect(readdirSync(dir)).toEqual(['checkpoint.safetensors']);
  });

  it('a full disk mid-write (injected ENOSPC) is one IoError; the old file stays and no temporary is left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linclass-atomic-'));
    const path = join(dir, 'trials.json');
    writeFileSync(path, 'previous');
    const full = (): never => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    expect(() => writeFileAtomic(path, 'x'.repeat(100), { midWrite: full })).toThrow(`${path}: could not write: the disk is full`);
    expect(readFileSync(path, 'utf8')).toBe('previous');
    expect(readdirSync(dir)).toEqual(['trials.json']);
  });
});
