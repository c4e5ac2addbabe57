// The parsers must run in the browser: no module they reach (transitively) may import a Node built-in.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PURE = ['idx.ts', 'bytes.ts', 'dataset.ts', 'types.ts', 'preprocess.ts', 'split.ts', 'cifar10.ts', 'csv.ts'].map((f) => join(root, 'src/data', f));

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

describe('isomorphic data parsers', () => {
  it.each(PURE.map((p) => [relative(root, p), p]))('%s reaches no Node built-in', (_name, entry) => {
    const offenders: string[] = [];
    for (const [file, specs] of closure(entry)) {
      for (const s of specs) if (s.startsWith('node:') || /^(fs|path|zlib|os|module|url)$/.test(s)) offenders.push(`${relative(root, file)} imports ${s}`);
    }
    expect(offenders).toEqual([]);
    expect(closure(entry).size).toBeGreaterThan(0);
  });

  it('the import scanner sees Node imports (so the check above can fail)', () => {
    const specs = importsOf(join(root, 'src/data/files.ts'));
    expect(specs).toContain('node:fs');
  });
});
