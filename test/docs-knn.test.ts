// The ```ts examples of docs/knn.md, run as they are written (each ends in a check that throws when the
// docs drift from the code). `from 'linclass'` is pointed at src/index.ts.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const markdown = readFileSync(join(root, 'docs', 'knn.md'), 'utf8');
const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const outDir = join(root, 'test-output', 'docs-knn');

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('docs/knn.md', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  blocks.forEach((code, i) => {
    it(`example ${i + 1} runs`, async () => {
      mkdirSync(outDir, { recursive: true });
      const file = join(outDir, `example-${i + 1}.ts`);
      writeFileSync(file, code.replaceAll("from 'linclass'", "from '../../src/index.js'"));
      await expect(import(file)).resolves.toBeDefined();
    });
  });
});
