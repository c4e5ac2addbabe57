import { crc32 as zlibCrc32, deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataFormatError } from '../errors.js';
import { decodePng } from './png-decode.js';
import { encodePng } from './png-encode.js';
import { crc32, paeth } from './png-format.js';
import type { Channels, RasterImage } from './raster.js';

// ---- An independent PNG writer, per the specification, for files our encoder did not make ----

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlibCrc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function ihdr(width: number, height: number, bitDepth: number, colorType: number, interlace = 0): Buffer {
  const d = Buffer.alloc(13);
  d.writeUInt32BE(width, 0);
  d.writeUInt32BE(height, 4);
  d[8] = bitDepth;
  d[9] = colorType;
  d[12] = interlace;
  return chunk('IHDR', d);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG from already-filtered scanlines (each row: filter byte, then bytes). */
function png(header: Buffer, scanlines: readonly number[][], before: Buffer[] = [], after: Buffer[] = []): Uint8Array {
  const raw = Uint8Array.from(scanlines.flat());
  return new Uint8Array(
    Buffer.concat([SIGNATURE, header, ...before, chunk('IDAT', deflateSync(raw)), ...after, chunk('IEND', new Uint8Array(0))]),
  );
}

function decodeError(bytes: Uint8Array, options = {}): DataFormatError {
  try {
    decodePng(bytes, 'pic.png', options);
  } catch (e) {
    expect(e).toBeInstanceOf(DataFormatError);
    return e as DataFormatError;
  }
  throw new Error('expected a DataFormatError');
}

function raster(width: number, height: number, channels: Channels, f: (i: number) => number): RasterImage {
  return { width, height, channels, data: Uint8Array.from({ length: width * height * channels }, (_, i) => f(i)) };
}

describe('CRC-32', () => {
  it('matches the specification check value and node:zlib', () => {
    // "123456789" → 0xCBF43926 is the standard check value of this CRC.
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31 + 7) & 0xff);
    expect(crc32(bytes, 10, 900)).toBe(zlibCrc32(bytes.subarray(10, 900)));
  });

  it('paeth picks the nearest of left, up, up-left, ties in that order', () => {
    expect(paeth(10, 20, 10)).toBe(20); // p = 20: b is exact
    expect(paeth(20, 10, 10)).toBe(20); // p = 20: a is exact
    expect(paeth(5, 5, 5)).toBe(5);
    expect(paeth(1, 2, 3)).toBe(1); // p = 0: |0−1| = 1 < |0−2| = 2 < |0−3| = 3
  });
});

describe('encodePng', () => {
  it('writes signature, IHDR, IDAT, IEND with correct CRCs; inflating IDAT gives the filtered rows', () => {
    const img = raster(3, 2, 1, (i) => [0, 128, 255, 255, 128, 0][i]!);
    const bytes = Buffer.from(encodePng(img));
    expect(bytes.subarray(0, 8)).toEqual(SIGNATURE);
    const chunks: { type: string; data: Buffer }[] = [];
    let pos = 8;
    while (pos < bytes.length) {
      const len = bytes.readUInt32BE(pos);
      const type = bytes.toString('latin1', pos + 4, pos + 8);
      const data = bytes.subarray(pos + 8, pos + 8 + len);
      expect(bytes.readUInt32BE(pos + 8 + len)).toBe(zlibCrc32(bytes.subarray(pos + 4, pos + 8 + len)));
      chunks.push({ type, data });
      pos += 12 + len;
    }
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const h = chunks[0]!.data;
    expect([h.readUInt32BE(0), h.readUInt32BE(4), h[8], h[9], h[10], h[11], h[12]]).toEqual([3, 2, 8, 0, 0, 0, 0]);
    const raw = inflateSync(chunks[1]!.data);
    expect(raw.length).toBe(2 * (3 + 1));
    // Undo the filters by hand for this tiny image and compare with the pixels.
    const rows: number[][] = [];
    for (let y = 0; y < 2; y++) {
      const t = raw[y * 4]!;
      const row: number[] = [];
      for (let x = 0; x < 3; x++) {
        const a = x > 0 ? row[x - 1]! : 0;
        const b = y > 0 ? rows[y - 1]![x]! : 0;
        const c = x > 0 && y > 0 ? rows[y - 1]![x - 1]! : 0;
        const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][t]!;
        row.push((raw[y * 4 + 1 + x]! + pred) & 0xff);
      }
      rows.push(row);
    }
    expect(rows).toEqual([
      [0, 128, 255],
      [255, 128, 0],
    ]);
  });

  it('gives the same bytes for the same pixels (no time stamp)', () => {
    const img = raster(5, 4, 3, (i) => (i * 37) & 0xff);
    expect(encodePng(img)).toEqual(encodePng(img));
  });

  it('maps channels 1, 2, 3, 4 to colour types 0, 4, 2, 6', () => {
    for (const [ch, ct] of [
      [1, 0],
      [2, 4],
      [3, 2],
      [4, 6],
    ] as const) {
      expect(encodePng(raster(1, 1, ch, () => 9))[25]).toBe(ct);
    }
  });

  it('refuses a raster whose data does not match its size', () => {
    expect(() => encodePng({ width: 2, height: 2, channels: 1, data: new Uint8Array(3) })).toThrow(
      'image.data: has 3 bytes, expected 2×2×1 = 4',
    );
  });
});

