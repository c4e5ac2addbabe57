// Damaged PNGs must fail as DataFormatError: never another exception, never a hang, never a huge allocation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataFormatError } from '../errors.js';
import { decodePng } from './png-decode.js';
import { encodePng } from './png-encode.js';
import { deflateSync } from 'node:zlib';
import { crc32, PNG_SIGNATURE, pngChunk } from './png-format.js';
import type { Channels } from './raster.js';

const SEED = 20260130;

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

/** Decode, accepting success or a DataFormatError; anything else fails the property. */
function decodesOrRefuses(bytes: Uint8Array): boolean {
  try {
    const img = decodePng(bytes, 'fuzz.png', { maxPixels: 1 << 16 });
    return img.data.length === img.width * img.height * img.channels;
  } catch (e) {
    if (e instanceof DataFormatError && e.message.startsWith('fuzz.png: ')) return true;
    throw e;
  }
}

const mutation = fc.record({
  sample: fc.integer({ min: 0, max: samples.length - 1 }),
  flips: fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 4 }),
  fixCrc: fc.boolean(),
});

describe('decodePng fuzz (seeded)', () => {
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

  it('byte flips (with and without repaired CRCs) decode or give DataFormatError', () => {
    fc.assert(
      fc.property(mutation, ({ sample, flips, fixCrc }) => {
        const bytes = samples[sample]!.slice();
        for (const { at, xor } of flips) bytes[at % bytes.length]! ^= xor;
        return decodesOrRefuses(fixCrc ? fixCrcs(bytes) : bytes);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('random IHDR fields (size, depth, colour type, methods) decode or give DataFormatError', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: samples.length - 1 }),
        fc.uint8Array({ minLength: 13, maxLength: 13 }),
        fc.boolean(),
        (sample, header, smallSize) => {
          const bytes = samples[sample]!.slice();
          if (smallSize) {
            // Keep the size plausible so the parser gets past the pixel limit.
            header[0] = header[1] = header[4] = header[5] = 0;
            header[2] = header[6] = 0;
          }
          bytes.set(header, 16);
          return decodesOrRefuses(fixCrcs(bytes));
        },
      ),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('random bytes after a valid signature give DataFormatError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (tail) => {
        const bytes = new Uint8Array(8 + tail.length);
        bytes.set(samples[0]!.subarray(0, 8));
        bytes.set(tail, 8);
        expect(() => decodePng(bytes, 'r.png')).toThrow(DataFormatError);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
