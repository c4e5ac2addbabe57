/**
 * The static import graph of the TypeScript sources, read as text: which modules a file reaches and whether
 * any of them imports a Node built-in (the browser-safety checks of the data, training and report modules).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const NODE_BUILTIN = /^(node:.*|fs|path|zlib|os|module|url|worker_threads|child_process|http|net|crypto|v8)$/;

/** The specifiers of a file's static `import … from` and `export … from` statements. */
export function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

/** Every file reachable from `entry` through relative static imports, with its specifiers. */
export function closure(entry: string): Map<string, string[]> {
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

/** "a.ts imports node:fs" for every Node built-in reachable from `entry` (empty when browser-safe). */
export function nodeImportsReachable(entry: string): string[] {
  const offenders: string[] = [];
  for (const [file, specs] of closure(entry)) {
    for (const s of specs) if (NODE_BUILTIN.test(s)) offenders.push(`${relative(ROOT, file)} imports ${s}`);
  }
  return offenders;
}
