/**
 * linclass: linear classifiers and k-nearest neighbours after CS231n lecture 3.
 * The public surface for Node: everything browser.ts exports, plus what needs Node (files, PNG compression,
 * the lab server). Named re-exports only (no side effects on import).
 */
export * from './browser.js';

// ---- Node only: data files, model files and checkpoints on disk, PNG compression (node:zlib) ----
export { encodePng } from './report/png-encode.js';
export { decodePng, DEFAULT_MAX_PNG_PIXELS, type DecodePngOptions, type DecodedPng } from './report/png-decode.js';
export { weightsPng, imageGridPng } from './report/pictures.js';
export { readDataFile, gunzipIfCompressed, MAX_DECOMPRESSED_BYTES, type ReadDataFileOptions } from './data/files.js';
export {
  mnist,
  mnistFiles,
  readCsvFile,
  readIdxDataset,
  cifar10,
  cifar10Files,
  fashionMnist,
  fashionMnistFiles,
  FASHION_MNIST_DEBIAN_DIR,
  type IdxFiles,
  type ReadIdxDatasetOptions,
  type Cifar10Options,
} from './data/datasets.js';
export {
  openIdxStream,
  openCifar10Stream,
  DEFAULT_STREAM_BUFFER_BYTES,
  type RecordStream,
  type StreamBatch,
  type StreamOptions,
} from './data/stream.js';
export { saveModel, loadModelFile } from './models/serialize.js';

// The lab's web server: serves the built lab and the MNIST files on 127.0.0.1.
export {
  startLabServer,
  defaultLabRoot,
  defaultMnistDir,
  safeRequestPath,
  CONTENT_SECURITY_POLICY,
  DEFAULT_LAB_PORT,
  MNIST_FILES,
  MNIST_PREFIX,
  type LabServer,
  type LabServerOptions,
} from './lab/server.js';
export { saveCheckpoint, loadCheckpoint } from './train/checkpoint-file.js';
