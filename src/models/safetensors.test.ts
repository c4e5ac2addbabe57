import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../errors.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

/** A file built byte by byte from the format's specification, independently of the encoder. */
function handMade(header: object | string, data: number[], lengthOverride?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f32 = (...v: number[]) => Array.from(new Uint8Array(Float32Array.from(v).buffer));

describe('safetensors', () => {
  it('round-trips tensors of every dtype with metadata, header aligned to 8 bytes', () => {
    const bytes = encodeSafetensors(
      {
        W: { shape: [2, 2], data: Float32Array.from([1, -2.5, 3, 1e-30]) },
        b: { shape: [2], data: Float64Array.from([0.1, -0.2]) },
        px: { shape: [3], data: Uint8Array.from([0, 128, 255]) },
        y: { shape: [1, 2], data: Int32Array.from([-7, 9]) },
        empty: { shape: [0, 4], data: new Float32Array(0) },
      },
      { kind: 'linear', version: '1' },
    );
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const f = decodeSafetensors(bytes, 'm.safetensors');
    expect(f.metadata).toEqual({ kind: 'linear', version: '1' });
    expect(f.tensors['W']!.dtype).toBe('F32');
    expect(Array.from(f.tensors['W']!.data)).toEqual(Array.from(Float32Array.from([1, -2.5, 3, 1e-30])));
    expect(Array.from(f.tensors['b']!.data)).toEqual([0.1, -0.2]);
    expect(Array.from(f.tensors['px']!.data)).toEqual([0, 128, 255]);
    expect(f.tensors['y']!.shape).toEqual([1, 2]);
    expect(Array.from(f.tensors['y']!.data)).toEqual([-7, 9]);
    expect(f.tensors['empty']!.data.length).toBe(0);
  });

  it('copies each tensor out of a Node Buffer (whose slice would share the pooled memory)', () => {
    const bytes = encodeSafetensors({ a: { shape: [2], data: Float32Array.from([1, 2]) }, b: { shape: [1], data: Int32Array.from([3]) } });
    // A small Buffer lives inside Node's shared 8 KB pool, at an offset, as readFileSync's results can.
    const pooled = Buffer.from(bytes);
    const f = decodeSafetensors(pooled, 'm.safetensors');
    expect(f.tensors['a']!.data.length).toBe(2);
    expect(f.tensors['a']!.data.buffer.byteLength).toBe(8);
    expect(Array.from(f.tensors['a']!.data)).toEqual([1, 2]);
    expect(Array.from(f.tensors['b']!.data)).toEqual([3]);
  });

  it('loads a file written byte by byte from the specification', () => {
    const bytes = handMade(
      { __metadata__: { format: 'pt' }, a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, c: { dtype: 'U8', shape: [1], data_offsets: [8, 9] } },
      [...f32(1.5, -2), 7],
    );
    const f = decodeSafetensors(bytes, 'x');
    expect(Array.from(f.tensors['a']!.data)).toEqual([1.5, -2]);
    expect(Array.from(f.tensors['c']!.data)).toEqual([7]);
  });

  const forged: [string, Uint8Array, RegExp][] = [
    ['a file shorter than 8 bytes', new Uint8Array(5), /8-byte header length/],
    ['a header size of 2^40', handMade('{}', [], 2n ** 40n), /larger than the \d+-byte limit/],
    ['a header running past the end', handMade('{}', [], 100n), /runs past the end of the file/],
    ['a header that is not JSON', handMade('{"a":', []), /not valid UTF-8 JSON/],
    ['a header that is an array', handMade('[]', []), /not a JSON object/],
    ['an unknown dtype', handMade({ a: { dtype: 'BF16', shape: [1], data_offsets: [0, 2] } }, [0, 0]), /dtype "BF16"/],
    ['a wrong dtype for the span', handMade({ a: { dtype: 'F64', shape: [2], data_offsets: [0, 8] } }, f32(1, 2)), /span is 8 bytes/],
    ['a span past the end', handMade({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, f32(1, 2)), /past the end of the data/],
    [
      'overlapping spans',
      handMade(
        { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } },
        f32(1, 2),
      ),
      /overlaps another tensor/,
    ],
    ['a hole in the data', handMade({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32(1, 2)), /belong to no tensor/],
    ['trailing bytes', handMade({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32(1, 2)), /tensors cover 4/],
    ['a negative dimension', handMade({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, f32(1)), /shape \[-1\]/],
    ['reversed offsets', handMade({ a: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, f32(1)), /data_offsets/],
    ['non-string metadata', handMade({ __metadata__: { v: 1 } }, []), /__metadata__.v is not a string/],
  ];
  for (const [what, bytes, message] of forged) {
    it(`refuses ${what} with a ModelFormatError naming the file`, () => {
      expect(() => decodeSafetensors(bytes, 'model.safetensors')).toThrow(ModelFormatError);
      expect(() => decodeSafetensors(bytes, 'model.safetensors')).toThrow(message);
      expect(() => decodeSafetensors(bytes, 'model.safetensors')).toThrow(/^model\.safetensors: /);
    });
  }
});
