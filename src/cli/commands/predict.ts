/** `linclass predict`: classify PNG pictures or CSV rows with a saved model. */
import { decodeUtf8 } from '../../data/bytes.js';
import { forEachCsvRecord } from '../../data/csv.js';
import { readDataFile } from '../../data/files.js';
import { DataFormatError } from '../../errors.js';
import { selectKernels, KERNEL_CHOICES } from '../../kernels/select.js';
import { LinearClassifier } from '../../models/linear-classifier.js';
import { loadModelFile } from '../../models/serialize.js';
import { imageToRow } from '../../report/image-input.js';
import { decodePng } from '../../report/png-decode.js';
import { zeros, type ByteMatrix, type Matrix32 } from '../../tensor/matrix.js';
import { parseChoice, parseFlags, parseInteger, UsageError } from '../usage.js';
import type { Command, Io } from './command.js';

const HELP = `linclass predict: classify pictures or CSV rows with a saved model

Usage:
  linclass predict --model runs/…/model.safetensors --image digit.png [--image more.png …] [--invert]
  linclass predict --model FILE --csv rows.csv

Options:
  --model FILE      a model file written by 'linclass train'
  --image PNG       a picture of the model's image size (e.g. 28×28 for MNIST); may be repeated
  --invert          dark ink on light paper: flip gray levels (MNIST digits are light on dark)
  --resize          resample pictures of another size (area averaging) instead of refusing them
  --csv FILE        one example per row: the model's feature columns, optionally followed by the label
                    (then the accuracy is reported too); a header row is skipped
  --top K           show the K best classes per example (default 3)
  --kernels K       auto (default), ref, wasm, wasm-threads
  --json            one JSON object on stdout: {predictions: [{input, label, className, scores, probabilities?}]}
  -h, --help        this help

Softmax models give probabilities; hinge (SVM) models give scores, which are not probabilities.`;

interface Inputs {
  readonly names: string[];
  readonly X: ByteMatrix | Matrix32;
  readonly labels: (number | null)[];
}

function readImages(paths: readonly string[], state: LinearClassifier['state'], invert: boolean, resize: boolean): Inputs {
  if (!state.imageShape) throw new UsageError('--image: this model was not trained on images; use --csv');
  const shape = state.imageShape;
  const D = shape.height * shape.width * shape.channels;
  if (D !== state.inputDim) throw new UsageError(`--image: this model takes ${state.inputDim} values, its image shape gives ${D}`);
  const X: ByteMatrix = { data: new Uint8Array(paths.length * D), rows: paths.length, cols: D };
  paths.forEach((p, i) => {
    const png = decodePng(readDataFile(p), p);
    X.data.set(imageToRow(png, shape, p, { invert, resize: resize ? 'area' : 'refuse' }), i * D);
  });
  return { names: [...paths], X, labels: paths.map(() => null) };
}

function readCsvRows(path: string, state: LinearClassifier['state']): Inputs {
  const text = decodeUtf8(readDataFile(path), path);
  const rows: number[][] = [];
  const labels: (number | null)[] = [];
  const names: string[] = [];
  const D = state.inputDim;
  let width = -1;
  forEachCsvRecord(text, path, ',', (fields, line) => {
    if (width < 0) {
      width = fields.length;
      if (width !== D && width !== D + 1) {
        throw new DataFormatError(path, `row ${line} has ${width} columns; the model takes ${D} features (optionally followed by a label)`);
      }
      // A header: any non-numeric feature cell in the first record.
      if (fields.slice(0, D).some((f) => f === '' || !Number.isFinite(Number(f)))) return;
    }
    if (fields.length !== width) throw new DataFormatError(path, `row ${line} has ${fields.length} columns, the first row has ${width}`);
    const values = fields.slice(0, D).map((f, c) => {
      const v = Number(f);
      if (f === '' || !Number.isFinite(v)) throw new DataFormatError(path, `row ${line}, column ${c + 1}: '${f}' is not a number`);
      return v;
    });
    rows.push(values);
    names.push(`${path}:${line}`);
    if (width === D + 1) {
      const cell = fields[D]!;
      const byName = state.classNames.indexOf(cell);
      const label = byName >= 0 ? byName : Number(cell);
      if (!Number.isInteger(label) || label < 0 || label >= state.classNames.length) {
        throw new DataFormatError(path, `row ${line}, column ${D + 1}: label '${cell}' is not one of the model's classes (${state.classNames.join(', ')})`);
      }
      labels.push(label);
    } else {
      labels.push(null);
    }
  });
  if (rows.length === 0) throw new DataFormatError(path, 'has no data rows');
  const X = zeros(rows.length, D);
  rows.forEach((r, i) => X.data.set(r, i * D));
  return { names, X, labels };
}

