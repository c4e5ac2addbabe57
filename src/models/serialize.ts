/**
 * Model files on disk (Node): `saveModel` encodes with model-file.ts and writes atomically (a temporary file
 * in the same directory, flushed, then renamed), so a crash mid-save leaves the previous file as it was;
 * `loadModelFile` reads and checks. The browser uses encodeModelFile/decodeModelFile directly.
 */
import { readFileOrExplain } from '../io/read.js';
import { writeFileAtomic } from '../io/atomic.js';
import { decodeModelFile, encodeModelFile, type DecodedModelFile, type ModelFile, type ModelKind } from './model-file.js';

export function saveModel(path: string, model: ModelFile): void {
  writeFileAtomic(path, encodeModelFile(model));
}

/** Reads a model file; with `kind`, a file holding another kind of model is refused. */
export function loadModelFile(path: string, kind?: ModelKind): DecodedModelFile {
  const bytes = readFileOrExplain(path, 'model file');
  return decodeModelFile(bytes, path, kind);
}
