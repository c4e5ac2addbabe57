/** Saving and loading kNN model files in Node (atomic writes; the format is in knn-format.ts). */
import { readFileSync } from 'node:fs';
import { IoError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { KNearestNeighbors } from './knn.js';
import { knnFromSafetensors, knnToSafetensors, type KnnLoadOptions } from './knn-format.js';

/** Write the fitted model to `path` (a .safetensors file), atomically. */
export function saveKnn(model: KNearestNeighbors, path: string): void {
  writeFileAtomic(path, knnToSafetensors(model));
}

/** Read a model written by `saveKnn`. */
export function loadKnn(path: string, options: KnnLoadOptions = {}): KNearestNeighbors {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new IoError(path, code === 'ENOENT' ? 'no such file' : `could not read: ${(err as Error).message}`, { cause: err });
  }
  return knnFromSafetensors(bytes, path, options);
}
