// Fuzz targets (test/fuzz/runner.ts): the data parsers. Random truncations and byte flips of valid IDX (raw
// and gzip), CIFAR-10 and CSV files, and of the files the streaming readers read, must give either a
// well-formed result or a DataFormatError naming the file — never another exception, a hang or an allocation
// out of proportion to the input. Counts are asserted so a target cannot pass by accident (e.g. if every
// input were rejected).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCifar10Batch } from '../../src/data/cifar10.js';
import { parseCsvBytes, type CsvOptions } from '../../src/data/csv.js';
import { gunzipIfCompressed } from '../../src/data/files.js';
import { idxDataset, parseIdxImages, parseIdxLabels } from '../../src/data/idx.js';
import { openCifar10Stream, openIdxStream, type RecordStream } from '../../src/data/stream.js';
import type { Dataset } from '../../src/data/types.js';
import { DataFormatError } from '../../src/errors.js';
import { cifarBytes, gzip, idxBytes, tinyImages } from '../helpers/data-files.js';
import { report, RUNS, scratchDir, seedFor, Tally } from './runner.js';

const tmp = scratchDir('linclass-fuzz-');
afterAll(() => tmp.cleanup());

interface Mutation {
  readonly cut: number | null;
  readonly flips: readonly (readonly [number, number])[];
}

/**
 * A truncation point and/or up to 8 byte overwrites. Half the positions aim at the first 24 bytes, where
 * headers (IDX dimensions, gzip header, CSV header row) live and a flip does the most damage.
 */
function mutation(length: number): fc.Arbitrary<Mutation> {
  const position = fc.oneof(fc.nat({ max: Math.min(23, length - 1) }), fc.nat({ max: length - 1 }));
  const flips = fc.array(fc.tuple(position, fc.integer({ min: 0, max: 255 })), { maxLength: 8 });
  return fc
    .record({ cut: fc.option(fc.nat({ max: length }), { nil: null }), flips })
    .filter((m) => m.cut !== null || m.flips.length > 0);
}

function apply(bytes: Uint8Array, m: Mutation): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (const [at, value] of m.flips) out[at] = value;
  return m.cut === null ? out : out.subarray(0, m.cut);
}

/** Runs `parse`; counts successes and DataFormatErrors naming `file`; anything else fails the property. */
function outcome(counts: { ok: number; rejected: number }, file: string, parse: () => void): void {
  try {
    parse();
    counts.ok++;
  } catch (err) {
    if (!(err instanceof DataFormatError)) throw err;
    expect(err.message.startsWith(`${file}: `)).toBe(true);
    counts.rejected++;
  }
}

/** The runner's record of a target whose cases each parse one or more files. */
function tallied(counts: { ok: number; rejected: number }, cases: number, ms: number): Tally {
  const t = new Tally();
  t.cases = cases;
  t.accepted = counts.ok;
  t.refused = counts.rejected;
  t.kinds['DataFormatError'] = counts.rejected;
  t.slowestMs = ms;
  return t;
}

/** Times each case of a property (the slowest one goes in the report). */
function timed<A extends unknown[]>(slowest: { ms: number }, f: (...a: A) => void): (...a: A) => void {
  return (...a) => {
    const t0 = performance.now();
    f(...a);
    slowest.ms = Math.max(slowest.ms, performance.now() - t0);
  };
}

/** A parsed dataset must be self-consistent and no larger than its input allows. */
function checkDataset(ds: Dataset, inputBytes: number): void {
  expect(ds.labels.length).toBe(ds.X.rows);
  expect(ds.X.data.length).toBe(ds.X.rows * ds.X.cols);
  expect(ds.X.data.byteLength).toBeLessThanOrEqual(4 * inputBytes);
  for (const y of ds.labels) expect(y >= 0 && y < ds.classNames.length).toBe(true);
}


