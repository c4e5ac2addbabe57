// `npm run lab [-- --port P --host H]`: build the library and the lab when the sources are newer than the
// build (or there is no build), then run `linclass lab` with the same arguments.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const rootDir = fileURLToPath(new URL('..', import.meta.url));
const built = [join(rootDir, 'dist/lab/www/index.html'), join(rootDir, 'dist/cli/main.js')];

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const builtAt = built.every(existsSync) ? Math.min(...built.map((f) => statSync(f).mtimeMs)) : 0;
const sourcesAt = Math.max(newest(join(rootDir, 'src')), newest(join(rootDir, 'lab')));
if (builtAt < sourcesAt) {
  console.log(builtAt === 0 ? 'linclass lab: building (first run)…' : 'linclass lab: sources changed, rebuilding…');
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: rootDir, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const { run } = await import('../dist/cli/main.js');
process.exitCode = await run(['lab', ...process.argv.slice(2)], {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
