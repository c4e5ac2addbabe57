/** `linclass gradcheck`: the analytic gradient of a loss + regularizer against centered differences. */
import { LOSS_NAMES, type LossName } from '../../losses/spec.js';
import type { RegularizerSpec } from '../../regularizers/index.js';
import { checkLinearGradients } from '../../train/gradcheck-linear.js';
import { parseReg } from '../train-args.js';
import { parseChoice, parseFlags, parseInteger, parseNumber, UsageError } from '../usage.js';
import type { Command, Io } from './command.js';

const HELP = `linclass gradcheck: check the analytic gradient of the training objective numerically

Usage: linclass gradcheck [--loss softmax] [--reg l2:0.1] [--json] …

On a small random problem, L(W, b) = (1/N) Σ Lᵢ(XWᵀ + b) + λR(W) is differentiated analytically (the loss's
dScores, dW = dSᵀX, db = Σ dS, the regularizer's gradient) and by centered differences in float64; the
relative error |a − n| / max(|a|, |n|) of the worst coordinate is reported. Points within --clearance of a
kink of the hinge (or of |w|) are avoided, where only a subgradient exists.

Options:
  --loss NAME        ww, ova, cs, squared, softmax (default softmax)
  --margin Δ         hinge margin (default 1)
  --smoothing ε      label smoothing (softmax)
  --reg SPEC         l2:λ (default l2:0.1), l1:λ, elastic:λ,β, none
  --reg-bias         regularize the bias too
  --examples N       rows of X (default 8)   --features D (default 6)   --classes C (default 4)
  --h H              difference step (default 1e-3 for hinges, 1e-5 for softmax)
  --seed S           seed of the random problem (default 0)
  --json             one JSON object: worstRelError, where, analytic, numeric, checked, passed
  -h, --help         this help

Exit status 0 when the worst relative error is below 1e-6, 1 otherwise (CS231n's guide: below 1e-7 is
right; above 1e-4 is wrong for a smooth objective).`;

const PASS = 1e-6;

/**
 * The check perturbs every parameter twice and recomputes the loss each time, so its cost grows as
 * examples × features × classes²: these bounds keep it a small problem (and keep a typo such as
 * --examples 1e9 from allocating gigabytes; found by the fuzz suite).
 */
const MAX_SIZE = { examples: 10_000, features: 1_000, classes: 1_000 } as const;

function atMost(v: number, max: number, flag: string): number {
  if (v > max) throw new UsageError(`${flag}: ${v} is more than gradcheck's small random problem allows (at most ${max})`);
  return v;
}

export const gradcheckCommand: Command = {
  name: 'gradcheck',
  summary: "check a loss + regularizer's analytic gradient against centered differences",
  help: HELP,
  run(argv: readonly string[], io: Io): number {
    const { values } = parseFlags('gradcheck', argv, {
      loss: { type: 'string', default: 'softmax' },
      margin: { type: 'string' },
      smoothing: { type: 'string' },
      reg: { type: 'string', default: 'l2:0.1' },
      'reg-bias': { type: 'boolean', default: false },
      examples: { type: 'string' },
      features: { type: 'string' },
      classes: { type: 'string' },
      h: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const name = parseChoice(values.loss, '--loss', LOSS_NAMES) as LossName;
    if (values.margin !== undefined && name === 'softmax') throw new UsageError('--margin applies to the hinge losses');
    if (values.smoothing !== undefined && name !== 'softmax') throw new UsageError('--smoothing applies to --loss softmax only');
    const margin = values.margin === undefined ? undefined : parseNumber(values.margin, '--margin');
    if (margin !== undefined && margin <= 0) throw new UsageError(`--margin: '${values.margin}' must be > 0`);
    const smoothing = values.smoothing === undefined ? undefined : parseNumber(values.smoothing, '--smoothing');
    if (smoothing !== undefined && (smoothing < 0 || smoothing >= 1)) throw new UsageError(`--smoothing: '${values.smoothing}' must be in [0, 1)`);
    const r = parseReg(values.reg);
    const reg: RegularizerSpec =
      r.reg === 'elastic' ? { name: 'elastic', lambda: r.lambda ?? 0.1, beta: r.beta ?? 1 } : { name: r.reg ?? 'l2', lambda: r.reg === 'none' ? 0 : (r.lambda ?? 0.1) };
    const h = values.h === undefined ? undefined : parseNumber(values.h, '--h');
    if (h !== undefined && h <= 0) throw new UsageError(`--h: '${values.h}' must be > 0`);
    const report = checkLinearGradients({
      loss: { name, ...(margin !== undefined ? { margin } : {}), ...(smoothing !== undefined ? { smoothing } : {}) },
      reg,
      regularizeBias: values['reg-bias'],
      examples: values.examples === undefined ? 8 : atMost(parseInteger(values.examples, '--examples', 1), MAX_SIZE.examples, '--examples'),
      features: values.features === undefined ? 6 : atMost(parseInteger(values.features, '--features', 1), MAX_SIZE.features, '--features'),
      classes: values.classes === undefined ? 4 : atMost(parseInteger(values.classes, '--classes', 2), MAX_SIZE.classes, '--classes'),
      seed: values.seed === undefined ? 0 : parseInteger(values.seed, '--seed', 0),
      ...(h !== undefined ? { h } : {}),
    });
    const passed = report.worstRelError < PASS;
    if (values.json) {
      io.out(
        JSON.stringify({
          loss: name,
          reg,
          worstRelError: report.worstRelError,
          where: report.where,
          analytic: report.worst.analytic,
          numeric: report.worst.numeric,
          checked: report.checked,
          h: report.h,
          threshold: PASS,
          passed,
        }),
      );
    } else {
      io.out(`gradient check: ${name} + ${reg.name}${reg.name === 'none' ? '' : ` λ=${reg.lambda}`}, ${report.checked} coordinates, h = ${report.h}`);
      io.out(`worst relative error ${report.worstRelError.toExponential(2)} at ${report.where} (analytic ${report.worst.analytic}, numeric ${report.worst.numeric})`);
      io.out(passed ? `passed (< ${PASS})` : `FAILED (≥ ${PASS})`);
    }
    return passed ? 0 : 1;
  },
};
