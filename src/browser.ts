/**
 * linclass in the browser: everything of the public surface that runs without Node — tensors, kernels
 * (reference, WebAssembly SIMD, Web Worker threads), losses, regularizers, optimizers, the classifiers,
 * metrics, the data parsers and preprocessing, explanations, the model-file codec and the drawing modules.
 * Bundlers pick this entry through the package's "browser" export condition; Node gets src/index.ts, which
 * adds the file readers, the model-file writer, PNG compression and the lab server. Named re-exports only.
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

// --- Performance engine (issue 6): WASM SIMD kernels, thread pool, selection options. The benchmark runner
// is the 'linclass/bench' subpath (it uses Node built-ins, so it stays out of this browser-safe entry).
export type { SelectOptions } from './kernels/select.js';
export type { WasmKernels } from './kernels/wasm/kernels.js';

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
// ---- Data (src/data): formats, datasets, preprocessing, splits, streaming ----
// Pure parsers (browser-safe): idx.ts, cifar10.ts, csv.ts, dataset.ts, preprocess.ts, split.ts, bytes.ts.
// Node-only readers: files.ts, datasets.ts, stream.ts.
export type { Dataset, DatasetSplits, ImageShape, Preprocessor, PreprocessSpec, PreprocessStepSpec } from './data/types.js';
export { isGzip, decodeUtf8 } from './data/bytes.js';
export {
  MNIST_CLASS_NAMES,
  FASHION_MNIST_CLASS_NAMES,
  parseIdx,
  parseIdxHeader,
  idxHeaderLength,
  expectIdxKind,
  parseIdxImages,
  parseIdxLabels,
  idxDataset,
  type IdxArray,
  type IdxHeader,
  type IdxImages,
  type IdxDatasetOptions,
} from './data/idx.js';
export {
  createDataset,
  limitDataset,
  sliceDataset,
  takeRows,
  classCounts,
  toFloat32,
  type DatasetInit,
} from './data/dataset.js';
export {
  CIFAR10_CLASS_NAMES,
  CIFAR10_IMAGE_SHAPE,
  CIFAR10_PIXELS,
  CIFAR10_RECORD_BYTES,
  cifar10RecordCount,
  cifar10CountForLength,
  checkCifar10Prefix,
  decodeCifar10RecordsInto,
  parseCifar10Batch,
  parseCifar10Meta,
  type Cifar10Batch,
} from './data/cifar10.js';
export {
  parseCsv,
  parseCsvBytes,
  forEachCsvRecord,
  MAX_CSV_CLASSES,
  type CsvOptions,
} from './data/csv.js';
export { fitPreprocessor, preprocessorFromSpec, DEFAULT_STD_EPSILON, type PreprocessOptions } from './data/preprocess.js';
export {
  trainValidationSplit,
  kFold,
  stratifiedKFold,
  foldSizes,
  stratifiedAllocation,
  splitDataset,
  type Split,
  type SplitMethod,
  type TrainValidationOptions,
} from './data/split.js';

// k-nearest neighbours (issue 5): exact, memory-bounded search, pinned tie rules, cross-validation over k,
// safetensors model files. docs/knn.md has the conventions.
export {
  KNearestNeighbors,
  predictFromNeighbours,
  type KnnOptions,
  type KnnFitOptions,
  type KneighborsOptions,
  type KnnFitted,
  type KnnConfig,
  type KnnRestoreOptions,
} from './models/knn.js';
export { KNN_METRICS, type KnnMetric, type Points as KnnPoints } from './models/knn-metric.js';
export { KNN_WEIGHTS, type KnnWeights } from './models/knn-vote.js';
export type { Neighbours } from './models/knn-search.js';
export { DEFAULT_MEMORY_BUDGET_BYTES, planSearch, type SearchPlan, type SearchPlanInput } from './models/knn-plan.js';
export {
  crossValidateK,
  EQUAL_MEAN_TOLERANCE,
  type CrossValidateKOptions,
  type KnnCrossValidation,
  type CrossValidationPlot,
} from './models/knn-cv.js';
export { knnModelFile, parseKnnModelFile, type KnnModelContents } from './models/knn-format.js';

// ---- Training: optimizers, the linear classifier, metrics, model files (issue 4) ----
export {
  chain,
  applyUpdates,
  applyUpdatesIfFinite,
  scale,
  scaleByLearningRate,
  trace,
  scaleByAdagrad,
  scaleByRms,
  scaleByAdam,
  addDecayedWeights,
  sgd,
  momentum,
  nesterov,
  adagrad,
  rmsprop,
  adam,
  adamw,
  optimizerFromSpec,
  GRADIENT_OPTIMIZERS,
  constantSchedule,
  stepDecaySchedule,
  exponentialSchedule,
  cosineSchedule,
  linearWarmup,
  scheduleFromSpec,
  SCHEDULE_KINDS,
  exportOptState,
  importOptState,
  randomSearch,
  randomLocalSearch,
  searchFromSpec,
  searchMinimize,
  SEARCH_STRATEGIES,
  type GradientTransformation,
  type OptState,
  type Params,
  type TraceOptions,
  type AdagradOptions,
  type RmsOptions,
  type AdamOptions,
  type GradientOptimizerSpec,
  type LearningRate,
  type SgdOptions,
  type MomentumOptions,
  type AdamWOptions,
  type Schedule,
  type ScheduleSpec,
  type OptStateSnapshot,
  type SearchName,
  type SearchSpec,
  type SearchStrategy,
  type SearchOptions,
  type SearchResult,
} from './optim/index.js';
export {
  LinearClassifier,
  type LabeledData,
  type FitOptions,
  type PredictProbaOptions,
  type LinearModelState,
  type TrainingSnapshot,
} from './models/linear-classifier.js';
export {
  LINEAR_DEFAULTS,
  AUTO_PIXEL_PREPROCESS,
  resolveLinearConfig,
  validateOptimizerSpec,
  type LinearClassifierConfig,
  type ResolvedLinearConfig,
  type EarlyStoppingConfig,
  type OptimizerSpec,
} from './models/linear-config.js';
export {
  encodeModelFile,
  decodeModelFile,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  MODEL_KINDS,
  type ModelKind,
  type ModelFile,
  type ModelTensor,
  type DecodedModelFile,
  type JsonValue,
} from './models/model-file.js';
export {
  accuracy,
  topKAccuracy,
  argmaxRows,
  confusionMatrix,
  perClassMetrics,
  type PerClassMetrics,
} from './train/metrics.js';
export type { TrainEvent, StartEvent, StepEvent, EpochEvent, EndEvent, FitSummary, StopReason, StopSignal } from './train/events.js';

// ---- Search plans (issue 7) and crash safety (issue 9): checkpoints and exact resume ----
export {
  planTrials,
  rankTrials,
  trialCount,
  MAX_TRIALS,
  logUniform,
  logGrid,
  defaultLearningRateRange,
  DEFAULT_LAMBDA_RANGE,
  type SearchSpace,
  type SearchMode,
  type LogRange,
  type Trial,
  type TrialResult,
} from './train/search.js';
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
  encodeCheckpoint,
  decodeCheckpoint,
  checkpointEvents,
  fingerprintData,
  type TrainingCheckpoint,
  type CheckpointPosition,
  type CheckpointHistory,
  type BestSoFar,
  type EpochRecord,
  type DataFingerprint,
} from './train/checkpoint.js';
export type { CheckpointOptions } from './models/linear-classifier.js';
