/**
 * linclass model files: safetensors (see safetensors.ts) with a fixed frame in the header's __metadata__,
 * shared by every model kind, encoded and decoded without Node APIs (the lab reads model files too):
 *
 *   format          "linclass"
 *   format_version  "1"              files of any other version are refused, never guessed at
 *   kind            "linear" | "knn"
 *   <key>           JSON text         the kind's own metadata, one JSON value per key (Python reads it
 *                                     with json.loads(metadata[key]))
 *
 * and the kind's tensors under their own names. `encodeModelFile`/`decodeModelFile` are the pure pair;
 * serialize.ts adds the atomic file write and the file read for Node. Each model kind then checks its own
 * metadata and tensors (LinearClassifier.fromModelFile); this layer checks the frame and the safetensors
 * structure (dtypes, shapes against byte spans, spans inside the file and not overlapping, header size).
 */
import { ArgumentError, ModelFormatError } from '../errors.js';
import { decodeSafetensors, encodeSafetensors, type SafeArray, type SafeTensor } from './safetensors.js';

export const MODEL_FORMAT = 'linclass';
export const MODEL_FORMAT_VERSION = 1;
export const MODEL_KINDS = ['linear', 'knn'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

const RESERVED = ['format', 'format_version', 'kind'];

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface ModelTensor {
  readonly shape: readonly number[];
  readonly data: SafeArray;
}

export interface ModelFile {
  readonly kind: ModelKind;
  readonly tensors: Readonly<Record<string, ModelTensor>>;
  readonly metadata: Readonly<Record<string, JsonValue>>;
}

/** A decoded file: the tensors carry their dtype, as the file declared it. */
export interface DecodedModelFile extends ModelFile {
  readonly tensors: Readonly<Record<string, SafeTensor>>;
}

/** Non-finite numbers have no JSON form (JSON.stringify would write null): refuse them instead. */
function checkJson(value: JsonValue, path: string): void {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new ArgumentError(path, `is ${value}; metadata numbers must be finite`);
  if (Array.isArray(value)) value.forEach((v, i) => checkJson(v as JsonValue, `${path}[${i}]`));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) checkJson(v as JsonValue, `${path}.${k}`);
  }
}

/** The bytes of a model file. */
export function encodeModelFile(model: ModelFile): Uint8Array {
  if (!MODEL_KINDS.includes(model.kind)) throw new ArgumentError('kind', `unknown model kind '${String(model.kind)}'; expected ${MODEL_KINDS.join(', ')}`);
  const metadata: Record<string, string> = {
    format: MODEL_FORMAT,
    format_version: String(MODEL_FORMAT_VERSION),
    kind: model.kind,
  };
  for (const [key, value] of Object.entries(model.metadata)) {
    if (RESERVED.includes(key)) throw new ArgumentError(`metadata.${key}`, 'is reserved for the file frame');
    checkJson(value, `metadata.${key}`);
    metadata[key] = JSON.stringify(value);
  }
  return encodeSafetensors(model.tensors, metadata);
}

/**
 * Parses and checks a model file's bytes; `file` names it in errors. With `kind`, a file of another kind is
 * refused. Unknown formats, versions and kinds are refused with ModelFormatError.
 */
export function decodeModelFile(bytes: Uint8Array, file = '<model bytes>', kind?: ModelKind): DecodedModelFile {
  const { tensors, metadata: raw } = decodeSafetensors(bytes, file);
  const fail = (msg: string): never => {
    throw new ModelFormatError(file, msg);
  };
  if (raw['format'] !== MODEL_FORMAT) {
    fail(
      raw['format'] === undefined
        ? `is a safetensors file but not a linclass model (its metadata has no "format": "${MODEL_FORMAT}")`
        : `has format ${JSON.stringify(raw['format'])}, not "${MODEL_FORMAT}"`,
    );
  }
  const version = raw['format_version'];
  if (version !== String(MODEL_FORMAT_VERSION)) {
    const n = Number(version);
    fail(
      Number.isInteger(n) && n > MODEL_FORMAT_VERSION
        ? `has format_version ${version}, newer than this linclass reads (${MODEL_FORMAT_VERSION}): upgrade linclass`
        : `has format_version ${JSON.stringify(version)}; this linclass reads version ${MODEL_FORMAT_VERSION}`,
    );
  }
  const k = raw['kind'];
  if (!MODEL_KINDS.includes(k as ModelKind)) fail(`has model kind ${JSON.stringify(k)}; known kinds: ${MODEL_KINDS.join(', ')}`);
  if (kind !== undefined && k !== kind) fail(`holds a '${k}' model, not a '${kind}' model`);
  const metadata: Record<string, JsonValue> = {};
  for (const [key, text] of Object.entries(raw)) {
    if (RESERVED.includes(key)) continue;
    try {
      metadata[key] = JSON.parse(text) as JsonValue;
    } catch {
      fail(`metadata '${key}' is not valid JSON`);
    }
  }
  return { kind: k as ModelKind, tensors, metadata };
}

/** Reads a metadata field for a model kind's loader, refusing a missing one. */
export function requireField(model: DecodedModelFile, key: string, file: string): JsonValue {
  if (!(key in model.metadata)) throw new ModelFormatError(file, `metadata '${key}' is missing`);
  return model.metadata[key]!;
}