describe('fuzz: the data parsers (seeded)', () => {
  const { pixels, labels } = tinyImages(6, 4, 5, 11);
  const images = idxBytes([6, 4, 5], pixels);
  const labelFile = idxBytes([6], labels);

  it('IDX images and labels, raw', () => {
    const counts = { ok: 0, rejected: 0 };
    const slowest = { ms: 0 };
    fc.assert(
      fc.property(mutation(images.length), mutation(labelFile.length), fc.boolean(), timed(slowest, (mi, ml, both) => {
        const img = apply(images, mi);
        const lab = both ? apply(labelFile, ml) : labelFile;
        outcome(counts, 'img', () => {
          const parsed = parseIdxImages(img, 'img');
          expect(parsed.pixels.length).toBe(parsed.count * parsed.height * parsed.width);
        });
        outcome(counts, 'lab', () => {
          expect(parseIdxLabels(lab, 'lab', 10).length).toBeLessThanOrEqual(lab.length);
        });
        try {
          checkDataset(idxDataset(img, lab, { name: 'pair', imagesFile: 'img', labelsFile: 'lab', classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] }), img.length);
        } catch (err) {
          if (!(err instanceof DataFormatError)) throw err;
          expect(['img', 'lab']).toContain(err.file);
        }
      })),
      { seed: seedFor('idx-raw'), numRuns: RUNS },
    );
    expect(counts.ok + counts.rejected).toBe(2 * RUNS);
    expect(counts.rejected).toBeGreaterThan(RUNS / 2);
    expect(counts.ok).toBeGreaterThan(50);
    report('idx-raw', tallied(counts, RUNS, slowest.ms), RUNS, 0);
  });

  it('IDX, gzip-compressed', () => {
    const gzImages = gzip(images);
    const gzLabels = gzip(labelFile);
    const counts = { ok: 0, rejected: 0 };
    const slowest = { ms: 0 };
    fc.assert(
      fc.property(mutation(gzImages.length), mutation(gzLabels.length), timed(slowest, (mi, ml) => {
        // A small output limit: flipped deflate data must not be able to inflate without bound.
        outcome(counts, 'img.gz', () => {
          const parsed = parseIdxImages(gunzipIfCompressed(apply(gzImages, mi), 'img.gz', 1 << 20), 'img.gz');
          expect(parsed.pixels.length).toBe(parsed.count * parsed.height * parsed.width);
        });
        outcome(counts, 'lab.gz', () => {
          parseIdxLabels(gunzipIfCompressed(apply(gzLabels, ml), 'lab.gz', 1 << 20), 'lab.gz', 10);
        });
      })),
      { seed: seedFor('idx-gzip'), numRuns: RUNS },
    );
    expect(counts.ok + counts.rejected).toBe(2 * RUNS);
    expect(counts.rejected).toBeGreaterThan(RUNS);
    expect(counts.ok).toBeGreaterThan(10);
    report('idx-gzip', tallied(counts, RUNS, slowest.ms), RUNS, 0);
  });

  it('CIFAR-10 batches', () => {
    const batch = cifarBytes([0, 9, 3], (r, p) => r * 7 + p);
    const counts = { ok: 0, rejected: 0 };
    const slowest = { ms: 0 };
    fc.assert(
      fc.property(mutation(batch.length), timed(slowest, (m) => {
        const bytes = apply(batch, m);
        outcome(counts, 'b.bin', () => {
          const b = parseCifar10Batch(bytes, 'b.bin');
          expect(b.pixels.length).toBe(b.count * 3072);
          expect(b.count * 3073).toBe(bytes.length);
        });
      })),
      { seed: seedFor('cifar10'), numRuns: RUNS },
    );
    expect(counts.ok + counts.rejected).toBe(RUNS);
    expect(counts.rejected).toBeGreaterThan(RUNS / 2);
    expect(counts.ok).toBeGreaterThan(50);
    report('cifar10', tallied(counts, RUNS, slowest.ms), RUNS, 0);
  });

  it('CSV files, with each kind of option', () => {
    // Each option set is paired with a file it reads when undamaged.
    const named = new TextEncoder().encode('a,b,"label, quoted"\n1.5,-2,cat\n3,4e-1,"dog"\n5,.5,cat\n\n6,7,bird\n');
    const plain = new TextEncoder().encode('1,2,0\r\n3.5,-4,2\r\n"5",6e2,1\r\n7,8,0\r\n');
    const cases: [Uint8Array, CsvOptions][] = [
      [named, {}],
      [named, { label: 'label, quoted' }],
      [named, { label: -1, header: true, classNames: ['bird', 'cat', 'dog'] }],
      [plain, { labels: 'integer' }],
      [plain, { header: false, label: 2 }],
      [plain, { labels: 'string', delimiter: ',' }],
    ];
    const counts = { ok: 0, rejected: 0 };
    const slowest = { ms: 0 };
    fc.assert(
      fc.property(fc.nat({ max: cases.length - 1 }).chain((k) => fc.tuple(fc.constant(k), mutation(cases[k]![0].length))), timed(slowest, ([k, m]) => {
        const [bytes, options] = cases[k]!;
        const mutated = apply(bytes, m);
        outcome(counts, 'f.csv', () => checkDataset(parseCsvBytes(mutated, 'f.csv', options), mutated.length));
      })),
      { seed: seedFor('csv'), numRuns: RUNS },
    );
    expect(counts.ok + counts.rejected).toBe(RUNS);
    expect(counts.rejected).toBeGreaterThan(RUNS / 4);
    expect(counts.ok).toBeGreaterThan(50);
    report('csv', tallied(counts, RUNS, slowest.ms), RUNS, 0);
  });

  it('streaming readers on damaged files', async () => {
    const cifar = cifarBytes([1, 2, 3, 4], (r, p) => r + p);
    const paths = { img: join(tmp.dir, 'img'), lab: join(tmp.dir, 'lab'), bin: join(tmp.dir, 'b.bin') };
    const counts = { ok: 0, rejected: 0 };
    const drain = async (s: RecordStream) => {
      let n = 0;
      for await (const b of s) n += b.X.rows;
      expect(n).toBe(s.count);
    };
    /** The error names the damaged file, or for a pair whose item counts disagree, the images file (naming both). */
    const expectData = async (file: string, run: () => Promise<void>) => {
      try {
        await run();
        counts.ok++;
      } catch (err) {
        if (!(err instanceof DataFormatError)) throw err;
        if (err.file !== file) {
          expect(err.file).toBe(paths.img);
          expect(err.message).toContain(`dimension mismatch: it holds 6 images but ${paths.lab} holds`);
        }
        counts.rejected++;
      }
    };
    const runs = RUNS;
    const slowest = { ms: 0 };
    await fc.assert(
      fc.asyncProperty(mutation(images.length), mutation(labelFile.length), mutation(cifar.length), async (mi, ml, mc) => {
        const t0 = performance.now();
        writeFileSync(paths.img, apply(images, mi));
        writeFileSync(paths.lab, labelFile);
        await expectData(paths.img, async () => drain(await openIdxStream(paths.img, paths.lab, { batchSize: 4, maxBufferBytes: 4096 })));
        writeFileSync(paths.img, images);
        writeFileSync(paths.lab, apply(labelFile, ml));
        await expectData(paths.lab, async () => drain(await openIdxStream(paths.img, paths.lab, { batchSize: 4, maxBufferBytes: 4096 })));
        writeFileSync(paths.bin, apply(cifar, mc));
        await expectData(paths.bin, async () => drain(await openCifar10Stream([paths.bin], { batchSize: 3, maxBufferBytes: 16384 })));
        slowest.ms = Math.max(slowest.ms, performance.now() - t0);
      }),
      { seed: seedFor('data-streams'), numRuns: runs },
    );
    expect(counts.ok + counts.rejected).toBe(3 * runs);
    expect(counts.rejected).toBeGreaterThan(runs);
    expect(counts.ok).toBeGreaterThan(10);
    report('data-streams', tallied(counts, runs, slowest.ms), runs, 0);
  });
});
