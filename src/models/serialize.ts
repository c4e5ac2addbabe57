/**
 * Model files on disk (Node): `saveModel` encodes with model-file.ts and writes atomically (a temporary file
 * in the same directory, flushed, then renamed), so a crash mid-save leaves the previous file as it was;
 * `loadModelFile` reads and checks. The browser uses encodeModelFile/decodeModelFile directly.
 */
import { readFileSync } from 'node:fs';
import { IoError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { decodeModelFile, encodeModelFile, type DecodedModelFile, type ModelFile, type ModelKind } from './model-file.js';

export function saveModel(path: string, model: ModelFile): void {
  writeFileAtomic(path, encodeModelFile(model));
}

/** Reads a model file; with `kind`, a file holding another kind of model is refused. */
export function loadModelFile(path: string, kind?: ModelKind): DecodedModelFile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : String(err);
    throw new IoError(path, `could not read the model file: ${why}`, { cause: err });
  }
  return decodeModelFile(bytes, path, kind);
}