export const predictCommand: Command = {
  name: 'predict',
  summary: 'classify PNG pictures or CSV rows with a saved model',
  help: HELP,
  async run(argv: readonly string[], io: Io): Promise<number> {
    const { values } = parseFlags('predict', argv, {
      model: { type: 'string' },
      image: { type: 'string', multiple: true },
      csv: { type: 'string' },
      invert: { type: 'boolean', default: false },
      resize: { type: 'boolean', default: false },
      top: { type: 'string', default: '3' },
      kernels: { type: 'string', default: 'auto' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    if (values.model === undefined) throw new UsageError('predict: --model FILE is required');
    const images = values.image ?? [];
    if ((images.length === 0) === (values.csv === undefined)) throw new UsageError('predict: give --image PNG (one or more) or --csv FILE');
    const kernelChoice = parseChoice(values.kernels, '--kernels', KERNEL_CHOICES);
    const model = LinearClassifier.fromModelFile(loadModelFile(values.model, 'linear'), values.model, await selectKernels(kernelChoice));
    const st = model.state;
    const top = Math.min(parseInteger(values.top, '--top', 1), st.classNames.length);
    const inputs = values.csv !== undefined ? readCsvRows(values.csv, st) : readImages(images, st, values.invert, values.resize);

    const scores = model.decisionFunction(inputs.X);
    const isSoftmax = st.config.loss.name === 'softmax';
    const probs = isSoftmax ? model.predictProba(inputs.X) : null;
    const C = st.classNames.length;
    const predictions = inputs.names.map((input, i) => {
      const s = Array.from(scores.data.subarray(i * C, (i + 1) * C));
      const order = s.map((_, k) => k).sort((a, b) => s[b]! - s[a]! || a - b);
      const p = probs ? Array.from(probs.data.subarray(i * C, (i + 1) * C)) : null;
      return {
        input,
        label: order[0]!,
        className: st.classNames[order[0]!]!,
        trueLabel: inputs.labels[i] ?? null,
        scores: s,
        ...(p ? { probabilities: p } : {}),
        top: order.slice(0, top).map((k) => ({ label: k, className: st.classNames[k]!, score: s[k]!, ...(p ? { probability: p[k]! } : {}) })),
      };
    });
    const labelled = predictions.filter((p) => p.trueLabel !== null);
    const correct = labelled.filter((p) => p.trueLabel === p.label).length;
    const acc = labelled.length > 0 ? correct / labelled.length : null;
    if (values.json) {
      io.out(JSON.stringify({ model: values.model, loss: st.config.loss.name, predictions, ...(acc === null ? {} : { accuracy: acc, correct, total: labelled.length }) }));
    } else {
      for (const p of predictions) {
        const alts = p.top
          .map((t) => `${t.className} ${'probability' in t ? `${(100 * t.probability!).toFixed(1)}%` : `score ${t.score.toFixed(3)}`}`)
          .join(', ');
        io.out(`${p.input}: ${p.className}  (${alts})${p.trueLabel === null ? '' : p.trueLabel === p.label ? '  ✓' : `  ✗ true ${st.classNames[p.trueLabel]}`}`);
      }
      if (!isSoftmax) io.out('(hinge-loss model: these are scores, not probabilities)');
      if (acc !== null) io.out(`accuracy ${(100 * acc).toFixed(2)}% (${correct}/${labelled.length})`);
    }
    return 0;
  },
};
