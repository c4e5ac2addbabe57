// The code blocks of docs/optimizers.md and docs/linear-classifier.md are run as they are written (imports
// of 'linclass' point at src/), so the pages cannot drift from the library. A block preceded by
// "<!-- not run" is not executed (it trains on all of MNIST; test/mnist-accuracy.test.ts runs exactly that).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'linclass-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const [page, minimum] of [
  ['docs/optimizers.md', 4],
  ['docs/linear-classifier.md', 4],
] as const) {
  const text = readFileSync(join(root, page), 'utf8');
  const blocks = [...text.matchAll(/(<!-- not run[^\n]*\n)?```ts\n([\s\S]*?)```/g)].map((m, i) => ({ index: i, run: m[1] === undefined, code: m[2]! }));

  describe(page, () => {
    it('has runnable examples (so the suite below is not empty)', () => {
      expect(blocks.filter((b) => b.run).length).toBeGreaterThanOrEqual(minimum);
    });

    it.each(blocks.filter((b) => b.run).map((b) => [b.index, b]))('example %i runs', async (_i, block) => {
      const entry = pathToFileURL(join(root, 'src/index.ts')).href;
      const code = block.code.replace(/from 'linclass'/g, `from '${entry}'`);
      const file = join(dir, `${page.replace(/\W/g, '-')}-${block.index}.ts`);
      writeFileSync(file, code);
      await import(pathToFileURL(file).href);
    });
  });
}
