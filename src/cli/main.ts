#!/usr/bin/env node
/** The `linclass` command: dispatches to one command module and turns errors into one line and an exit code. */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LinclassError } from '../errors.js';
import type { Command, Io } from './commands/command.js';
import { explainCommand } from './commands/explain.js';
import { benchCommand } from './commands/bench.js';
import { compareCommand } from './commands/compare.js';
import { evalCommand } from './commands/eval.js';
import { gradcheckCommand } from './commands/gradcheck.js';
import { knnCommand } from './commands/knn.js';
import { labCommand } from './commands/lab.js';
import { predictCommand } from './commands/predict.js';
import { searchCommand } from './commands/search.js';
import { trainCommand } from './commands/train.js';
import { EXIT_USAGE, exitCodeFor, UsageError } from './usage.js';

export const COMMANDS: readonly Command[] = [trainCommand, evalCommand, predictCommand, knnCommand, searchCommand, explainCommand, gradcheckCommand, labCommand, compareCommand, benchCommand];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'linclass: linear classifiers (SVM, softmax) and k-nearest neighbours, after CS231n lecture 3',
    '',
    'Usage: linclass <command> [options]      linclass <command> --help',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-v') {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    io.out(pkg.version);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command '${name}'; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof LinclassError) {
      io.err(`linclass: ${err.message}`);
      if (process.env['LINCLASS_DEBUG'] === '1' && err.stack) io.err(err.stack);
      return exitCodeFor(err);
    }
    // Not a failure we anticipated: say so, with the stack, since this is a bug to report.
    io.err(`linclass: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 70;
  }
}

const stdio: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  run(process.argv.slice(2), stdio).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`linclass: internal error: ${String(err)}\n`);
      process.exitCode = 70;
    },
  );
}
