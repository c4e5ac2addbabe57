/**
 * Fuzz target (test/fuzz/runner.ts): CLI arguments. Random argv for every command in COMMANDS, through the
 * real `run()` of the built CLI (dist/cli/main.js, so search's worker threads exist), in this process with a
 * capturing Io. Half the cases are random flags and values; half start from a known-good small command line
 * and damage it (drop, replace or add a flag), so the commands' deeper paths run too. Every case must end
 * with exit 0, 1 or 2 (130 when the watchdog stopped a long run with a simulated Ctrl-C), errors in one line
 * each, never 70 ('internal error'), never a stack trace, and in bounded time.
 *
 * To keep 10 000 cases inside CI's budget: data comes from tiny files made here (CSV, IDX for
 * --data fashion-mnist, CIFAR-10 batches), image datasets get --train-limit/--test-limit appended, bench gets
 * an unwritable --out (it checks every flag, then stops at its output folder), and a run
 * still going after a second is stopped the way Ctrl-C stops it (the command's own SIGINT listener is
 * called; the test process never receives a signal). Output folders live in a scratch directory, which is
 * also the working directory during the run (default runs/ folders land there).
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command, Io } from '../../src/cli/commands/command.js';
import { LinearClassifier } from '../../src/models/linear-classifier.js';
import { KNearestNeighbors } from '../../src/models/knn.js';
import { encodePng } from '../../src/report/png-encode.js';
import { cifarBytes, gzip, idxBytes } from '../helpers/data-files.js';
import { CLI } from '../helpers/cli.js';
import { FUZZ_OUTPUT, fuzzAsync, report, RUNS, scratchDir } from './runner.js';

type Main = typeof import('../../src/cli/main.js');

const scratch = scratchDir('linclass-fuzz-cli-');
const S = scratch.dir;
const P = {
  csv: join(S, 'tiny.csv'),
  named: join(S, 'named.csv'),
  garbage: join(S, 'garbage.bin'),
  empty: join(S, 'empty.csv'),
  fashion: join(S, 'fashion'),
  cifar: join(S, 'cifar'),
  linCsv: join(S, 'linear-csv.safetensors'),
  linImg: join(S, 'linear-img.safetensors'),
  knn: join(S, 'knn.safetensors'),
  digit: join(S, 'digit.png'),
  small: join(S, 'small.png'),
  out: join(S, 'out'),
  out2: join(S, 'out2'),
  resume: join(S, 'resume'),
  search: join(S, 'search-run'),
};

/** Values tried for each flag (besides the generic ones), good and bad. */
const POOLS: Record<string, readonly string[]> = {
  data: [`csv:${P.csv}`, `csv:${P.named}`, `csv:${P.garbage}`, `csv:${P.empty}`, `csv:${join(S, 'missing.csv')}`, 'csv:', 'fashion-mnist', 'cifar10', 'mnist', 'imagenet', `csv:${S}`],
  'data-dir': [P.fashion, P.cifar, S, join(S, 'nowhere'), P.csv],
  'test-data': [`csv:${P.csv}`, `csv:${P.garbage}`, P.csv, 'csv:'],
  'train-limit': ['1', '2', '10', '200', '0', '-3', 'x', '1.5', '1e3'],
  'test-limit': ['1', '5', '50', '0', 'y', '2.5'],
  'knn-train-limit': ['0', '10', '200', '-1', 'x'],
  'knn-test-limit': ['0', '5', '50', 'x'],
  model: [P.linCsv, P.linImg, P.knn, P.garbage, P.csv, join(S, 'missing.safetensors'), S, join(P.resume, 'checkpoint.safetensors')],
  image: [P.digit, P.small, P.garbage, join(S, 'none.png'), S],
  csv: [P.csv, P.named, P.garbage, P.empty, join(S, 'nope.csv')],
  out: [P.out, P.out2, join(S, 'new', 'deeper'), P.csv, '/proc/linclass-fuzz', '.', 'rel/out', ''],
  resume: [P.resume, P.search, P.out, S, P.csv, join(S, 'nothing')],
  'checkpoint-every': ['1', '3', '1epoch', '2epochs', '5steps', '0', 'x', '1 epoch', '1e3', '-1'],
  loss: ['softmax', 'ww', 'ova', 'cs', 'squared', 'svm', '', 'softmax,ww', 'ww,squared', 'softmax,softmax'],
  reg: ['l2:1e-4', 'l1', 'l2', 'elastic:1e-4,0.5', 'none', 'l3:1', 'l2:-1', 'elastic:1,2,3', 'none:1', 'l1:x'],
  optimizer: ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw', 'random-search', 'random-local-search', 'lbfgs'],
  schedule: ['cosine', 'constant', 'step:1,0.5', 'exp:0.9', 'step:0,1', 'exp:-1', 'step:1', 'warm'],
  lr: ['0.1', '1e-3:1', '0.01:0.1', '1e3', '0', '-1', '1:0.1', 'x', '1e-300'],
  lambda: ['1e-4', '1e-6:1e-2', '0', '0:1', '-1', 'x'],
  epochs: ['1', '2', '3', '0', 'x', '-1', '2.5', '40'],
  'batch-size': ['1', '4', '8', '64', '0', 'x', '4,8', '8,8'],
  trials: ['1', '2', '3', '0', 'x', '100001', '1e9'],
  'grid-points': ['1', '2', '0', 'x', '1000'],
  workers: ['1', '2', '0', 'x', '3'],
  val: ['0', '0.1', '0.5', '3', '1', '0.99', '-0.1', 'x'],
  seed: ['0', '1', '42', '-1', '4294967296', 'x'],
  kernels: ['auto', 'ref', 'wasm', 'wasm-threads', 'gpu'],
  k: ['1', '3', '5', '0', '100', 'x', '-2'],
  ks: ['1,3,5', '1', '0,1', 'x', '1,1', '100'],
  cv: ['2', '3', '5', '1', '0', '100', 'x'],
  metric: ['l2', 'l1', 'cosine', 'l3'],
  weights: ['uniform', 'distance', 'x'],
  memory: ['1', '16', '256', '0', 'x', '1e9'],
  scores: ['3.2,5.1,-1.7', '1,2', '1', '', 'x,1', '1e308,-1e308', 'NaN,1'],
  label: ['0', '1', '2', '-1', '5', 'x'],
  classes: ['2', '3', '10', '1', '0', 'x', '1e6'],
  W: ['1,2;3,4', '1,2', '', 'x', '1,2;3'],
  x: ['1,2', '1', 'x', ''],
  b: ['0,0', '1', 'x'],
  lang: ['en', 'fa', 'de'],
  examples: ['1', '8', '0', 'x', '1e9'],
  features: ['1', '6', '0', 'x', '1e9'],
  h: ['1e-5', '0', '-1', 'x'],
  top: ['1', '3', '0', '-1', 'x', '100'],
  port: ['0', '-1', '65536', 'x'],
  host: ['127.0.0.1', '::1', 'localhost', '10.255.255.1', ''],
  margin: ['1', '0', '-1', 'x', '2'],
  smoothing: ['0', '0.1', '1', '-0.1', 'x'],
  mu: ['0.9', '0', '1', 'x'],
  warmup: ['0.5', '1', '0', 'x'],
  'init-scale': ['0.001', '0', '-1', 'x'],
  split: ['test', 'train', 'val'],
  workloads: ['W1', 'W2', 'W3', 'W4', 'W1,W4', 'w2', 'W5', '', 'W1,,W2'],
  repeats: ['1', '3', '0', 'x'],
  threads: ['1', '2', '0', 'x'],
};

