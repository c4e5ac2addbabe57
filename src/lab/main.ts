/**
 * `node dist/lab/main.js [--port P] [--host H]`: starts the lab server and prints its address (what
 * `npm run lab` runs after building). The CLI's `linclass lab` calls startLabServer the same way.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ArgumentError, LinclassError } from '../errors.js';
import { DEFAULT_LAB_PORT, startLabServer, type LabServerOptions } from './server.js';

/** Parses --port P, --host H, --root DIR (and --flag=value). */
export function parseLabArgs(argv: readonly string[]): LabServerOptions {
  let port = DEFAULT_LAB_PORT;
  let host = '127.0.0.1';
  let root: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new ArgumentError(flag, 'needs a value');
      return v;
    };
    switch (flag) {
      case '--port': {
        const v = value();
        port = Number(v);
        if (!/^\d+$/.test(v) || port > 65535) throw new ArgumentError('--port', `must be a whole number in 0..65535, got '${v}'`);
        break;
      }
      case '--host':
        host = value();
        break;
      case '--root':
        root = value();
        break;
      default:
        throw new ArgumentError(flag, 'unknown option; expected --port P, --host H or --root DIR');
    }
  }
  return root === undefined ? { port, host } : { port, host, root };
}

/** Parse the arguments, start the server, print its URL, and stop it on SIGINT/SIGTERM. */
export async function runLabMain(argv: readonly string[]): Promise<void> {
  const options = parseLabArgs(argv);
  const server = await startLabServer(options);
  process.stdout.write(`linclass lab: ${server.url}  (playground, walkthrough, images; Ctrl-C stops)\n`);
  if (options.host !== '127.0.0.1' && options.host !== 'localhost') {
    process.stdout.write(`note: bound to ${options.host ?? ''}, so other machines on the network can reach it\n`);
  }
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

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
  runLabMain(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`linclass lab: ${err instanceof LinclassError ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
