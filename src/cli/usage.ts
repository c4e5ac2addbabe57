/**
 * The CLI's error contract: a user error prints one line (what is wrong and how to fix it) and exits 2 for
 * usage (bad flag, bad number, unknown name) or 1 for a runtime failure (missing or corrupt file, diverged
 * run). No stack trace reaches a user unless LINCLASS_DEBUG=1 is set.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LinclassError } from '../errors.js';

export class UsageError extends LinclassError {
  constructor(message: string) {
    super('E_USAGE', message);
  }
}

export const EXIT_USAGE = 2;
export const EXIT_RUNTIME = 1;

/** The exit code for an error: 2 when the user's input was wrong, 1 when the run failed. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof LinclassError) {
    switch (err.code) {
      case 'E_USAGE':
      case 'E_ARGUMENT':
      case 'E_SHAPE':
      case 'E_NON_FINITE':
        return EXIT_USAGE;
      default:
        return EXIT_RUNTIME;
    }
  }
  return EXIT_RUNTIME;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** util.parseArgs in strict mode, with its errors turned into one-line usage errors naming the command. */
export type ParsedFlags<T extends Options> = ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: false }>>;

export function parseFlags<T extends Options>(command: string, argv: readonly string[], options: T): ParsedFlags<T> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new UsageError(`${command}: ${tidyParseError(msg)} (see 'linclass ${command} --help')`);
  }
}

function tidyParseError(msg: string): string {
  // Node's messages are long and mention "To specify an option argument starting with a dash use…".
  const ambiguous = /Option '(--[\w-]+)[^']*' argument is ambiguous/.exec(msg);
  if (ambiguous) return `${ambiguous[1]} needs a value; for a value that starts with '-', write ${ambiguous[1]}=-1.7,…`;
  return msg.split('\n')[0]!.replace(/\.$/, '');
}

/** A finite number from a flag's text, or a usage error naming the flag. */
export function parseNumber(text: string, flag: string): number {
  const t = text.trim();
  const v = t === '' ? NaN : Number(t.replace(/^−/, '-'));
  if (!Number.isFinite(v)) throw new UsageError(`${flag}: '${text}' is not a finite number`);
  return v;
}

/** A whole number ≥ min from a flag's text. */
export function parseInteger(text: string, flag: string, min: number): number {
  const v = parseNumber(text, flag);
  if (!Number.isInteger(v) || v < min) throw new UsageError(`${flag}: '${text}' must be a whole number ≥ ${min}`);
  if (!Number.isSafeInteger(v)) throw new UsageError(`${flag}: '${text}' is too large (at most ${Number.MAX_SAFE_INTEGER})`);
  return v;
}

/** "3.2,5.1,-1.7" → [3.2, 5.1, -1.7]; the error names the flag and the position of the bad value. */
export function parseNumberList(text: string, flag: string): number[] {
  const parts = text.split(',');
  return parts.map((p, i) => {
    const t = p.trim();
    const v = t === '' ? NaN : Number(t.replace(/^−/, '-'));
    if (!Number.isFinite(v)) {
      throw new UsageError(`${flag}: value ${i + 1} of ${parts.length}, '${p}', is not a finite number (write numbers separated by commas, e.g. 3.2,5.1,-1.7)`);
    }
    return v;
  });
}

/** "1,2;3,4" → [[1, 2], [3, 4]]: rows separated by ';', values by ','. */
export function parseNumberRows(text: string, flag: string): number[][] {
  const rows = text.split(';').filter((r, i, all) => !(r.trim() === '' && i === all.length - 1));
  if (rows.length === 0) throw new UsageError(`${flag}: no values; write numbers separated by commas (rows by ';'), e.g. 3.2,5.1,-1.7`);
  const out = rows.map((r, i) => parseNumberList(r, rows.length > 1 ? `${flag} row ${i + 1}` : flag));
  const width = out[0]?.length ?? 0;
  out.forEach((r, i) => {
    if (r.length !== width) throw new UsageError(`${flag}: row ${i + 1} has ${r.length} values, row 1 has ${width}`);
  });
  return out;
}

/** One of a fixed set of words, or a usage error listing them. */
export function parseChoice<T extends string>(text: string, flag: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`${flag}: '${text}' is not one of ${choices.join(', ')}`);
}

/** The flag names written in argv (`--lr 0.1` and `--lr=0.1` both give 'lr'; `-h` gives 'help'). */
export function givenFlags(argv: readonly string[]): string[] {
  return argv.filter((a) => a.startsWith('-')).map((a) => (a === '-h' ? 'help' : a.replace(/^--?/, '').split('=')[0]!));
}
