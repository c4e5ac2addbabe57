// Training must run in the browser (the lab trains in a Web Worker): no module that fit, predict or the
// model-file codec reaches (transitively, through static imports) may import a Node built-in. The Node file
// layer (serialize.ts) is reached only through a dynamic import inside save()/load().
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PURE = ['models/linear-classifier.ts', 'models/model-file.ts', 'optim/index.ts', 'train/metrics.ts', 'train/events.ts'].map((f) =>
  join(root, 'src', f),
);

function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

function closure(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    const specs = importsOf(file);
    seen.set(file, specs);
    for (const s of specs) {
      if (!s.startsWith('.')) continue;
      const target = resolve(dirname(file), s.replace(/\.js$/, '.ts'));
      if (existsSync(target)) stack.push(target);
    }
  }
  return seen;
}

describe('isomorphic training', () => {
  it.each(PURE.map((p) => [relative(root, p), p]))('%s reaches no Node built-in', (_name, entry) => {
    const offenders: string[] = [];
    const files = closure(entry);
    for (const [file, specs] of files) {
      for (const s of specs) if (s.startsWith('node:') || /^(fs|path|zlib|os|module|url|worker_threads|child_process)$/.test(s)) offenders.push(`${relative(root, file)} imports ${s}`);
    }
    expect(offenders).toEqual([]);
    expect(files.size).toBeGreaterThan(0);
  });

  it('the scanner follows the classifier into the Node layer if it were imported statically', () => {
    const files = [...closure(join(root, 'src/models/serialize.ts')).values()].flat();
    expect(files).toContain('node:fs');
    expect(closure(join(root, 'src/models/linear-classifier.ts')).size).toBeGreaterThan(10);
  });
});