/** Values for any flag, and stray tokens. No absolute paths and no '..': the CLI writes where it is told. */
const GENERIC: readonly string[] = ['0', '1', '-1', '1.5', '1e308', 'NaN', 'Infinity', '', 'abc', '-', '--', '1,2,3', 'l2:1e-4', 'csv:', '💥', ' ', '9'.repeat(400), '\u0000', '--json', '-h', '=', 'true'];

/** Known-good small command lines (each must exit 0: checked below). */
const BASES: Record<string, readonly (readonly string[])[]> = {
  train: [
    ['--data', `csv:${P.csv}`, '--epochs', '2', '--batch-size', '8', '--out', P.out, '--quiet'],
    ['--data', 'fashion-mnist', '--data-dir', P.fashion, '--epochs', '1', '--batch-size', '10', '--checkpoint-every', '1', '--out', P.out2, '--quiet', '--json'],
    ['--data', 'cifar10', '--data-dir', P.cifar, '--epochs', '1', '--loss', 'ww', '--val', '0', '--out', P.out, '--quiet'],
  ],
  eval: [['--model', P.linCsv, '--data', `csv:${P.csv}`, '--out', P.out, '--json']],
  predict: [
    ['--model', P.linCsv, '--csv', P.csv, '--json'],
    ['--model', P.linImg, '--image', P.digit],
  ],
  knn: [
    ['--data', `csv:${P.csv}`, '--k', '3', '--out', P.out, '--quiet'],
    ['--data', `csv:${P.csv}`, '--cv', '3', '--ks', '1,3', '--out', P.out2, '--quiet', '--json'],
  ],
  search: [['--trials', '2', '--workers', '1', '--data', `csv:${P.csv}`, '--epochs', '1', '--batch-size', '8', '--out', P.out, '--quiet']],
  explain: [['--loss', 'ww', '--scores', '3.2,5.1,-1.7', '--label', '0'], ['--loss', 'softmax', '--scores', '3.2,5.1,-1.7', '--label', '0', '--lang', 'fa', '--json']],
  gradcheck: [['--loss', 'softmax', '--reg', 'l2:0.1'], ['--loss', 'ww', '--examples', '4', '--json']],
  lab: [['--port', '0']],
  compare: [['--data', `csv:${P.csv}`, '--epochs', '1', '--out', P.out, '--quiet']],
  bench: [['--quick', '--workloads', 'W2', '--repeats', '1', '--out', P.out2]],
};

