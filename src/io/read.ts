/** Reading a whole file whose absence or unreadability is the user's to fix: one line, naming the file. */
import { readFileSync } from 'node:fs';
import { IoError } from '../errors.js';

/** The file's bytes, or an IoError "PATH: could not read the WHAT: no such file" (permission, directory…). */
export function readFileOrExplain(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : String(err);
    throw new IoError(path, `could not read the ${what}: ${why}`, { cause: err });
  }
}
