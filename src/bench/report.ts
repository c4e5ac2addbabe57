/** The report as Markdown: one table per workload, medians and ratios to the yardstick (numpy). */
import type { BenchReport, BenchResult } from './types.js';

function fmtSeconds(s: number): string {
  if (s >= 100) return `${s.toFixed(0)} s`;
  if (s >= 1) return `${s.toFixed(2)} s`;
  return `${(s * 1000).toPrecision(3)} ms`;
}

/** Speed relative to the yardstick: its time divided by this time (> 1 is faster than numpy). */
export function ratio(report: BenchReport, r: BenchResult): number | null {
  const y = report.results.find((x) => x.workload === r.workload && x.impl === report.yardstick);
  return y ? y.seconds / r.seconds : null;
}

export function toMarkdown(report: BenchReport): string {
  const m = report.machine;
  const lines: string[] = [];
  lines.push(`# linclass benchmark${report.quick ? ' (quick: small sizes, smoke test only)' : ''}`);
  lines.push('');
  lines.push(`${report.date} · ${m.cpu} · ${m.cores} cores · Node ${m.node} (V8 ${m.v8}) · ${m.platform}`);
  lines.push(`SIMD flags: ${m.simdFlags.join(' ')}`);
  lines.push(`Load average (1, 5, 15 min) before: ${m.loadBefore.map((v) => v.toFixed(2)).join(', ')}; after: ${m.loadAfter.map((v) => v.toFixed(2)).join(', ')}`);
  lines.push(`Medians of ${report.repeats} timed runs after a warm-up (full kNN: fewer, see runs). "× ${report.yardstick}" = ${report.yardstick}'s time ÷ this time: above 1 is faster than ${report.yardstick}.`);
  lines.push('');
  const workloads = [...new Set(report.results.map((r) => r.workload))];
  for (const w of workloads) {
    lines.push(`## ${w}`);
    lines.push('');
    lines.push(`| implementation | median | GFLOPS | × ${report.yardstick} | notes |`);
    lines.push('| --- | ---: | ---: | ---: | --- |');
    const rows = report.results.filter((r) => r.workload === w).sort((a, b) => a.seconds - b.seconds);
    for (const r of rows) {
      const q = ratio(report, r);
      const gflops = r.flops ? (r.flops / r.seconds / 1e9).toFixed(1) : '';
      const notes = [r.extrapolated ? `extrapolated: ${r.extrapolated}` : '', r.accuracy !== undefined ? `accuracy ${(100 * r.accuracy).toFixed(2)}%` : '', r.note ?? '']
        .filter(Boolean)
        .join('; ');
      lines.push(`| ${r.impl}${r.extrapolated ? ' *' : ''} | ${fmtSeconds(r.seconds)} | ${gflops} | ${q === null ? '–' : q.toFixed(2)} | ${notes} |`);
    }
    lines.push('');
  }
  lines.push('\\* extrapolated from a subset (see notes).');
  lines.push('');
  lines.push('## Kernels');
  lines.push('');
  for (const [impl, reason] of Object.entries(report.kernels)) lines.push(`- ${impl}: ${reason}`);
  lines.push('');
  lines.push('## Peers');
  lines.push('');
  for (const [name, p] of Object.entries(report.peers)) lines.push(`- ${name}: ${p.present ? 'present' : 'ABSENT'} — ${p.detail}`);
  if (report.checks.length > 0) {
    lines.push('');
    lines.push('## Checks');
    lines.push('');
    for (const c of report.checks) lines.push(`- ${c}`);
  }
  lines.push('');
  return lines.join('\n');
}
