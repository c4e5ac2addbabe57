/**
 * linclass: linear classifiers and k-nearest neighbours after CS231n lecture 3.
 * The public surface, as named re-exports only (no side effects on import).
 */
export * from './errors.js';

export {
  zeros,
  view,
  fromRows,
  toRows,
  at,
  row,
  clone,
  dtypeOf,
  bytesToFloat,
  shapeOf,
  type DType,
  type FloatArray,
  type Storage,
  type Matrix,
  type Matrix32,
  type Matrix64,
  type ByteMatrix,
  type IntMatrix,
} from './tensor/matrix.js';
export { Rng, type RngState } from './tensor/rng.js';

export type { Kernels, KernelInfo, KernelName, KernelChoice } from './kernels/api.js';
export { refKernels } from './kernels/ref/index.js';
export { selectKernels, KERNEL_CHOICES } from './kernels/select.js';

export {
  hingeWestonWatkins,
  hingeOneVsAll,
  hingeCrammerSinger,
  squaredHinge,
  softmaxCrossEntropy,
  softmaxCrossEntropySoft,
  softmaxProbabilities,
  lossInto,
  validateLossSpec,
  LOSS_NAMES,
  LOSS_TITLES,
  type LossName,
  type LossSpec,
  type LossResult,
  type HingeOptions,
  type SoftmaxOptions,
} from './losses/index.js';

export {
  l2,
  l1,
  elasticNet,
  noRegularizer,
  regularizerFromSpec,
  type Regularizer,
  type RegularizerName,
  type RegularizerSpec,
} from './regularizers/index.js';

export {
  gradcheck,
  relativeError,
  type GradcheckOptions,
  type GradcheckReport,
  type GradcheckCoordinate,
} from './train/gradcheck.js';

export * from './explain/index.js';

// ---- Report (src/report): PNG, weight templates, curves.svg, confusion.svg, report.html ----
// Browser-safe: rasters, font, grids, SVGs, HTML, imageToRow. Node-only (node:zlib): encodePng, decodePng,
// weightsPng, imageGridPng.
export { createRaster, type RasterImage, type Channels, type Color } from './report/raster.js';
export { encodePng } from './report/png-encode.js';
export { decodePng, DEFAULT_MAX_PNG_PIXELS, type DecodePngOptions, type DecodedPng } from './report/png-decode.js';
export { imageToRow, type ImageToRowOptions } from './report/image-input.js';
export { drawText, textWidth, fitText, type DrawTextOptions } from './report/font.js';
export { tileGridGeometry, type TileGridGeometry, type TileGridOptions } from './report/tile-grid.js';
export {
  weightsImage,
  imageGridImage,
  type MatrixLike,
  type WeightsPictureInput,
  type WeightsPictureOptions,
  type ImageGridInput,
} from './report/templates.js';
export { weightsPng, imageGridPng } from './report/pictures.js';
export { curvesSvg, type HistoryRecord, type CurvesOptions } from './report/curves-svg.js';
export { confusionSvg, type ConfusionOptions } from './report/confusion-svg.js';
export {
  reportHtml,
  formatReportValue,
  RUN_PICTURES,
  type ReportPageInput,
  type ReportPicture,
  type ReportTable,
  type ReportValue,
} from './report/report-html.js';
