/**
 * Checkpoint files on disk (Node): `saveCheckpoint` encodes (checkpoint.ts) and writes atomically — a
 * temporary file in the same directory, flushed, then renamed over the previous checkpoint — so the file
 * at `path` is always a whole checkpoint, the new one or the one before, whatever moment the process dies
 * at. `loadCheckpoint` reads and checks it.
 */
import { readFileOrExplain } from '../io/read.js';
import { writeFileAtomic, type AtomicWriteOptions } from '../io/atomic.js';
import type { JsonValue } from '../models/model-file.js';
import { decodeCheckpoint, encodeCheckpoint, type TrainingCheckpoint } from './checkpoint.js';

/** Writes a checkpoint atomically; `app` is any JSON the caller wants back from loadCheckpoint. */
export function saveCheckpoint(path: string, checkpoint: TrainingCheckpoint, app: JsonValue = null, options: AtomicWriteOptions = {}): void {
  writeFileAtomic(path, encodeCheckpoint(checkpoint, app), options);
}

/** Reads and checks a checkpoint (IoError when it cannot be read, ModelFormatError when it is not valid). */
export function loadCheckpoint(path: string): { checkpoint: TrainingCheckpoint; app: JsonValue } {
  const bytes = readFileOrExplain(path, 'checkpoint');
  return decodeCheckpoint(bytes, path);
}