/** How long a case may run before it gets a Ctrl-C: the lab serves until stopped, so at once. */
const BUDGET_MS: Record<string, number> = { lab: 20 };
const DEFAULT_BUDGET_MS = 1000;

let main: Main;
let flags: Record<string, string[]>;
const cwd = process.cwd();

function writeFixtures(): void {
  const rows = Array.from({ length: 30 }, (_, i) => `${(i % 3) + ((i * 7) % 5) / 10},${((i * 3) % 4) - 1},${i % 3}`);
  writeFileSync(P.csv, `${rows.join('\n')}\n`);
  writeFileSync(P.named, `a,b,kind\n${rows.map((r, i) => r.replace(/,\d$/, `,${['cat', 'dog', 'owl'][i % 3]}`)).join('\n')}\n`);
  writeFileSync(P.garbage, Uint8Array.from({ length: 300 }, (_, i) => (i * 151) & 255));
  writeFileSync(P.empty, '');
  mkdirSync(P.fashion);
  const images = (n: number, s: number) => Uint8Array.from({ length: n * 784 }, (_, i) => ((i * 31 + s) % 251) & 255);
  const labels = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 10);
  writeFileSync(join(P.fashion, 'train-images-idx3-ubyte.gz'), gzip(idxBytes([20, 28, 28], images(20, 1))));
  writeFileSync(join(P.fashion, 'train-labels-idx1-ubyte.gz'), gzip(idxBytes([20], labels(20))));
  writeFileSync(join(P.fashion, 't10k-images-idx3-ubyte'), idxBytes([10, 28, 28], images(10, 2)));
  writeFileSync(join(P.fashion, 't10k-labels-idx1-ubyte'), idxBytes([10], labels(10)));
  mkdirSync(P.cifar);
  for (let b = 1; b <= 5; b++) writeFileSync(join(P.cifar, `data_batch_${b}.bin`), cifarBytes([b % 10, (b + 3) % 10], (r, p) => r * 11 + p + b));
  writeFileSync(join(P.cifar, 'test_batch.bin'), cifarBytes([1, 2], (r, p) => r + p));
  writeFileSync(P.digit, encodePng({ width: 28, height: 28, channels: 1, data: images(1, 3) }));
  writeFileSync(P.small, encodePng({ width: 3, height: 2, channels: 1, data: new Uint8Array(6) }));
}