describe('round trip encode → decode', () => {
  const cases: [string, RasterImage][] = [
    ['1×1 gray', raster(1, 1, 1, () => 77)],
    ['gray gradient 17×5', raster(17, 5, 1, (i) => (i * 13) & 0xff)],
    ['gray + alpha 3×7', raster(3, 7, 2, (i) => (i * 91 + 3) & 0xff)],
    ['RGB 31×9 noise', raster(31, 9, 3, (i) => (i * 2654435761) >>> 24)],
    ['RGBA 8×8', raster(8, 8, 4, (i) => (i * 17) & 0xff)],
    ['flat white 40×3', raster(40, 3, 3, () => 255)],
  ];
  it.each(cases)('%s keeps every byte', (_name, img) => {
    const back = decodePng(encodePng(img), 'x.png');
    expect(back.width).toBe(img.width);
    expect(back.height).toBe(img.height);
    expect(back.channels).toBe(img.channels);
    expect(back.bitDepth).toBe(8);
    expect(back.data).toEqual(img.data);
  });
});

describe('decodePng on files written by hand', () => {
  it('8-bit gray, each row with a different filter (None, Sub, Up, Average, Paeth)', () => {
    // Pixels: row y = [10y+1, 10y+2, 10y+3]. Filtered bytes computed by hand from the specification's rules.
    const rows = [
      [0, 1, 2, 3], // None
      [1, 11, 1, 1], // Sub: 11, 12−11, 13−12
      [2, 10, 10, 10], // Up: 21−11, 22−12, 23−13
      [3, 31 - 10, 32 - ((31 + 22) >> 1), 33 - ((32 + 23) >> 1)], // Average: x − floor((left + up) / 2)
      [4, 41 - 31, 42 - paeth(41, 32, 31), 43 - paeth(42, 33, 32)], // Paeth; first byte: left = upleft = 0, so up
    ];
    const img = decodePng(png(ihdr(3, 5, 8, 0), rows), 'g.png');
    expect(img.channels).toBe(1);
    expect(Array.from(img.data)).toEqual([1, 2, 3, 11, 12, 13, 21, 22, 23, 31, 32, 33, 41, 42, 43]);
  });

  it('1-, 2- and 4-bit gray are stretched to 0..255', () => {
    // 1 bit, width 10: bits 1011001110 → two bytes 10110011 10000000 (padding bits at the end of the row).
    const one = decodePng(png(ihdr(10, 1, 1, 0), [[0, 0b10110011, 0b10000000]]), 'a.png');
    expect(Array.from(one.data)).toEqual([255, 0, 255, 255, 0, 0, 255, 255, 255, 0]);
    // 2 bits, width 3: samples 0, 1, 3 → 0, 85, 255.
    const two = decodePng(png(ihdr(3, 1, 2, 0), [[0, 0b00011100]]), 'b.png');
    expect(Array.from(two.data)).toEqual([0, 85, 255]);
    // 4 bits, width 3: samples 0xF, 0x1, 0x8 → 255, 17, 136.
    const four = decodePng(png(ihdr(3, 1, 4, 0), [[0, 0xf1, 0x80]]), 'c.png');
    expect(Array.from(four.data)).toEqual([255, 17, 136]);
    expect(four.bitDepth).toBe(4);
  });

  it('16-bit gray and RGB become round(v / 257)', () => {
    const g = decodePng(png(ihdr(3, 1, 16, 0), [[0, 0xff, 0xff, 0x00, 0x00, 0x80, 0x80]]), 'g16.png');
    expect(Array.from(g.data)).toEqual([255, 0, 128]); // 0x8080 = 32896 = 128·257
    const rgb = decodePng(png(ihdr(1, 1, 16, 2), [[0, 0x01, 0x00, 0x00, 0x81, 0xfe, 0xff]]), 'c16.png');
    // 256/257 → 1, 129/257 → 1 (0.502), 65279/257 → 254.
    expect(Array.from(rgb.data)).toEqual([1, 1, 254]);
    expect(rgb.bitDepth).toBe(16);
  });

  it('16-bit RGBA with the Sub filter works on 8-byte pixels', () => {
    // Two pixels; second stored as a difference from the first, byte by byte (bpp = 8).
    const p1 = [0x10, 0x00, 0x20, 0x00, 0x30, 0x00, 0xff, 0xff];
    const p2 = [0x20, 0x00, 0x20, 0x00, 0x10, 0x00, 0x80, 0x00];
    const sub = p2.map((v, i) => (v - p1[i]!) & 0xff);
    const img = decodePng(png(ihdr(2, 1, 16, 6), [[1, ...p1, ...sub]]), 'rgba16.png');
    expect(img.channels).toBe(4);
    // 0x1000/257 = 15.94 → 16, 0x2000 → 31.88 → 32, 0x3000 → 47.81 → 48, 0x8000 → 127.50… → 128.
    expect(Array.from(img.data)).toEqual([16, 32, 48, 255, 32, 32, 16, 128]);
  });

  it('palette images become RGB, or RGBA with tRNS (missing entries opaque)', () => {
    const plte = chunk('PLTE', Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255]));
    // 2-bit indices 0, 1, 2, 1 in one byte: 00 01 10 01.
    const rgb = decodePng(png(ihdr(4, 1, 2, 3), [[0, 0b00011001]], [plte]), 'p.png');
    expect(rgb.channels).toBe(3);
    expect(Array.from(rgb.data)).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 255, 0]);
    const trns = chunk('tRNS', Uint8Array.from([0, 128]));
    const rgba = decodePng(png(ihdr(3, 1, 8, 3), [[0, 0, 1, 2]], [plte, trns]), 'pt.png');
    expect(Array.from(rgba.data)).toEqual([255, 0, 0, 0, 0, 255, 0, 128, 0, 0, 255, 255]);
  });

  it('gray + alpha, RGB and RGBA at 8 bits', () => {
    expect(Array.from(decodePng(png(ihdr(1, 1, 8, 4), [[0, 7, 200]]), 'ga.png').data)).toEqual([7, 200]);
    expect(Array.from(decodePng(png(ihdr(1, 1, 8, 2), [[0, 1, 2, 3]]), 'rgb.png').data)).toEqual([1, 2, 3]);
    expect(Array.from(decodePng(png(ihdr(1, 1, 8, 6), [[0, 1, 2, 3, 4]]), 'rgba.png').data)).toEqual([1, 2, 3, 4]);
  });

  it('a tRNS colour key on gray or RGB adds an alpha channel', () => {
    const gray = decodePng(png(ihdr(3, 1, 8, 0), [[0, 5, 9, 5]], [chunk('tRNS', Uint8Array.from([0, 5]))]), 'k.png');
    expect(gray.channels).toBe(2);
    expect(Array.from(gray.data)).toEqual([5, 0, 9, 255, 5, 0]);
    const rgb = decodePng(png(ihdr(2, 1, 8, 2), [[0, 1, 2, 3, 1, 2, 4]], [chunk('tRNS', Uint8Array.from([0, 1, 0, 2, 0, 3]))]), 'k.png');
    expect(Array.from(rgb.data)).toEqual([1, 2, 3, 0, 1, 2, 4, 255]);
  });

  it('skips ancillary chunks it does not know and accepts IDAT split in several chunks', () => {
    const raw = deflateSync(Uint8Array.from([0, 1, 2, 0, 3, 4]));
    const bytes = Buffer.concat([
      SIGNATURE,
      ihdr(2, 2, 8, 0),
      chunk('tEXt', new TextEncoder().encode('Comment\0hello')),
      chunk('IDAT', raw.subarray(0, 3)),
      chunk('IDAT', raw.subarray(3)),
      chunk('IEND', new Uint8Array(0)),
    ]);
    expect(Array.from(decodePng(new Uint8Array(bytes), 's.png').data)).toEqual([1, 2, 3, 4]);
  });
});

