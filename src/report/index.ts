/**
 * Pictures and pages of a run folder (issue 7): PNG encode/decode, the bitmap font, weight templates and
 * image sheets, curves.svg, confusion.svg and report.html. Each writer is a pure function of plain data
 * returning bytes or a string; the caller writes them (atomically, with src/io/atomic.ts).
 * Node-only: png-encode.ts, png-decode.ts, pictures.ts (node:zlib). Everything else is browser-safe.
 */
export { checkRaster, createRaster, fillRect, setPixel, blitScaled, type RasterImage, type Channels, type Color } from './raster.js';
export { crc32, PNG_SIGNATURE, type PngColorType } from './png-format.js';
export { encodePng } from './png-encode.js';
export { decodePng, DEFAULT_MAX_PNG_PIXELS, type DecodePngOptions, type DecodedPng } from './png-decode.js';
export { imageToRow, type ImageToRowOptions } from './image-input.js';
export { drawText, textWidth, fitText, glyphBitmap, hasGlyph, CHAR_ADVANCE, LINE_HEIGHT, type DrawTextOptions } from './font.js';
export { tileGridGeometry, renderTileGrid, type Tile, type TileGridGeometry, type TileGridOptions } from './tile-grid.js';
export {
  templateRaster,
  weightsImage,
  imageGridImage,
  FLAT_TEMPLATE_GREY,
  type MatrixLike,
  type WeightsPictureInput,
  type WeightsPictureOptions,
  type ImageGridInput,
} from './templates.js';
export { weightsPng, imageGridPng } from './pictures.js';
export { curvesSvg, type HistoryRecord, type CurvesOptions } from './curves-svg.js';
export { confusionSvg, heatColor, type ConfusionOptions } from './confusion-svg.js';
export {
  reportHtml,
  formatReportValue,
  RUN_PICTURES,
  type ReportPageInput,
  type ReportPicture,
  type ReportTable,
  type ReportValue,
} from './report-html.js';
export { escapeXml } from './markup.js';
