/**
 * The safetensors format (https://github.com/huggingface/safetensors), encoded and decoded without Node APIs
 * so the lab can read model files too:
 *
 *   8 bytes   N, the header length, unsigned 64-bit little-endian
 *   N bytes   JSON: { "__metadata__": {string: string}, name: { dtype, shape, data_offsets: [begin, end] }, … }
 *   …         the tensors' bytes, little-endian, offsets relative to the end of the header
 *
 * Decoding trusts nothing in the header: the size must be sane and inside the file, the JSON an object, each
 * dtype known, each shape whole numbers whose product times the dtype size equals its span, spans inside the
 * data and not overlapping, and the spans must cover the data exactly (the specification's rule), so a forged
 * header cannot make us allocate or read what is not there.
 */
import { ModelFormatError } from '../errors.js';

export type SafeDType = 'F32' | 'F64' | 'U8' | 'I32';
export type SafeArray = Float32Array | Float64Array | Uint8Array | Int32Array;

export interface SafeTensor {
  readonly dtype: SafeDType;
  readonly shape: readonly number[];
  readonly data: SafeArray;
}

export interface SafetensorsFile {
  readonly tensors: Readonly<Record<string, SafeTensor>>;
  readonly metadata: Readonly<Record<string, string>>;
}

const DTYPE_SIZE: Readonly<Record<SafeDType, number>> = { F32: 4, F64: 8, U8: 1, I32: 4 };

/** Headers above this are refused before any allocation (ours are a few kilobytes). */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

function dtypeOfArray(a: SafeArray): SafeDType {
  if (a instanceof Float32Array) return 'F32';
  if (a instanceof Float64Array) return 'F64';
  if (a instanceof Uint8Array) return 'U8';
  return 'I32';
}

/** Tensors, in the order given, after an 8-byte-aligned header (so readers can map them without copying). */
export function encodeSafetensors(
  tensors: Readonly<Record<string, { readonly shape: readonly number[]; readonly data: SafeArray }>>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header['__metadata__'] = metadata;
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) {
      throw new ModelFormatError(name, `tensor shape [${t.shape.join(', ')}] holds ${count} values, data has ${t.data.length}`);
    }
    const end = offset + t.data.byteLength;
    header[name] = { dtype: dtypeOfArray(t.data), shape: t.shape, data_offsets: [offset, end] };
    offset = end;
  }
  let json = JSON.stringify(header);
  const raw = new TextEncoder().encode(json);
  const pad = (8 - ((8 + raw.length) % 8)) % 8;
  json += ' '.repeat(pad);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let p = 8 + headerBytes.length;
  for (const t of Object.values(tensors)) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), p);
    p += t.data.byteLength;
  }
  return out;
}

/** Parse and validate a safetensors file's bytes; `file` names it in errors. */
export function decodeSafetensors(bytes: Uint8Array, file: string): SafetensorsFile {
  const fail = (msg: string): never => {
    throw new ModelFormatError(file, msg);
  };
  if (bytes.length < 8) fail(`is ${bytes.length} bytes long; a safetensors file starts with an 8-byte header length`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = dv.getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER_BYTES)) fail(`header length ${n64} is larger than the ${MAX_HEADER_BYTES}-byte limit`);
  const n = Number(n64);
  if (8 + n > bytes.length) fail(`header length ${n} runs past the end of the file (${bytes.length} bytes)`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch {
    fail('the header is not valid UTF-8 JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('the header is not a JSON object');
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  const entries: { name: string; dtype: SafeDType; shape: number[]; begin: number; end: number }[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('__metadata__ is not an object');
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} is not a string`);
      }
      metadata = value as Record<string, string>;
      continue;
    }
    if (typeof value !== 'object' || value === null) fail(`tensor '${name}' is not described by an object`);
    const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
    if (typeof dtype !== 'string' || !(dtype in DTYPE_SIZE)) fail(`tensor '${name}' has dtype ${JSON.stringify(dtype)}; supported: F32, F64, U8, I32`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`tensor '${name}' has shape ${JSON.stringify(shape)}; expected a list of whole numbers ≥ 0`);
    }
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
      (offsets[0] as number) > (offsets[1] as number)
    ) {
      fail(`tensor '${name}' has data_offsets ${JSON.stringify(offsets)}; expected [begin, end] with 0 ≤ begin ≤ end`);
    }
    const [begin, end] = offsets as [number, number];
    if (end > dataLength) fail(`tensor '${name}' spans bytes ${begin}..${end}, past the end of the data (${dataLength} bytes)`);
    const size = DTYPE_SIZE[dtype as SafeDType];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (count * size !== end - begin) {
      fail(`tensor '${name}' has shape [${(shape as number[]).join(', ')}] × ${size} bytes = ${count * size}, but its span is ${end - begin} bytes`);
    }
    entries.push({ name, dtype: dtype as SafeDType, shape: shape as number[], begin, end });
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const e of sorted) {
    if (e.begin < covered) fail(`tensor '${e.name}' (bytes ${e.begin}..${e.end}) overlaps another tensor`);
    if (e.begin > covered) fail(`bytes ${covered}..${e.begin} of the data belong to no tensor`);
    covered = e.end;
  }
  if (covered !== dataLength) fail(`the data has ${dataLength} bytes but the tensors cover ${covered}`);
  const tensors: Record<string, SafeTensor> = {};
  for (const e of entries) {
    // Copy into a fresh buffer: the span may not be aligned for its element type, and it detaches us from the file.
    // new Uint8Array(view) copies; bytes.slice would not for a Node Buffer, whose slice shares the pooled memory.
    const buf = new Uint8Array(bytes.subarray(dataStart + e.begin, dataStart + e.end)).buffer;
    const data =
      e.dtype === 'F32' ? new Float32Array(buf) : e.dtype === 'F64' ? new Float64Array(buf) : e.dtype === 'I32' ? new Int32Array(buf) : new Uint8Array(buf);
    tensors[e.name] = { dtype: e.dtype, shape: e.shape, data };
  }
  return { tensors, metadata };
}