async function writeModels(): Promise<void> {
  const X = new Float32Array(60);
  const y = new Int32Array(30);
  for (let i = 0; i < 30; i++) {
    X[2 * i] = (i % 3) + ((i * 7) % 5) / 10;
    X[2 * i + 1] = ((i * 3) % 4) - 1;
    y[i] = i % 3;
  }
  const lin = new LinearClassifier({ epochs: 2, batchSize: 8 });
  await lin.fit({ X: { data: X, rows: 30, cols: 2 }, labels: y, classNames: ['0', '1', '2'] }, { yieldEveryMs: 1000 });
  writeFileSync(P.linCsv, lin.toBytes());
  const img = new LinearClassifier({ epochs: 1, batchSize: 10 });
  const px = Uint8Array.from({ length: 20 * 784 }, (_, i) => (i * 13) & 255);
  await img.fit({ X: { data: px, rows: 20, cols: 784 }, labels: Int32Array.from({ length: 20 }, (_, i) => i % 10), imageShape: { height: 28, width: 28, channels: 1, layout: 'hwc' } }, { yieldEveryMs: 1000 });
  writeFileSync(P.linImg, img.toBytes());
  writeFileSync(P.knn, new KNearestNeighbors({ k: 1 }).fit({ data: X, rows: 30, cols: 2 }, y).toBytes());
}

interface Outcome {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
  readonly interrupted: boolean;
  readonly ms: number;
}

/** One command line through run(), with stderr writes captured and the Ctrl-C watchdog armed. */
async function runCase(argv: readonly string[]): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => void out.push(l), err: (l) => void err.push(l) };
  const baseline = process.listeners('SIGINT').length;
  const budget = BUDGET_MS[argv[0] ?? ''] ?? DEFAULT_BUDGET_MS;
  const t0 = performance.now();
  let interrupted = false;
  // Progress lines go to process.stderr directly: keep them out of the test output.
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  }) as typeof process.stderr.write;
  const watchdog = setInterval(() => {
    const added = process.listeners('SIGINT').slice(baseline);
    if (!interrupted && performance.now() - t0 > budget && added.length > 0) {
      interrupted = true;
      for (const l of added) (l as (signal: NodeJS.Signals) => void)('SIGINT');
    }
  }, 5);
  try {
    const code = await main.run(argv, io);
    return { code, out, err, interrupted, ms: performance.now() - t0 };
  } finally {
    clearInterval(watchdog);
    process.stderr.write = write;
  }
}

/** Appends what keeps a case cheap: tiny data for image datasets, never the real Fashion-MNIST or all of MNIST. */
function bounded(argv: string[]): string[] {
  const cmd = argv[0]!;
  const f = flags[cmd] ?? [];
  const has = (flag: string) => argv.some((a) => a === flag || a.startsWith(`${flag}=`));
  const extra: string[] = [];
  if (f.includes('--data-dir') && argv.some((a) => a.includes('fashion-mnist')) && !has('--data-dir')) extra.push('--data-dir', P.fashion);
  if (f.includes('--train-limit')) {
    // The last --data wins, as parseArgs reads it; anything but a CSV file is image data, limited here
    // (kNN does not stop on Ctrl-C, so a full-MNIST cross-validation would run for minutes).
    let data: string | undefined;
    argv.forEach((a, i) => {
      if (a === '--data') data = argv[i + 1];
      else if (a.startsWith('--data=')) data = a.slice(7);
    });
    if (!data?.startsWith('csv:')) extra.push('--train-limit', '200', '--test-limit', '50');
  }
  if (f.includes('--knn-train-limit')) extra.push('--knn-train-limit', '100', '--knn-test-limit', '20');
  // bench reads no outside input but its flags, and takes seconds (--quick) to minutes: every flag is
  // checked, then its output folder, made unwritable here, stops it before any benchmark starts.
  if (cmd === 'bench') extra.push('--out', '/proc/linclass-fuzz-bench');
  return [...argv, ...extra];
}

