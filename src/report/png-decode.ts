/**
 * PNG decoding for `linclass predict --image` (Node: decompression through node:zlib).
 *
 * Reads non-interlaced PNGs of every colour type and bit depth the specification allows: gray (1, 2, 4,
 * 8, 16 bits), gray + alpha, RGB and RGBA (8, 16), palette (1, 2, 4, 8). The result is an 8-bit raster:
 * - 16-bit samples become round(v / 257) (65535 / 255 = 257, so 0 → 0 and 65535 → 255 exactly);
 * - gray below 8 bits is stretched to 0..255 (1 bit: ×255, 2 bits: ×85, 4 bits: ×17);
 * - a palette image becomes RGB, or RGBA when it has a tRNS chunk (entries it does not list are opaque);
 * - gray or RGB with a tRNS colour key gains an alpha channel (0 where the key matches, 255 elsewhere).
 *
 * It trusts nothing in the file: the signature, every chunk's length and CRC, IHDR's fields, the order of
 * PLTE/IDAT/IEND, palette indices and filter types are checked; the pixel count is refused above a limit
 * before anything is allocated, and decompression stops at the size the header implies, so a forged
 * header or a zlib bomb cannot make it allocate more than the image it claims. Every failure is a
 * DataFormatError naming the file and the reason. Interlaced (Adam7) files are refused with the fix.
 */
import { inflateSync } from 'node:zlib';
import { constants as bufferConstants } from 'node:buffer';
import { ArgumentError, DataFormatError } from '../errors.js';
import type { Channels, RasterImage } from './raster.js';
import { ALLOWED_BIT_DEPTHS, PNG_SIGNATURE, SAMPLES_PER_PIXEL, crc32, filterPrediction, type PngColorType } from './png-format.js';

/** The default limit on width × height: 4096 × 4096 (about 16.8 million pixels). */
export const DEFAULT_MAX_PNG_PIXELS = 4096 * 4096;

export interface DecodePngOptions {
  /** Refuse images with more pixels than this (default DEFAULT_MAX_PNG_PIXELS). */
  readonly maxPixels?: number;
}

export interface DecodedPng extends RasterImage {
  /** The file's own colour type and bit depth, before conversion to 8 bits. */
  readonly colorType: PngColorType;
  readonly bitDepth: number;
}

interface Header {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: PngColorType;
}

