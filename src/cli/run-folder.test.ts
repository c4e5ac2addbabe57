import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IoError } from '../errors.js';
import { defaultRunPath, prepareRunFolder } from './run-folder.js';

describe('run folder', () => {
  it('names default folders by date and command', () => {
    expect(defaultRunPath('train', new Date(2026, 10, 30, 9, 5, 7))).toBe(join('runs', '2026-11-30-090507-train'));
  });

  it('creates the folder and writes files atomically', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'linclass-run-')), 'a', 'b');
    const run = prepareRunFolder(dir);
    const file = run.writeJson('report.json', { accuracy: 0.5 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ accuracy: 0.5 });
  });

  it('refuses a path where a file is in the way, in one line naming it', () => {
    const base = mkdtempSync(join(tmpdir(), 'linclass-run-'));
    const blocker = join(base, 'file');
    writeFileSync(blocker, 'x');
    expect(() => prepareRunFolder(join(blocker, 'run'))).toThrow(IoError);
    expect(() => prepareRunFolder(join(blocker, 'run'))).toThrow(/cannot create the output folder: .*--out DIR/);
  });

  it('refuses when the disk cannot hold what the run needs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linclass-run-'));
    expect(() => prepareRunFolder(dir, Number.MAX_SAFE_INTEGER)).toThrow(/MiB free, the run needs about/);
  });
});