function argvFor(names: readonly string[]): fc.Arbitrary<string[]> {
  const stray = fc.oneof(fc.constantFrom(...GENERIC), fc.string({ maxLength: 12 }));
  const flagToken = (cmd: string): fc.Arbitrary<string[]> =>
    fc.constantFrom(...(flags[cmd]!.length > 0 ? flags[cmd]! : ['--help'])).chain((flag) => {
      const name = flag.replace(/^--/, '');
      const value = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(POOLS[name] ?? GENERIC)) }, { weight: 1, arbitrary: fc.constantFrom(...GENERIC) });
      return fc.tuple(fc.option(value, { freq: 5 }), fc.nat({ max: 5 })).map(([v, style]) => (v === null ? [flag] : style === 0 ? [`${flag}=${v}`] : [flag, v]));
    });
  const randomLine = fc.constantFrom(...names).chain((cmd) =>
    fc.array(fc.oneof({ weight: 6, arbitrary: flagToken(cmd) }, { weight: 1, arbitrary: stray.map((s) => [s]) }), { maxLength: 7 }).map((parts) => [cmd, ...parts.flat()]),
  );
  // The slow commands (they train or serve) are drawn less often from the known-good lines.
  const weighted = names.filter((n) => BASES[n]).map((n) => ({ weight: ['compare', 'search', 'lab'].includes(n) ? 1 : 3, arbitrary: fc.constant(n) }));
  const damagedBase = fc.oneof(...weighted).chain((cmd) =>
    fc
      .tuple(
        fc.constantFrom(...BASES[cmd]!),
        fc.array(fc.tuple(fc.constantFrom('drop', 'replace', 'insert', 'revalue', 'revalue'), fc.nat(), flagToken(cmd)), { minLength: 1, maxLength: 2 }),
      )
      .map(([base, edits]) => {
        const line = [...base];
        for (const [op, at, token] of edits) {
          const i = line.length === 0 ? 0 : at % line.length;
          if (op === 'drop') line.splice(i, 1);
          else if (op === 'replace') line.splice(i, 1, ...token);
          else if (op === 'insert') line.splice(i, 0, ...token);
          else {
            // Another value for one of the line's own flags: the step most likely to reach runtime failures.
            const valued = line.map((t, k) => (t.startsWith('--') && k + 1 < line.length && !line[k + 1]!.startsWith('--') ? k : -1)).filter((k) => k >= 0);
            if (valued.length === 0) continue;
            const k = valued[at % valued.length]!;
            const pool = POOLS[line[k]!.slice(2)] ?? GENERIC;
            line[k + 1] = pool[(at >>> 3) % pool.length]!;
          }
        }
        return [cmd, ...line];
      }),
  );
  const special = fc.constantFrom<string[]>([], ['--help'], ['-h'], ['help'], ['--version'], ['-v'], ['trian'], [''], ['--json'], ['💥']);
  return fc.oneof({ weight: 10, arbitrary: randomLine }, { weight: 10, arbitrary: damagedBase }, { weight: 1, arbitrary: special }).map((a) => (a.length > 0 && names.includes(a[0]!) ? bounded(a) : a));
}

