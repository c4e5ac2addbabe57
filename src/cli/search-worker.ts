/**
 * A worker thread of `linclass search`: it trains the trials it is given, one at a time, on the training
 * and validation data the main thread shares with it (SharedArrayBuffers: one copy of the data for every
 * worker), and answers each with its figures and model file, or with the error that ended it.
 *
 * Kernels: one thread per trial. With --kernels unset a trial runs the single-threaded WebAssembly kernels
 * where this build has them, else the reference ones; so W workers use W cores and never oversubscribe them
 * (a threaded kernel pool per trial would). --kernels, when given, is used as it is.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ImageShape } from '../data/types.js';
import { ArgumentError, LinclassError } from '../errors.js';
import type { KernelChoice, Kernels } from '../kernels/api.js';
import { selectKernels } from '../kernels/select.js';
import { LinearClassifier, type LabeledData } from '../models/linear-classifier.js';
import type { LinearClassifierConfig } from '../models/linear-config.js';
import type { Trial } from '../train/search.js';
import { testHook } from './test-hooks.js';

/** One split as shared memory: features (bytes or float32) and labels. */
export interface SharedSplit {
  readonly features: SharedArrayBuffer;
  readonly kind: 'u8' | 'f32';
  readonly rows: number;
  readonly cols: number;
  readonly labels: SharedArrayBuffer;
}

export interface SearchWorkerData {
  readonly train: SharedSplit;
  readonly validation: SharedSplit;
  readonly classNames: readonly string[];
  readonly imageShape: ImageShape | null;
}

export interface TrialMessage {
  readonly trial: Trial;
  /** Everything but the kernels (the schedule already sized for the trial's batch size). */
  readonly config: LinearClassifierConfig;
  /** null: one thread ('wasm' where available, else 'ref'). */
  readonly kernels: KernelChoice | null;
  readonly attempt: number;
}

export type TrialReply =
  | {
      readonly type: 'result';
      readonly id: number;
      readonly status: 'ok';
      readonly valAccuracy: number;
      readonly trainAccuracy: number;
      readonly dataLoss: number | null;
      readonly regLoss: number | null;
      readonly epochs: number;
      readonly seconds: number;
      readonly kernels: string;
      readonly model: Uint8Array;
    }
  | { readonly type: 'result'; readonly id: number; readonly status: 'failed'; readonly error: string; readonly code: string; readonly seconds: number };

function split(s: SharedSplit, classNames: readonly string[], imageShape: ImageShape | null): LabeledData {
  const data = s.kind === 'u8' ? new Uint8Array(s.features) : new Float32Array(s.features);
  return { X: { data, rows: s.rows, cols: s.cols } as LabeledData['X'], labels: new Int32Array(s.labels), classNames, imageShape };
}

let cachedKernels: { choice: KernelChoice | null; kernels: Kernels } | null = null;

async function kernelsFor(choice: KernelChoice | null): Promise<Kernels> {
  if (cachedKernels && cachedKernels.choice === choice) return cachedKernels.kernels;
  let kernels: Kernels;
  if (choice !== null) {
    kernels = await selectKernels(choice);
  } else {
    try {
      kernels = await selectKernels('wasm');
    } catch (err) {
      if (!(err instanceof ArgumentError)) throw err;
      kernels = await selectKernels('ref');
    }
  }
  cachedKernels = { choice, kernels };
  return kernels;
}

function serve(): void {
  const port = parentPort;
  if (!port) return;
  const shared = workerData as SearchWorkerData;
  const train = split(shared.train, shared.classNames, shared.imageShape);
  const validation = split(shared.validation, shared.classNames, shared.imageShape);
  const hook = testHook();

  port.on('message', (m: TrialMessage) => {
    void (async () => {
      // TEST HOOKS (src/cli/test-hooks.ts): a worker that dies on a given trial.
      if (hook && 'trial' in hook && hook.trial === m.trial.id && (hook.attempt === null || hook.attempt === m.attempt)) {
        if (hook.action === 'worker-exit') process.exit(3);
        setImmediate(() => {
          throw new Error(`test hook: worker crash on trial ${m.trial.id}`);
        });
        return;
      }
      const t0 = performance.now();
      let reply: TrialReply;
      try {
        const kernels = await kernelsFor(m.kernels);
        const model = new LinearClassifier({ ...m.config, kernels });
        const summary = await model.fit(train, { validation, yieldEveryMs: 1000 });
        const trainAccuracy = model.score(train.X, train.labels);
        reply = {
          type: 'result',
          id: m.trial.id,
          status: 'ok',
          valAccuracy: summary.validationAccuracy!,
          trainAccuracy,
          dataLoss: summary.dataLoss,
          regLoss: summary.regLoss,
          epochs: summary.epochs,
          seconds: (performance.now() - t0) / 1000,
          kernels: kernels.info.name,
          model: model.toBytes(),
        };
      } catch (err) {
        reply = {
          type: 'result',
          id: m.trial.id,
          status: 'failed',
          error: err instanceof Error ? err.message.split('\n')[0]! : String(err),
          code: err instanceof LinclassError ? err.code : 'E_INTERNAL',
          seconds: (performance.now() - t0) / 1000,
        };
      }
      port.postMessage(reply, reply.status === 'ok' ? [reply.model.buffer as ArrayBuffer] : []);
    })();
  });
}

serve();
