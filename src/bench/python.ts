/**
 * The Python peers: bench/peers.py run by each interpreter that exists, in the order given. numpy from the
 * first interpreter is the yardstick; torch and sklearn are measured by the first interpreter that has them.
 *
 * OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from the subprocess's environment only: this workplace
 * sets them for old OpenBLAS builds, and they slow a current one down (the report shows which kernel
 * OpenBLAS then picks, through threadpoolctl). Nothing else changes for any other process.
 */
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchData } from './data.js';
import type { Sizes } from './linclass.js';
import type { BenchResult, PeerStatus } from './types.js';

export interface PythonRun {
  readonly results: BenchResult[];
  readonly predictions: Record<string, number[]>;
}

interface PeersJson {
  interpreter: string;
  python: string;
  peers: Record<string, { present: boolean; why: string; info?: unknown }>;
  results: (BenchResult & { predictions?: number[] })[];
}

export function peersScript(): string {
  // src/bench/ or dist/bench/ → the package's bench/peers.py
  return fileURLToPath(new URL('../../bench/peers.py', import.meta.url));
}

function resolveInterpreter(cmd: string): string | null {
  const r = spawnSync(cmd, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout) return null;
  try {
    return realpathSync(r.stdout.trim());
  } catch {
    return r.stdout.trim();
  }
}

export function runPython(
  pythons: readonly string[],
  data: BenchData,
  sizes: Sizes,
  workloads: readonly string[],
  repeats: number,
  knnRepeats: number,
  threads: number,
  peers: Record<string, PeerStatus>,
  progress: (line: string) => void,
): PythonRun {
  const env = { ...process.env };
  delete env['OPENBLAS_CORETYPE'];
  delete env['OPENBLAS_L2_SIZE'];
  const results: BenchResult[] = [];
  const predictions: Record<string, number[]> = {};
  const seen = new Set<string>();
  const measured = new Set<string>();
  const absent: Record<string, string[]> = { numpy: [], torch: [], sklearn: [] };
  let first = true;
  for (const cmd of pythons) {
    const exe = resolveInterpreter(cmd);
    if (!exe) {
      for (const k of Object.keys(absent)) absent[k]!.push(`${cmd}: not found`);
      continue;
    }
    if (seen.has(exe)) continue;
    seen.add(exe);
    progress(`python peers with ${cmd} (${exe})`);
    const config = {
      workloads,
      repeats,
      knnRepeats,
      threads,
      sgemm: sizes.sgemm,
      batch: sizes.batch,
      lr: sizes.lr,
      knnChunk: sizes.knnChunk,
      trainRows: data.trainRows,
      testRows: data.testRows,
      skip: [...measured],
      ...data.files,
    };
    const r = spawnSync(exe, [peersScript(), JSON.stringify(config)], { encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) {
      for (const k of Object.keys(absent)) absent[k]!.push(`${cmd}: bench/peers.py failed: ${(r.stderr || String(r.error)).trim().split('\n').slice(-1)[0]}`);
      continue;
    }
    const out = JSON.parse(r.stdout) as PeersJson;
    for (const [name, p] of Object.entries(out.peers)) {
      if (!p.present) {
        absent[name]?.push(`${cmd}: ${p.why}`);
        continue;
      }
      if (name !== 'numpy' && measured.has(name)) continue;
      const label = peerLabel(name, first, cmd);
      peers[label] = { present: true, detail: `${exe} (Python ${out.python}): ${JSON.stringify(p.info)}` };
    }
    for (const res of out.results) {
      if (res.impl !== 'numpy' && measured.has(res.impl)) continue;
      const label = peerLabel(res.impl, first, cmd);
      const { predictions: pred, ...rest } = res;
      if (pred) predictions[label] = pred;
      results.push({ ...rest, impl: label });
    }
    for (const [name, p] of Object.entries(out.peers)) if (p.present && name !== 'numpy') measured.add(name);
    first = false;
  }
  for (const [name, why] of Object.entries(absent)) {
    const any = Object.keys(peers).some((k) => k === name || k.startsWith(`${name} (`));
    if (!any) peers[name] = { present: false, detail: why.join('; ') || 'no Python interpreter was given' };
  }
  return { results, predictions };
}

function peerLabel(name: string, first: boolean, cmd: string): string {
  return name === 'numpy' && !first ? `numpy (${cmd})` : name;
}
