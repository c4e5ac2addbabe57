/** `linclass lab`: serve the web lab (playground, walkthrough, images) on this machine. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { IoError } from '../../errors.js';
import { DEFAULT_LAB_PORT, defaultLabRoot, startLabServer } from '../../lab/server.js';
import { parseFlags, parseInteger, UsageError } from '../usage.js';
import type { Command, Io } from './command.js';

const HELP = `linclass lab: serve the interactive lab in your browser

Usage: linclass lab [--port ${DEFAULT_LAB_PORT}] [--host 127.0.0.1]

Pages: the playground (a linear classifier in the plane, every loss, gradient steps, kNN regions), the
lecture's walkthrough in English and Persian, and MNIST training in the browser.

Options:
  --port P      port to listen on (default ${DEFAULT_LAB_PORT}; 0 picks a free one)
  --host H      address to bind (default 127.0.0.1, this machine only; 0.0.0.0 opens it to your network)
  -h, --help    this help

The server sends only the built lab and the MNIST files, with COOP/COEP headers so the images page can use
threads. Ctrl-C stops it.`;

export const labCommand: Command = {
  name: 'lab',
  summary: 'serve the interactive lab (playground, bilingual walkthrough, MNIST in the browser)',
  help: HELP,
  async run(argv: readonly string[], io: Io): Promise<number> {
    const { values } = parseFlags('lab', argv, {
      port: { type: 'string', default: String(DEFAULT_LAB_PORT) },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const port = parseInteger(values.port, '--port', 0);
    if (port > 65535) throw new UsageError(`--port: ${port} is not a port (0..65535)`);
    const root = defaultLabRoot();
    if (!existsSync(join(root, 'index.html'))) {
      throw new IoError(root, "the lab is not built here: run 'npm run build' (or 'npm run lab', which builds it first)");
    }
    const server = await startLabServer({ port, host: values.host });
    io.out(`linclass lab: ${server.url}  (playground, walkthrough, images; Ctrl-C stops)`);
    if (values.host !== '127.0.0.1' && values.host !== 'localhost' && values.host !== '::1') {
      io.out(`note: bound to ${values.host}, so other machines on the network can reach it`);
    }
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await server.close();
    return 0;
  },
};