describe('fuzz: CLI arguments through run() (seeded)', () => {
  beforeAll(async () => {
    mkdirSync(FUZZ_OUTPUT, { recursive: true });
    main = (await import(pathToFileURL(CLI).href)) as Main;
    flags = Object.fromEntries(main.COMMANDS.map((c: Command) => [c.name, [...new Set(c.help.match(/--[a-z][a-z-]*/g) ?? [])]]));
    writeFixtures();
    await writeModels();
    process.chdir(S);
    // A run to resume: stopped (like Ctrl-C) after its first checkpoint; and a finished search.
    const stopped = await runCase(['train', '--data', `csv:${P.csv}`, '--epochs', '400', '--batch-size', '4', '--checkpoint-every', '2', '--out', P.resume, '--quiet']);
    expect(stopped.code, stopped.err.join('\n')).toBe(130);
    const searched = await runCase(['search', '--trials', '2', '--workers', '1', '--data', `csv:${P.csv}`, '--epochs', '1', '--out', P.search, '--quiet']);
    expect(searched.code, searched.err.join('\n')).toBe(0);
    copyFileSync(join(P.resume, 'checkpoint.safetensors'), join(S, 'checkpoint-copy.safetensors'));
  });

  afterAll(() => {
    process.chdir(cwd);
    scratch.cleanup();
  });

  it('every command is fuzzed, and each known-good command line exits 0', async () => {
    for (const c of main.COMMANDS) expect(BASES[c.name], `a known-good command line for '${c.name}'`).toBeDefined();
    for (const [cmd, lines] of Object.entries(BASES)) {
      for (const line of lines) {
        const r = await runCase([cmd, ...line]);
        expect(r.code, `${cmd} ${line.join(' ')}: ${r.err.join('\n')}`).toBe(cmd === 'lab' ? 0 : 0);
      }
    }
  });

  it('random and damaged command lines: exit 0, 1 or 2 with one-line errors, never 70, in bounded time', async () => {
    const names = main.COMMANDS.map((c: Command) => c.name);
    const codes: Record<string, number> = {};
    const byCommand: Record<string, number> = {};
    const msByCommand: Record<string, number> = {};
    const interrupted: string[] = [];
    const tally = await fuzzAsync(
      'cli-args',
      argvFor(names),
      async (argv, t) => {
        // The case in progress, on disk: if a case ever takes the process down, this names it.
        writeFileSync(join(FUZZ_OUTPUT, 'cli-args.current.json'), JSON.stringify(argv));
        const r = await runCase(argv);
        const where = JSON.stringify(argv);
        codes[String(r.code)] = (codes[String(r.code)] ?? 0) + 1;
        byCommand[argv[0] ?? '(none)'] = (byCommand[argv[0] ?? '(none)'] ?? 0) + 1;
        msByCommand[argv[0] ?? '(none)'] = (msByCommand[argv[0] ?? '(none)'] ?? 0) + r.ms;
        if (r.interrupted) interrupted.push(argv.join(' '));
        const said = r.err.join('\n');
        expect(said, where).not.toContain('internal error');
        expect(said, where).not.toMatch(/\n\s+at .*:\d+:\d+/);
        expect([0, 1, 2, ...(r.interrupted ? [130] : [])], `${where} → ${r.code}: ${said.slice(0, 400)}`).toContain(r.code);
        if (argv.length === 0) {
          // No command: the list of commands, and the usage status.
          expect(r.out.join('\n')).toContain('Usage: linclass <command>');
          t.refuseAs('exit 2 (no command)');
        } else if (r.code === 1 || r.code === 2) {
          const errors = r.err.filter((l) => l.startsWith('linclass: '));
          // gradcheck's verdict is its output: a failed check exits 1 with the report, not an error line.
          const verdict = argv[0] === 'gradcheck' && r.code === 1 && /FAILED|"passed":false/.test(r.out.join('\n'));
          expect(errors.length > 0 || verdict, `${where}: exit ${r.code} without a 'linclass: …' line: ${said.slice(0, 400)}`).toBe(true);
          for (const e of errors) expect(e.includes('\n'), `${where}: a multi-line error: ${e.slice(0, 300)}`).toBe(false);
          t.refuseAs(`exit ${r.code}`);
        } else {
          t.accept();
        }
      },
      undefined,
      30_000,
    );
    const seconds = Object.fromEntries(Object.entries(msByCommand).map(([k, v]) => [k, Math.round(v) / 1000]));
    report('cli-args', tally, undefined, 0.05, { exitCodes: codes, byCommand, secondsByCommand: seconds, interruptedByWatchdog: interrupted.length, interruptedExamples: interrupted.slice(0, 10) });
  }, Math.max(900_000, RUNS * 60));
});
