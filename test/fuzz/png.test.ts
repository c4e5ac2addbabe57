// Fuzz target (test/fuzz/runner.ts): the PNG reader behind `linclass predict --image`. Damaged PNGs must
// fail as DataFormatError: never another exception, never a hang, never a huge allocation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataFormatError } from '../../src/errors.js';
import { decodePng } from '../../src/report/png-decode.js';
import { encodePng } from '../../src/report/png-encode.js';
import { deflateSync } from 'node:zlib';
import { crc32, PNG_SIGNATURE, pngChunk } from '../../src/report/png-format.js';
import type { Channels } from '../../src/report/raster.js';
import { fuzzSync, report, type Tally } from './runner.js';

/** Valid files of each channel count, with varied content so every filter type appears. */
const samples: Uint8Array[] = ([1, 2, 3, 4] as Channels[]).map((channels, k) => {
  const width = 7 + k * 3;
  const height = 5 + k;
  const data = Uint8Array.from({ length: width * height * channels }, (_, i) => ((i * (k + 3) * 2654435761) >>> 25) ^ (i % 7 === 0 ? 0 : i));
  return encodePng({ width, height, channels, data });
});

/** A file of any colour type and depth from raw filtered scanlines (our encoder writes only 8-bit). */
function handMade(width: number, height: number, bitDepth: number, colorType: number, raw: Uint8Array, extra: Uint8Array[] = []): Uint8Array {
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr[8] = bitDepth;
  ihdr[9] = colorType;
  const parts = [Uint8Array.from(PNG_SIGNATURE), pngChunk('IHDR', ihdr), ...extra, pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((off, p) => (out.set(p, off), off + p.length), 0);
  return out;
}

const rows = (height: number, stride: number) => Uint8Array.from({ length: height * (stride + 1) }, (_, i) => (i % (stride + 1) === 0 ? (i / (stride + 1)) % 5 : (i * 37) & 0xff));
samples.push(
  // 4-bit palette of 16 entries with tRNS, 9×4
  handMade(9, 4, 4, 3, rows(4, 5), [pngChunk('PLTE', Uint8Array.from({ length: 48 }, (_, i) => i * 5)), pngChunk('tRNS', Uint8Array.from([0, 50, 100]))]),
  // 16-bit RGBA, 3×3
  handMade(3, 3, 16, 6, rows(3, 24)),
  // 1-bit gray, 13×3
  handMade(13, 3, 1, 0, rows(3, 2)),
);

/** Recompute every chunk's CRC, so a mutation gets past the CRC check into the parser behind it. */
function fixCrcs(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const dv = new DataView(out.buffer);
  let pos = 8;
  while (pos + 12 <= out.length) {
    const len = dv.getUint32(pos);
    if (len > out.length - pos - 12) break;
    dv.setUint32(pos + 8 + len, crc32(out, pos + 4, pos + 8 + len));
    pos += 12 + len;
  }
  return out;
}

/** Decode, accepting success or a DataFormatError naming the file; anything else fails the property. */
function decodesOrRefuses(bytes: Uint8Array, tally: Tally): void {
  try {
    const img = decodePng(bytes, 'fuzz.png', { maxPixels: 1 << 16 });
    expect(img.data.length).toBe(img.width * img.height * img.channels);
    tally.accept();
  } catch (e) {
    if (e instanceof DataFormatError) expect(e.message.startsWith('fuzz.png: ')).toBe(true);
    tally.refuse(e);
  }
}

/** Three kinds of damage: byte flips (CRCs repaired or not), a random IHDR, random bytes after the signature. */
const damage = fc.oneof(
  fc.record({
    kind: fc.constant('flips' as const),
    sample: fc.integer({ min: 0, max: samples.length - 1 }),
    flips: fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 4 }),
    fixCrc: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('ihdr' as const),
    sample: fc.integer({ min: 0, max: samples.length - 1 }),
    header: fc.uint8Array({ minLength: 13, maxLength: 13 }),
    smallSize: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('tail' as const), tail: fc.uint8Array({ maxLength: 200 }) }),
);

describe('fuzz: the PNG reader (seeded)', () => {
  it('starts from files that decode (so the mutations below start from valid input)', () => {
    expect(samples.map((s) => decodePng(s, 'ok.png').channels)).toEqual([1, 2, 3, 4, 4, 4, 1]);
  });

  it('truncations at every length give DataFormatError', () => {
    for (const s of samples) {
      for (let n = 0; n < s.length; n++) {
        expect(() => decodePng(s.subarray(0, n), 'cut.png')).toThrow(DataFormatError);
      }
    }
  });

  it('flips, random headers and random bytes decode or give DataFormatError', () => {
    const tally = fuzzSync('png', damage, (d, t) => {
      if (d.kind === 'flips') {
        const bytes = samples[d.sample]!.slice();
        for (const { at, xor } of d.flips) bytes[at % bytes.length]! ^= xor;
        decodesOrRefuses(d.fixCrc ? fixCrcs(bytes) : bytes, t);
      } else if (d.kind === 'ihdr') {
        const bytes = samples[d.sample]!.slice();
        const header = d.header.slice();
        if (d.smallSize) {
          // Keep the size plausible so the parser gets past the pixel limit.
          header[0] = header[1] = header[4] = header[5] = 0;
          header[2] = header[6] = 0;
        }
        bytes.set(header, 16);
        decodesOrRefuses(fixCrcs(bytes), t);
      } else {
        const bytes = new Uint8Array(8 + d.tail.length);
        bytes.set(samples[0]!.subarray(0, 8));
        bytes.set(d.tail, 8);
        decodesOrRefuses(bytes, t);
      }
    });
    // A flipped PNG rarely stays valid (CRCs, zlib's Adler-32): about 1 in 150 decodes.
    report('png', tally, undefined, 0.002);
  });
});
