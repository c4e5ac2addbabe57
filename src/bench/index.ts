/**
 * `runBenchmarks(options)`: every workload of issue 6 in one run, side by side: linclass (reference, WASM on
 * one thread, WASM on all threads), the plain-JS baseline, TensorFlow.js (CPU and WASM backends), ml-knn,
 * ml-logistic-regression, and numpy / PyTorch / scikit-learn through bench/peers.py. Peers that are not
 * installed are listed as absent with the reason. Returns the report; `toMarkdown` renders it. Timing is
 * never asserted anywhere: the quick mode only proves the bench still runs.
 *
 * W1 sgemm M³ float32 (linclass computes A·Bᵀ with B stored transposed, the layout its kernel takes; BLAS
 *    is as fast either way). W2 X·Wᵀ and dSᵀ·X for 60000×784 by 10. W3 one epoch of softmax minibatch SGD
 *    on MNIST (batch 256, pixels/255, lr 0.1). W4 kNN k = 1, L2, raw uint8 pixels, 10 000 × 60 000.
 */
import { cpus, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import type { Kernels } from '../kernels/api.js';
import { selectKernels } from '../kernels/select.js';
import { defaultMnistDir, loadMnist } from './data.js';
import { runLinclass, runPlainJs, type RunContext, type Sizes } from './linclass.js';
import { runMl, runTfjs } from './peers-js.js';
import { runPython } from './python.js';
import { WORKLOADS, type BenchOptions, type BenchReport, type BenchResult, type MachineInfo, type PeerStatus } from './types.js';

export { toMarkdown, ratio } from './report.js';
export { softmaxEpoch, type EpochData } from './epoch.js';
export * from './types.js';

const SIMD_FLAGS = ['sse4_1', 'sse4_2', 'avx', 'avx2', 'fma', 'f16c', 'avx512f', 'avx512bw', 'avx512vl', 'avx512_vnni', 'avx_vnni', 'avx512_bf16', 'amx_tile'];

function machineInfo(loadBefore: number[]): Omit<MachineInfo, 'loadAfter'> {
  let flags: string[] = [];
  let cpu = cpus()[0]?.model ?? 'unknown CPU';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    flags = (/^flags\s*:\s*(.*)$/m.exec(info)?.[1] ?? '').split(/\s+/).filter(Boolean);
    cpu = /^model name\s*:\s*(.*)$/m.exec(info)?.[1] ?? cpu;
  } catch {
    // not Linux: no flags to show
  }
  return {
    cores: cpus().length,
    cpu,
    simdFlags: SIMD_FLAGS.filter((f) => flags.includes(f)),
    allFlags: flags,
    node: process.versions.node,
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
    loadBefore,
  };
}

export async function runBenchmarks(options: BenchOptions = {}): Promise<BenchReport> {
  const quick = options.quick ?? false;
  const repeats = options.repeats ?? (quick ? 1 : 5);
  const knnRepeats = options.knnRepeats ?? (quick ? 1 : 3);
  const progress = options.onProgress ?? (() => {});
  const workloads = new Set<string>(options.workloads ?? WORKLOADS);
  const loadBefore = loadavg();
  const cores = cpus().length;
  const threads = options.threads ?? cores;
  const sizes: Sizes = quick
    ? { sgemm: [96], batch: 256, lr: 0.1, knnChunk: 64 }
    : { sgemm: [1024, 2048], batch: 256, lr: 0.1, knnChunk: 256 };
  const data = loadMnist(options.mnistDir ?? defaultMnistDir(), quick ? 1000 : 60000, quick ? 40 : 10000);
  const results: BenchResult[] = [];
  const peers: Record<string, PeerStatus> = {};
  const checks: string[] = [];
  const ctx: RunContext = { data, sizes, repeats, knnRepeats, quick, progress, add: (r) => results.push(r) };

  const kernels: Record<string, string> = {};
  const sets: [string, Kernels, boolean][] = [];
  const ref = await selectKernels('ref');
  sets.push(['linclass ref', ref, true]);
  const one = await selectKernels('wasm');
  sets.push(['linclass wasm (1 thread)', one, false]);
  const all = await selectKernels('wasm-threads', { threads });
  sets.push([`linclass wasm (${all.info.threads} threads)`, all, false]);
  const predictions: Record<string, number[]> = {};
  for (const [impl, k, slow] of sets) {
    kernels[impl] = `${k.info.name}, ${k.info.threads} thread(s), relaxed SIMD ${k.info.relaxedSimd}: ${k.info.reason}`;
    const p = runLinclass(ctx, k, impl, slow, workloads);
    if (p) predictions[impl] = p;
  }

  runPlainJs(ctx, workloads);
  await runTfjs(ctx, workloads, peers);
  await runMl(ctx, workloads, peers);

  const py = runPython(options.pythons ?? ['python3', '/usr/bin/python3'], data, sizes, [...workloads], repeats, knnRepeats, threads, peers, progress);
  results.push(...py.results);
  Object.assign(predictions, py.predictions);

  const yardstick = 'numpy';
  if (workloads.has('W4')) {
    const ours = predictions[`linclass wasm (${all.info.threads} threads)`];
    const refPred = predictions['linclass ref'];
    if (ours && refPred) {
      const same = refPred.every((v, i) => v === ours[i]);
      checks.push(`W4: the reference's predictions on its ${refPred.length} test rows ${same ? 'equal' : 'DIFFER FROM'} the WASM kernels'`);
    }
    for (const peer of Object.keys(py.predictions)) {
      const theirs = py.predictions[peer]!;
      if (!ours) continue;
      let diff = 0;
      for (let i = 0; i < theirs.length; i++) if (theirs[i] !== ours[i]) diff++;
      checks.push(`W4: ${peer}'s predictions ${diff === 0 ? `equal linclass's on all ${theirs.length} test rows` : `differ from linclass's on ${diff} of ${theirs.length} test rows`}`);
    }
  }
  const machine: MachineInfo = { ...machineInfo(loadBefore), loadAfter: loadavg() };
  (all as { close?: () => void }).close?.();
  return { date: new Date().toISOString(), quick, repeats, machine, kernels, peers, results, checks, yardstick };
}
