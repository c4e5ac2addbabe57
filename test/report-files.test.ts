// The report writers' outputs, written as the CLI will (atomically) and read back as a user's tools would.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { confusionSvg, curvesSvg, decodePng, reportHtml, RUN_PICTURES, weightsPng } from '../src/index.js';
import { writeFileAtomic } from '../src/io/atomic.js';
import { parseXml } from './helpers/xml.js';

const dir = mkdtempSync(join(tmpdir(), 'linclass-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a run folder of pictures', () => {
  it('writes weights.png, curves.svg, confusion.svg and report.html that read back', () => {
    const names = Array.from({ length: 10 }, (_, k) => String(k));
    const W = { data: Float32Array.from({ length: 10 * 785 }, (_, i) => Math.cos(i / 7)), rows: 10, cols: 785 };
    writeFileAtomic(join(dir, 'weights.png'), weightsPng({ weights: W, imageShape: { height: 28, width: 28, channels: 1, layout: 'hwc' }, classNames: names }));
    writeFileAtomic(join(dir, 'curves.svg'), curvesSvg([{ epoch: 1, dataLoss: 1, regLoss: 0.1, totalLoss: 1.1, trainAccuracy: 0.8, valAccuracy: 0.7 }]));
    const M = names.map((_, i) => names.map((_, j) => (i === j ? 90 : 1)));
    writeFileAtomic(join(dir, 'confusion.svg'), confusionSvg(M, names));
    writeFileAtomic(join(dir, 'report.html'), reportHtml({ title: 'run', figures: { testAccuracy: 0.9 }, pictures: RUN_PICTURES }));

    const png = decodePng(new Uint8Array(readFileSync(join(dir, 'weights.png'))), 'weights.png');
    expect([png.width, png.height, png.channels]).toEqual([1320, 154, 1]);
    for (const f of ['curves.svg', 'confusion.svg']) expect(parseXml(readFileSync(join(dir, f), 'utf8')).documentElement!.tagName).toBe('svg');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    for (const p of RUN_PICTURES) expect(html).toContain(`src="${p.file}"`);
  });
});

describe('scripts/report-samples.mjs (smoke run on the built package)', () => {
  const script = fileURLToPath(new URL('../scripts/report-samples.mjs', import.meta.url));
  const built = existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url)));

  it('writes the five sample files', () => {
    expect(built, "dist/ is missing: run 'npm run build' first (npm test does)").toBe(true);
    const target = join(dir, 'samples');
    const r = spawnSync(process.execPath, [script, target], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const f of ['weights.png', 'weights-cifar.png', 'curves.svg', 'confusion.svg', 'report.html']) {
      expect(existsSync(join(target, f)), f).toBe(true);
    }
    expect(r.stdout).toContain(`written to ${target}/`);
  });
});
