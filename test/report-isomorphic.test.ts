// The report's drawing modules must run in the browser (the lab may reuse them): no module they reach may
// import a Node built-in. Only PNG compression (png-encode, png-decode, pictures) is Node-only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'src/report');
const NODE_ONLY = new Set(['png-encode.ts', 'png-decode.ts', 'pictures.ts', 'index.ts']);
const PURE = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NODE_ONLY.has(f))
  .map((f) => join(dir, f));

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

describe('browser-safe report modules', () => {
  it('there are some (raster, font, grids, SVGs, HTML)', () => {
    expect(PURE.map((p) => relative(dir, p))).toEqual(
      expect.arrayContaining(['raster.ts', 'font.ts', 'templates.ts', 'curves-svg.ts', 'confusion-svg.ts', 'report-html.ts', 'image-input.ts']),
    );
  });

  it.each(PURE.map((p) => [relative(root, p), p]))('%s reaches no Node built-in', (_name, entry) => {
    const offenders: string[] = [];
    for (const [file, specs] of closure(entry)) {
      for (const s of specs) if (s.startsWith('node:') || /^(fs|path|zlib|os|module|url)$/.test(s)) offenders.push(`${relative(root, file)} imports ${s}`);
    }
    expect(offenders).toEqual([]);
  });

  it('the scanner sees Node imports (so the check above can fail)', () => {
    expect(importsOf(join(dir, 'png-encode.ts'))).toContain('node:zlib');
  });
});
