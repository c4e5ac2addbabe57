/**
 * Byte-level helpers shared by the parsers (no Node APIs).
 */
import { DataFormatError } from '../errors.js';

/** True when `bytes` starts with the gzip magic number 0x1f 0x8b (RFC 1952), whatever the file is called. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** UTF-8 text of a file's bytes (a leading byte-order mark is dropped); invalid UTF-8 is a DataFormatError. */
export function decodeUtf8(bytes: Uint8Array, fileName: string): string {
  if (isGzip(bytes)) {
    throw new DataFormatError(fileName, 'is gzip-compressed; decompress it first (readDataFile and the file readers do so)');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (err) {
    throw new DataFormatError(fileName, 'is not valid UTF-8 text; save it as UTF-8 (or plain ASCII)', { cause: err });
  }
}
