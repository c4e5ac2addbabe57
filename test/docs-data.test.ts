// The code blocks of docs/data.md are run as they are written (imports of 'linclass' point at src/),
// so the page cannot drift from the library. A block preceded by "<!-- not run" is only type-checked
// by the reader's eye: it needs files the test machines may not have.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const page = readFileSync(join(root, 'docs/data.md'), 'utf8');
const blocks = [...page.matchAll(/(<!-- not run[^\n]*\n)?```ts\n([\s\S]*?)```/g)].map((m, i) => ({ index: i, run: m[1] === undefined, code: m[2]! }));
const dir = mkdtempSync(join(tmpdir(), 'linclass-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('docs/data.md', () => {
  it('has runnable examples (so the suite below is not empty)', () => {
    expect(blocks.filter((b) => b.run).length).toBeGreaterThanOrEqual(5);
    expect(blocks.some((b) => !b.run)).toBe(true);
  });

  it.each(blocks.filter((b) => b.run).map((b) => [b.index, b]))('example %i runs', async (_i, block) => {
    const entry = pathToFileURL(join(root, 'src/index.ts')).href;
    const code = block.code.replace(/from 'linclass'/g, `from '${entry}'`);
    const file = join(dir, `example-${block.index}.ts`);
    writeFileSync(file, code);
    await import(pathToFileURL(file).href);
  });
});
