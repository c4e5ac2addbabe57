/**
 * The run folder's PNG pictures as bytes (Node: PNG compression uses node:zlib). Each is a pure function
 * of its data, so the caller decides where and how to write it (src/io/atomic.ts's writeFileAtomic).
 */
import { encodePng } from './png-encode.js';
import { imageGridImage, weightsImage, type ImageGridInput, type WeightsPictureInput, type WeightsPictureOptions } from './templates.js';
import type { TileGridOptions } from './tile-grid.js';

/** weights.png: each class's template (its row of W reshaped to the image, scaled to 0..255), labelled. */
export function weightsPng(input: WeightsPictureInput, options: WeightsPictureOptions = {}): Uint8Array {
  return encodePng(weightsImage(input, options));
}

/** A sheet of example images (dataset rows as they are), labelled. */
export function imageGridPng(input: ImageGridInput, options: TileGridOptions = {}): Uint8Array {
  return encodePng(imageGridImage(input, options));
}
