/**
 * What PNG encoding and decoding share (PNG specification, 3rd edition, W3C): the signature, the chunk
 * CRC-32 and the colour types. Browser-safe; compression lives in png-encode.ts / png-decode.ts.
 *
 * A chunk is: length (u32 big-endian, ≤ 2³¹−1) · type (4 ASCII letters) · data · CRC-32 of type + data.
 */

/** The eight bytes every PNG file starts with: \x89 P N G \r \n \x1a \n. */
export const PNG_SIGNATURE: readonly number[] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Colour types of IHDR: 0 gray, 2 RGB, 3 palette index, 4 gray + alpha, 6 RGBA. */
export type PngColorType = 0 | 2 | 3 | 4 | 6;

/** Samples per pixel for each colour type. */
export const SAMPLES_PER_PIXEL: Readonly<Record<PngColorType, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Bit depths the specification allows for each colour type. */
export const ALLOWED_BIT_DEPTHS: Readonly<Record<PngColorType, readonly number[]>> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

let crcTable: Uint32Array | null = null;

function table(): Uint32Array {
  if (crcTable) return crcTable;
  // The reflected CRC-32 of ISO 3309 / ITU-T V.42 (polynomial 0xEDB88320), as the PNG specification's annex gives it.
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  crcTable = t;
  return t;
}

/** CRC-32 of bytes[start, end) (the chunk type and data). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = table();
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One chunk's bytes: length, type, data, CRC. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/**
 * The value a scanline filter predicts for a byte from its left (a), up (b) and up-left (c) neighbours:
 * type 0 none, 1 Sub, 2 Up, 3 Average, 4 Paeth. −1 for a type PNG does not define. The encoder subtracts
 * the prediction, the decoder adds it back.
 */
export function filterPrediction(type: number, a: number, b: number, c: number): number {
  switch (type) {
    case 0:
      return 0;
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return (a + b) >>> 1;
    case 4:
      return paeth(a, b, c);
    default:
      return -1;
  }
}

/** The Paeth predictor of filter type 4: whichever of left (a), up (b), up-left (c) is closest to a + b − c. */
export function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}
