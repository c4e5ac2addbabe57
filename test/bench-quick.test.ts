/**
 * Smoke test of `npm run bench --quick`: every workload runs at a small size through every implementation
 * and peer, so the benchmark cannot rot (the mljs lesson). It asserts what ran and what the report says,
 * never how fast anything was.
 */
import { describe, expect, it } from 'vitest';
import { runBenchmarks, toMarkdown } from '../src/bench/index.js';

describe('runBenchmarks({ quick: true })', () => {
  it('runs W1–W4 for linclass and the JS baseline, lists every peer as present or absent, and renders the report', async () => {
    const lines: string[] = [];
    const report = await runBenchmarks({ quick: true, threads: 2, onProgress: (l) => lines.push(l) });
    const impls = (w: string): string[] => report.results.filter((r) => r.workload === w).map((r) => r.impl);
    for (const w of ['W1 sgemm 96', 'W2 X·Wᵀ', 'W2 dSᵀ·X', 'W3 softmax epoch', 'W4 kNN k=1']) {
      expect(impls(w)).toEqual(expect.arrayContaining(['linclass ref', 'linclass wasm (1 thread)', 'linclass wasm (2 threads)', 'plain JS triple loop']));
    }
    for (const r of report.results) {
      expect(r.seconds, `${r.workload} ${r.impl}`).toBeGreaterThan(0);
      expect(r.runs.length).toBeGreaterThan(0);
    }
    for (const name of ['tfjs cpu', 'tfjs wasm', 'ml-knn', 'ml-logistic-regression', 'numpy', 'torch', 'sklearn']) {
      expect(report.peers[name], name).toBeDefined();
      expect(report.peers[name]!.detail.length, `${name} says what it is or why it is absent`).toBeGreaterThan(0);
      if (report.peers[name]!.present && name !== 'ml-knn' && name !== 'ml-logistic-regression') {
        expect(report.results.some((r) => r.impl === name), `${name} is present, so it has results`).toBe(true);
      }
    }
    // W4 on 40 test rows: exact distances, so the WASM kernels agree with the reference rows they share.
    expect(report.checks.some((c) => /reference's predictions on its 5 test rows equal the WASM kernels'/.test(c))).toBe(true);
    const md = toMarkdown(report);
    expect(md).toMatch(/^# linclass benchmark \(quick/);
    expect(md).toContain('## W4 kNN k=1');
    expect(md).toContain(`${report.machine.cores} cores`);
    expect(md).toMatch(/ABSENT|present/);
    expect(lines.length).toBeGreaterThan(10);
  }, 300_000);
});