/** Decode a PNG file's bytes; `file` names it in errors. */
export function decodePng(bytes: Uint8Array, file: string, options: DecodePngOptions = {}): DecodedPng {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PNG_PIXELS;
  if (!Number.isFinite(maxPixels) || maxPixels < 1) throw new ArgumentError('maxPixels', `must be a number ≥ 1, got ${maxPixels}`);
  const fail = (reason: string): never => {
    throw new DataFormatError(file, reason);
  };
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    fail('is not a PNG file (the 8-byte PNG signature is missing)');
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  let header: Header | null = null;
  let palette: Uint8Array | null = null;
  let transparency: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  let idatDone = false; // an IDAT run has started and another chunk has followed it
  let sawIend = false;
  let pos = 8;
  while (pos < bytes.length) {
    if (pos + 12 > bytes.length) fail(`is truncated: a chunk header at byte ${pos} is cut off`);
    const length = dv.getUint32(pos);
    if (length > 0x7fffffff) fail(`has a chunk at byte ${pos} claiming ${length} bytes (the limit is 2^31 − 1)`);
    const type = String.fromCharCode(bytes[pos + 4]!, bytes[pos + 5]!, bytes[pos + 6]!, bytes[pos + 7]!);
    if (!/^[A-Za-z]{4}$/.test(type)) fail(`has a chunk at byte ${pos} whose type is not four ASCII letters`);
    const dataStart = pos + 8;
    const dataEnd = dataStart + length;
    if (dataEnd + 4 > bytes.length) fail(`is truncated: chunk ${type} at byte ${pos} needs ${length} bytes and its CRC`);
    const stored = dv.getUint32(dataEnd);
    if (crc32(bytes, pos + 4, dataEnd) !== stored) fail(`chunk ${type} at byte ${pos} fails its CRC check (the file is damaged)`);
    const data = bytes.subarray(dataStart, dataEnd);
    pos = dataEnd + 4;

    if (header === null && type !== 'IHDR') fail(`does not start with an IHDR chunk (found ${type})`);
    if (idat.length > 0 && type !== 'IDAT') idatDone = true;
    switch (type) {
      case 'IHDR':
        if (header !== null) fail('has a second IHDR chunk');
        header = parseHeader(data, fail, maxPixels);
        break;
      case 'PLTE':
        if (idat.length > 0) fail('has a PLTE chunk after the image data');
        if (palette !== null) fail('has a second PLTE chunk');
        if (header!.colorType === 0 || header!.colorType === 4) fail('has a PLTE chunk, which a gray image may not have');
        if (length === 0 || length % 3 !== 0 || length / 3 > 256) fail(`has a PLTE chunk of ${length} bytes (1 to 256 RGB entries are allowed)`);
        palette = data;
        break;
      case 'tRNS':
        if (idat.length > 0) fail('has a tRNS chunk after the image data');
        transparency = data;
        break;
      case 'IDAT':
        if (idatDone) fail('has IDAT chunks that are not consecutive');
        idat.push(data);
        break;
      case 'IEND':
        sawIend = true;
        break;
      default:
        // The case of the first letter says whether a reader may skip the chunk (lower case: ancillary).
        if (type.charCodeAt(0) < 97) fail(`uses the critical chunk ${type}, which this reader does not know`);
    }
    if (sawIend) break;
  }
  if (header === null) fail('has no IHDR chunk');
  if (!sawIend) fail('is truncated: it ends before the IEND chunk');
  const h = header!;
  if (h.colorType === 3 && palette === null) fail('is a palette image without a PLTE chunk');
  if (idat.length === 0) fail('has no image data (no IDAT chunk)');

  const samples = SAMPLES_PER_PIXEL[h.colorType];
  const bitsPerPixel = samples * h.bitDepth;
  const stride = Math.ceil((h.width * bitsPerPixel) / 8);
  const expected = h.height * (stride + 1);
  if (expected > bufferConstants.MAX_LENGTH) fail(`needs ${expected} bytes of image data, more than this platform can hold`);
  const raw = inflateImageData(idat, expected, fail);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  unfilter(raw, h.height, stride, bpp, fail);
  return toRaster(raw, h, stride, palette, transparency, fail);
}

function parseHeader(data: Uint8Array, fail: (reason: string) => never, maxPixels: number): Header {
  if (data.length !== 13) fail(`has an IHDR chunk of ${data.length} bytes (13 expected)`);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width = dv.getUint32(0);
  const height = dv.getUint32(4);
  const bitDepth = data[8]!;
  const colorType = data[9]!;
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    fail(`has image size ${width}×${height} (each side must be 1 to 2^31 − 1)`);
  }
  if (width * height > maxPixels) {
    fail(`claims a ${width}×${height} image (${width * height} pixels), more than the limit of ${maxPixels} pixels; scale the image down`);
  }
  if (!(colorType in ALLOWED_BIT_DEPTHS)) fail(`has colour type ${colorType} (0, 2, 3, 4 or 6 expected)`);
  const ct = colorType as PngColorType;
  if (!ALLOWED_BIT_DEPTHS[ct].includes(bitDepth)) {
    fail(`has bit depth ${bitDepth} with colour type ${ct} (allowed: ${ALLOWED_BIT_DEPTHS[ct].join(', ')})`);
  }
  if (data[10] !== 0) fail(`has compression method ${data[10]} (only 0, deflate, exists)`);
  if (data[11] !== 0) fail(`has filter method ${data[11]} (only 0 exists)`);
  if (data[12] === 1) fail('is interlaced (Adam7), which this reader does not support; save it again without interlacing');
  if (data[12] !== 0) fail(`has interlace method ${data[12]} (0 or 1 expected)`);
  return { width, height, bitDepth, colorType: ct };
}

function inflateImageData(idat: readonly Uint8Array[], expected: number, fail: (reason: string) => never): Uint8Array {
  const total = idat.reduce((n, c) => n + c.length, 0);
  const joined = new Uint8Array(total);
  let off = 0;
  for (const c of idat) {
    joined.set(c, off);
    off += c.length;
  }
  let raw: Buffer;
  try {
    // maxOutputLength stops a stream that inflates past what the header implies (a forged header or a bomb).
    raw = inflateSync(joined, { maxOutputLength: Math.max(1, expected) });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE') fail('holds more image data than its IHDR size implies');
    fail(`has image data that does not decompress (${e.message || 'zlib error'})`);
  }
  if (raw!.length !== expected) fail(`holds ${raw!.length} bytes of image data, its IHDR size implies ${expected}`);
  return new Uint8Array(raw!.buffer, raw!.byteOffset, raw!.byteLength);
}

