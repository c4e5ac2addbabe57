import { describe, expect, it } from 'vitest';
import { ArgumentError, ModelFormatError } from '../errors.js';
import { decodeModelFile, encodeModelFile, MODEL_FORMAT_VERSION, type ModelFile } from './model-file.js';
import { encodeSafetensors } from './safetensors.js';

const sample: ModelFile = {
  kind: 'knn',
  tensors: { X: { shape: [2, 2], data: Uint8Array.of(1, 2, 3, 4) }, labels: { shape: [2], data: Int32Array.of(0, 1) } },
  metadata: { k: 3, names: ['a', 'b'], nested: { ok: true, none: null } },
};

describe('model files (the generic frame)', () => {
  it('round-trips kind, tensors and JSON metadata', () => {
    const back = decodeModelFile(encodeModelFile(sample), 'm.safetensors');
    expect(back.kind).toBe('knn');
    expect(back.metadata).toEqual(sample.metadata);
    expect(back.tensors['X']).toEqual({ dtype: 'U8', shape: [2, 2], data: Uint8Array.of(1, 2, 3, 4) });
    expect(back.tensors['labels']!.dtype).toBe('I32');
  });

  it('writes the frame as plain strings a Python reader sees', () => {
    const bytes = encodeModelFile(sample);
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as { __metadata__: Record<string, string> };
    expect(header.__metadata__).toEqual({ format: 'linclass', format_version: '1', kind: 'knn', k: '3', names: '["a","b"]', nested: '{"ok":true,"none":null}' });
  });

  it('refuses a kind it was not asked for, naming both', () => {
    expect(() => decodeModelFile(encodeModelFile(sample), 'm.safetensors', 'linear')).toThrow(
      "m.safetensors: holds a 'knn' model, not a 'linear' model",
    );
  });

  const frame = (metadata: Record<string, string>): Uint8Array => encodeSafetensors({ t: { shape: [1], data: Float32Array.of(1) } }, metadata);

  it('refuses unknown versions, kinds and foreign files with ModelFormatError', () => {
    expect(() => decodeModelFile(frame({ format: 'linclass', format_version: '2', kind: 'linear' }), 'f')).toThrow(
      'f: has format_version 2, newer than this linclass reads (1): upgrade linclass',
    );
    expect(() => decodeModelFile(frame({ format: 'linclass', format_version: 'one', kind: 'linear' }), 'f')).toThrow(/format_version "one"/);
    expect(() => decodeModelFile(frame({ format: 'linclass', format_version: '1', kind: 'forest' }), 'f')).toThrow(
      'f: has model kind "forest"; known kinds: linear, knn',
    );
    expect(() => decodeModelFile(frame({}), 'f')).toThrow(/is a safetensors file but not a linclass model/);
    expect(() => decodeModelFile(frame({ format: 'onnx' }), 'f')).toThrow(ModelFormatError);
    expect(() => decodeModelFile(frame({ format: 'linclass', format_version: '1', kind: 'linear', x: '{oops' }), 'f')).toThrow(
      "f: metadata 'x' is not valid JSON",
    );
    expect(MODEL_FORMAT_VERSION).toBe(1);
  });

  it('refuses to write what JSON cannot hold or what the frame reserves', () => {
    expect(() => encodeModelFile({ ...sample, metadata: { loss: Number.NaN } })).toThrow('metadata.loss: is NaN; metadata numbers must be finite');
    expect(() => encodeModelFile({ ...sample, metadata: { a: [1, { b: Infinity }] } })).toThrow(/metadata\.a\[1\]\.b: is Infinity/);
    expect(() => encodeModelFile({ ...sample, metadata: { kind: 'x' } })).toThrow(ArgumentError);
  });
});
