/** `linclass explain`: the lecture's worked computation for given scores (or W, x, b) and labels. */
import { explainBatch, explainScores, type ScoreStep } from '../../explain/explain.js';
import type { Lang } from '../../explain/i18n.js';
import { renderBatch } from '../../explain/render.js';
import { LOSS_NAMES, type LossName } from '../../losses/spec.js';
import { parseChoice, parseFlags, parseNumber, parseNumberList, parseNumberRows, UsageError } from '../usage.js';
import type { Command, Io } from './command.js';

const HELP = `linclass explain: the lecture's loss computation, step by step

Usage:
  linclass explain --scores 3.2,5.1,-1.7 --label 0 [--loss ww] [--margin 1] [--lang en|fa] [--json]
  linclass explain --W "0.01,-0.05,0.1,0.05;0.7,0.2,0.05,0.16;0,-0.45,-0.2,0.03" \\
                   --x=-15,22,-44,56 --b 0,0.2,-0.3 --label 2 --loss softmax
  linclass explain --scores "3.2,5.1,-1.7;1.3,4.9,2.0;2.2,2.5,-3.1" --label 0,1,2   (several examples: the mean)

Options:
  --loss ww|ova|cs|squared|softmax   Weston–Watkins hinge (default), one-vs-all hinge, Crammer–Singer hinge,
                                     squared hinge, softmax cross-entropy
  --scores LIST                      class scores, comma-separated; several examples separated by ';'
  --W ROWS --x LIST [--b LIST]       compute the scores s = Wx + b instead (W rows separated by ';')
  --label Y                          the correct class (0-based); one per example, comma-separated
  --classes NAMES                    class names, comma-separated (e.g. cat,car,frog)
  --margin Δ                         hinge margin (default 1)
  --smoothing ε                      label smoothing for softmax (default 0)
  --lang en|fa                       English (default) or Persian
  --json                             one JSON object on stdout: {lossName, loss, scores, terms, probabilities…}
  -h, --help                         this help

A value that starts with '-' needs '=': --x=-15,22,-44,56.`;

export const explainCommand: Command = {
  name: 'explain',
  summary: "show the lecture's loss computation step by step (SVM hinge variants, softmax)",
  help: HELP,
  run(argv: readonly string[], io: Io): number {
    const { values } = parseFlags('explain', argv, {
      loss: { type: 'string', default: 'ww' },
      scores: { type: 'string' },
      W: { type: 'string' },
      x: { type: 'string' },
      b: { type: 'string' },
      label: { type: 'string' },
      classes: { type: 'string' },
      margin: { type: 'string' },
      smoothing: { type: 'string' },
      lang: { type: 'string', default: 'en' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const loss = parseChoice(values.loss, '--loss', LOSS_NAMES) as LossName;
    const lang = parseChoice(values.lang, '--lang', ['en', 'fa'] as const) as Lang;
    const margin = values.margin === undefined ? 1 : parseNumber(values.margin, '--margin');
    if (margin <= 0) throw new UsageError(`--margin: '${values.margin}' must be > 0 (the hinge needs a positive margin Δ)`);
    const smoothing = values.smoothing === undefined ? 0 : parseNumber(values.smoothing, '--smoothing');
    if (smoothing < 0 || smoothing >= 1) throw new UsageError(`--smoothing: '${values.smoothing}' must be in [0, 1)`);
    if (smoothing > 0 && loss !== 'softmax') throw new UsageError('--smoothing applies to --loss softmax only');

    let rows: number[][];
    let steps: ScoreStep[][] | null = null;
    if (values.scores !== undefined) {
      if (values.W !== undefined || values.x !== undefined) throw new UsageError('give either --scores or --W with --x, not both');
      rows = parseNumberRows(values.scores, '--scores');
    } else if (values.W !== undefined) {
      if (values.x === undefined) throw new UsageError('--W needs --x (the input vector), e.g. --x=-15,22,-44,56');
      const W = parseNumberRows(values.W, '--W');
      const x = parseNumberList(values.x, '--x');
      const b = values.b === undefined ? undefined : parseNumberList(values.b, '--b');
      if (x.length !== W[0]!.length) throw new UsageError(`--x has ${x.length} values but each row of --W has ${W[0]!.length}`);
      if (b !== undefined && b.length !== W.length) throw new UsageError(`--b has ${b.length} values but --W has ${W.length} rows`);
      const s = explainScores(W, x, b);
      rows = [s.scores];
      steps = [s.steps];
    } else {
      throw new UsageError('give the scores (--scores 3.2,5.1,-1.7) or W, x and b (--W … --x … --b …)');
    }
    const classes = rows[0]!.length;
    if (classes < 2) throw new UsageError(`--scores: a classifier needs at least 2 class scores, got ${classes}`);
    if (values.label === undefined) throw new UsageError('--label is required: the index of the correct class (0-based)');
    const labels = values.label.split(',').map((t, i) => {
      const v = parseNumber(t, '--label');
      if (!Number.isInteger(v) || v < 0 || v >= classes) {
        throw new UsageError(`--label: '${t.trim()}' (value ${i + 1}) must be a class index in 0..${classes - 1}`);
      }
      return v;
    });
    if (labels.length !== rows.length) {
      throw new UsageError(`--label has ${labels.length} value(s) for ${rows.length} example(s); give one label per example`);
    }
    const classNames = values.classes === undefined ? undefined : values.classes.split(',').map((s) => s.trim());
    if (classNames && classNames.length !== classes) {
      throw new UsageError(`--classes has ${classNames.length} names for ${classes} classes`);
    }
    const result = explainBatch(rows, labels, {
      loss,
      margin,
      smoothing,
      ...(classNames ? { classNames } : {}),
    }, steps);

    if (values.json) {
      const one = result.examples.length === 1 ? result.examples[0]! : null;
      io.out(
        JSON.stringify({
          lossName: loss,
          loss: result.mean,
          margin: loss === 'softmax' ? null : margin,
          scores: one ? one.scores : result.examples.map((e) => e.scores),
          labels,
          terms: one ? one.terms : result.examples.map((e) => e.terms),
          ...(loss === 'softmax'
            ? { probabilities: one ? one.softmax!.probabilities : result.examples.map((e) => e.softmax!.probabilities) }
            : {}),
          perExample: result.examples.map((e) => e.loss),
          dScores: one ? one.dScores : result.examples.map((e) => e.dScores),
          ...(steps ? { scoreSteps: steps[0] } : {}),
        }),
      );
    } else {
      for (const l of renderBatch(result, lang)) io.out(l);
    }
    return 0;
  },
};
