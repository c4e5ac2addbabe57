// The TypeScript examples of docs/crash-safety.md and docs/search.md are run as they are written (imports of
// 'linclass' point at src/), so the pages cannot drift from the library.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'linclass-docs-safety-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const page of ['docs/crash-safety.md', 'docs/search.md']) {
  const text = readFileSync(join(root, page), 'utf8');
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({ index: i, code: m[1]! }));

  describe(page, () => {
    it('has a runnable example', () => {
      expect(blocks.length).toBeGreaterThanOrEqual(1);
    });

    it.each(blocks.map((b) => [b.index, b]))('example %i runs', async (_i, block) => {
      const entry = pathToFileURL(join(root, 'src/index.ts')).href;
      const file = join(dir, `${page.replace(/\W/g, '-')}-${block.index}.ts`);
      writeFileSync(file, block.code.replace(/from 'linclass'/g, `from '${entry}'`));
      await import(pathToFileURL(file).href);
    });
  });
}
