/**
 * The thread pool's promises that a unit test inside vitest cannot see: a Node process that used
 * 'wasm-threads' exits by itself (the workers are unref'd), and the workers start once and are reused.
 * Runs the built package (npm test builds first) in a child process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const select = fileURLToPath(new URL('../dist/kernels/select.js', import.meta.url));

describe.runIf(existsSync(select))('wasm-threads in a Node process', () => {
  it('computes on every call with the same workers and lets the process exit without close()', () => {
    const script = `
      import { selectKernels } from ${JSON.stringify(select)};
      const k = await selectKernels('wasm-threads', { threads: 2, minParallelWork: 0 });
      const again = await selectKernels('wasm-threads', { threads: 2, minParallelWork: 0 });
      const A = k.alloc(64, 32), B = k.alloc(48, 32), C = k.alloc(64, 48);
      A.data.fill(1); B.data.fill(2);
      for (let i = 0; i < 50; i++) again.matmulABt(A, B, C);
      process.stdout.write(JSON.stringify({ threads: k.info.threads, value: C.data[64 * 48 - 1], shared: k.alloc === again.alloc }));
    `;
    const t = Date.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ threads: 2, value: 64, shared: true });
    expect(Date.now() - t).toBeLessThan(30_000);
  });
});