describe('decodePng refuses damaged and unsupported files with DataFormatError', () => {
  const good = png(ihdr(2, 1, 8, 0), [[0, 1, 2]]);

  it('not a PNG', () => {
    expect(decodeError(new TextEncoder().encode('GIF89a...')).message).toBe('pic.png: is not a PNG file (the 8-byte PNG signature is missing)');
    expect(decodeError(new Uint8Array(0)).message).toContain('signature');
  });

  it('a damaged byte fails the CRC', () => {
    const bad = good.slice();
    bad[20] ^= 0x01; // inside IHDR's width
    expect(decodeError(bad).message).toBe('pic.png: chunk IHDR at byte 8 fails its CRC check (the file is damaged)');
  });

  it('truncated files', () => {
    expect(decodeError(good.slice(0, 20)).message).toContain('is truncated');
    expect(decodeError(good.slice(0, good.length - 12)).message).toBe('pic.png: is truncated: it ends before the IEND chunk');
  });

  it('interlaced files, with the fix', () => {
    expect(decodeError(png(ihdr(2, 1, 8, 0, 1), [[0, 1, 2]])).message).toBe(
      'pic.png: is interlaced (Adam7), which this reader does not support; save it again without interlacing',
    );
  });

  it('a forged 100000×100000 header is refused before anything is allocated', () => {
    const forged = png(ihdr(100000, 100000, 8, 6), [[0]]);
    expect(decodeError(forged).message).toBe(
      'pic.png: claims a 100000×100000 image (10000000000 pixels), more than the limit of 16777216 pixels; scale the image down',
    );
    expect(decodeError(png(ihdr(5, 5, 8, 0), [[0]]), { maxPixels: 24 }).message).toContain('more than the limit of 24 pixels');
    expect(() => decodePng(png(ihdr(1, 1, 8, 0), [[0, 0]]), 'x.png', { maxPixels: 0 })).toThrow('maxPixels: must be a number ≥ 1, got 0');
  });

  it('a zlib bomb stops at the size the header implies', () => {
    // 2×2 gray needs 6 bytes; this stream inflates to 50 MB of zeros.
    const bomb = Buffer.concat([SIGNATURE, ihdr(2, 2, 8, 0), chunk('IDAT', deflateSync(new Uint8Array(50_000_000))), chunk('IEND', new Uint8Array(0))]);
    expect(decodeError(new Uint8Array(bomb)).message).toBe('pic.png: holds more image data than its IHDR size implies');
  });

  it('too little image data, or none', () => {
    expect(decodeError(png(ihdr(4, 4, 8, 0), [[0, 1, 2, 3, 4]])).message).toBe('pic.png: holds 5 bytes of image data, its IHDR size implies 20');
    const noIdat = new Uint8Array(Buffer.concat([SIGNATURE, ihdr(1, 1, 8, 0), chunk('IEND', new Uint8Array(0))]));
    expect(decodeError(noIdat).message).toBe('pic.png: has no image data (no IDAT chunk)');
    const garbage = new Uint8Array(Buffer.concat([SIGNATURE, ihdr(1, 1, 8, 0), chunk('IDAT', Uint8Array.from([1, 2, 3])), chunk('IEND', new Uint8Array(0))]));
    expect(decodeError(garbage).message).toMatch(/^pic\.png: has image data that does not decompress/);
  });

  it('bad header fields', () => {
    expect(decodeError(png(ihdr(0, 1, 8, 0), [[0]])).message).toContain('has image size 0×1');
    expect(decodeError(png(ihdr(1, 1, 8, 5), [[0, 0]])).message).toBe('pic.png: has colour type 5 (0, 2, 3, 4 or 6 expected)');
    expect(decodeError(png(ihdr(1, 1, 4, 2), [[0, 0]])).message).toBe('pic.png: has bit depth 4 with colour type 2 (allowed: 8, 16)');
    expect(decodeError(png(ihdr(1, 1, 8, 0, 2), [[0, 0]])).message).toBe('pic.png: has interlace method 2 (0 or 1 expected)');
  });

  it('bad structure', () => {
    const first = new Uint8Array(Buffer.concat([SIGNATURE, chunk('tEXt', new Uint8Array(2)), ihdr(1, 1, 8, 0)]));
    expect(decodeError(first).message).toBe('pic.png: does not start with an IHDR chunk (found tEXt)');
    expect(decodeError(png(ihdr(1, 1, 8, 0), [[0, 0]], [chunk('ABCD', new Uint8Array(0))])).message).toBe(
      'pic.png: uses the critical chunk ABCD, which this reader does not know',
    );
    expect(decodeError(png(ihdr(1, 1, 8, 3), [[0, 0]])).message).toBe('pic.png: is a palette image without a PLTE chunk');
    expect(decodeError(png(ihdr(1, 1, 8, 3), [[0, 3]], [chunk('PLTE', new Uint8Array(6))])).message).toBe(
      'pic.png: pixel (0, 0) uses palette entry 3, the palette has 2',
    );
    expect(decodeError(png(ihdr(1, 1, 8, 0), [[5, 0]])).message).toBe('pic.png: scanline 0 has filter type 5 (0 to 4 expected)');
    expect(decodeError(png(ihdr(1, 1, 8, 0), [[0, 0]], [chunk('PLTE', new Uint8Array(3))])).message).toBe(
      'pic.png: has a PLTE chunk, which a gray image may not have',
    );
  });
});
