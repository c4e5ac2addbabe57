/**
 * What must run in the browser (the lab parses MNIST, trains in a Web Worker and draws with these modules):
 * no module these entries reach through static imports may import a Node built-in. The Node-only layers —
 * file readers, the model-file writer (reached only by a dynamic import inside save()/load()), PNG
 * compression — stay out of the list, and the last tests show the scanner does see them.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closure, importsOf, nodeImportsReachable, ROOT } from './helpers/import-graph.js';

const src = (f: string) => join(ROOT, 'src', f);
const DATA = ['idx.ts', 'bytes.ts', 'dataset.ts', 'types.ts', 'preprocess.ts', 'split.ts', 'cifar10.ts', 'csv.ts'].map((f) => src(`data/${f}`));
const TRAINING = ['models/linear-classifier.ts', 'models/model-file.ts', 'optim/index.ts', 'train/metrics.ts', 'train/events.ts'].map(src);
const REPORT_NODE_ONLY = new Set(['png-encode.ts', 'png-decode.ts', 'pictures.ts', 'index.ts']);
const REPORT = readdirSync(src('report'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !REPORT_NODE_ONLY.has(f))
  .map((f) => src(`report/${f}`));

describe('the browser entry (package.json "browser" condition)', () => {
  it('src/browser.ts reaches no Node built-in, and src/index.ts adds only what needs Node', () => {
    expect(nodeImportsReachable(src('browser.ts'))).toEqual([]);
    expect(nodeImportsReachable(src('index.ts'))).not.toEqual([]);
  });
});

describe('browser-safe modules', () => {
  it.each([...DATA, ...TRAINING, ...REPORT].map((p) => [relative(ROOT, p), p]))('%s reaches no Node built-in', (_name, entry) => {
    expect(nodeImportsReachable(entry)).toEqual([]);
  });

  it('the report list is not empty (raster, font, grids, SVGs, HTML)', () => {
    expect(REPORT.map((p) => relative(src('report'), p))).toEqual(
      expect.arrayContaining(['raster.ts', 'font.ts', 'templates.ts', 'curves-svg.ts', 'confusion-svg.ts', 'report-html.ts', 'image-input.ts']),
    );
  });

  it('the scanner sees Node imports, so the checks above can fail', () => {
    expect(importsOf(src('report/png-encode.ts'))).toContain('node:zlib');
    expect(nodeImportsReachable(src('models/serialize.ts'))).not.toEqual([]);
    expect(nodeImportsReachable(src('data/datasets.ts'))).not.toEqual([]);
    expect(closure(src('models/linear-classifier.ts')).size).toBeGreaterThan(10);
  });
});