/** Undo the per-scanline filters in place (the filter byte stays at the start of each row). */
function unfilter(raw: Uint8Array, height: number, stride: number, bpp: number, fail: (reason: string) => never): void {
  for (let y = 0; y < height; y++) {
    const start = y * (stride + 1) + 1;
    const prev = start - (stride + 1); // meaningful only for y > 0
    const type = raw[start - 1]!;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? raw[start + i - bpp]! : 0;
      const b = y > 0 ? raw[prev + i]! : 0;
      const c = y > 0 && i >= bpp ? raw[prev + i - bpp]! : 0;
      const pred = filterPrediction(type, a, b, c);
      if (pred < 0) return fail(`scanline ${y} has filter type ${type} (0 to 4 expected)`);
      raw[start + i] = (raw[start + i]! + pred) & 0xff;
    }
  }
}

/** Sample x of a scanline at a bit depth below 8 (samples are packed from the most significant bit). */
function packedSample(raw: Uint8Array, rowStart: number, x: number, depth: number): number {
  const bit = x * depth;
  const byte = raw[rowStart + (bit >> 3)]!;
  return (byte >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
}

function toRaster(
  raw: Uint8Array,
  h: Header,
  stride: number,
  palette: Uint8Array | null,
  transparency: Uint8Array | null,
  fail: (reason: string) => never,
): DecodedPng {
  const { width, height, bitDepth, colorType } = h;
  const samples = SAMPLES_PER_PIXEL[colorType];
  // A colour key (tRNS for gray or RGB) compares raw samples at the file's own depth.
  let key: number[] | null = null;
  if (transparency !== null && (colorType === 0 || colorType === 2)) {
    const need = colorType === 0 ? 2 : 6;
    if (transparency.length !== need) fail(`has a tRNS chunk of ${transparency.length} bytes (${need} expected for colour type ${colorType})`);
    key = [];
    for (let k = 0; k < need; k += 2) key.push((transparency[k]! << 8) | transparency[k + 1]!);
  }
  if (colorType === 3 && transparency !== null && transparency.length > palette!.length / 3) {
    fail(`has ${transparency.length} tRNS entries for a palette of ${palette!.length / 3}`);
  }

  let channels: Channels;
  if (colorType === 3) channels = transparency !== null ? 4 : 3;
  else if (key !== null) channels = colorType === 0 ? 2 : 4;
  else channels = samples as Channels;
  const out = new Uint8Array(width * height * channels);
  const paletteSize = palette === null ? 0 : palette.length / 3;
  const stretch = bitDepth < 8 ? 255 / ((1 << bitDepth) - 1) : 1;
  const pixel = new Array<number>(samples).fill(0);

  for (let y = 0; y < height; y++) {
    const rowStart = y * (stride + 1) + 1;
    for (let x = 0; x < width; x++) {
      for (let s = 0; s < samples; s++) {
        if (bitDepth < 8) pixel[s] = packedSample(raw, rowStart, x, bitDepth);
        else if (bitDepth === 8) pixel[s] = raw[rowStart + x * samples + s]!;
        else {
          const p = rowStart + (x * samples + s) * 2;
          pixel[s] = (raw[p]! << 8) | raw[p + 1]!;
        }
      }
      const o = (y * width + x) * channels;
      if (colorType === 3) {
        const index = pixel[0]!;
        if (index >= paletteSize) fail(`pixel (${x}, ${y}) uses palette entry ${index}, the palette has ${paletteSize}`);
        out[o] = palette![index * 3]!;
        out[o + 1] = palette![index * 3 + 1]!;
        out[o + 2] = palette![index * 3 + 2]!;
        if (channels === 4) out[o + 3] = index < transparency!.length ? transparency![index]! : 255;
        continue;
      }
      for (let s = 0; s < samples; s++) {
        const v = pixel[s]!;
        out[o + s] = bitDepth === 16 ? Math.round(v / 257) : Math.round(v * stretch);
      }
      if (key !== null) out[o + samples] = key.every((k, s) => pixel[s] === k) ? 0 : 255;
    }
  }
  return { width, height, channels, data: out, colorType, bitDepth };
}
