/**
 * Fuzz target (test/fuzz/runner.ts): the lab server's request paths. Raw HTTP requests — any method, Host
 * header and request target, written byte for byte on a socket so nothing normalises them first — against
 * a running startLabServer on 127.0.0.1, over a root that has hidden files and symlinks leading out of it and
 * a secret file beside it. Every request must be answered in bounded time with a status below 500, and
 * nothing outside the root (or the four MNIST files) may ever be served.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_FILES, MNIST_PREFIX, startLabServer, type LabServer } from '../../src/lab/server.js';
import { fuzzAsync, report, scratchDir } from './runner.js';

const SECRETS = ['SECRET-7f3a', 'HIDDEN-dot-file', 'MNIST-NOT-LISTED'];
const scratch = scratchDir('linclass-fuzz-lab-');

/** Files the server may serve, by content. */
const servable = new Set<string>();

function file(path: string, content: string, allowed: boolean): void {
  writeFileSync(path, content);
  if (allowed) servable.add(content);
}

let server: LabServer;

beforeAll(async () => {
  const root = join(scratch.dir, 'www');
  const secret = join(scratch.dir, 'secret');
  const mnist = join(scratch.dir, 'mnist');
  for (const d of [root, join(root, 'sub'), join(root, 'assets'), join(root, 'empty'), join(root, 'sp ace'), secret, mnist]) mkdirSync(d, { recursive: true });
  file(join(root, 'index.html'), 'root index', true);
  file(join(root, 'app.js'), 'app script', true);
  file(join(root, 'sub', 'index.html'), 'sub index', true);
  file(join(root, 'sub', 'page.html'), 'sub page', true);
  file(join(root, 'assets', 'x-1a2b.js'), 'asset', true);
  file(join(root, 'sp ace', 'ü.txt'), 'unicode', true);
  file(join(root, '.hidden'), SECRETS[1]!, false);
  file(join(secret, 'secret.txt'), SECRETS[0]!, false);
  symlinkSync(join(secret, 'secret.txt'), join(root, 'link-out.txt'));
  symlinkSync(secret, join(root, 'link-dir'));
  symlinkSync(join(root, 'app.js'), join(root, 'link-in.js'));
  for (const name of MNIST_FILES) file(join(mnist, name), `mnist ${name}`, true);
  file(join(mnist, 'other-file'), SECRETS[2]!, false);
  server = await startLabServer({ port: 0, root, mnistDir: mnist });
});

afterAll(async () => {
  await server?.close();
  scratch.cleanup();
});

interface Answer {
  readonly status: number | null;
  readonly body: string;
  readonly raw: string;
}

/** Writes one request as raw bytes and reads the whole answer (the server closes the connection). */
function request(port: number, head: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within 5 s to ${JSON.stringify(head.slice(0, 200))}`));
    }, 5000);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => {
      // a reset after a refused request: the answer so far stands
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(raw);
      const split = raw.indexOf('\r\n\r\n');
      resolve({ status: m ? Number(m[1]) : null, body: split < 0 ? '' : raw.slice(split + 4), raw });
    });
    socket.write(Buffer.from(head, 'latin1'));
  });
}

const SEGMENTS = [
  '', '.', '..', '...', '%2e', '%2E%2e', '.%2e', '%2e%2e%2f', '..%2f', '%2f', '%2F', '%5c', '%5C', '\\', '..\\', '%00', '%', '%zz', '%e0%a4%a',
  'index.html', 'INDEX.HTML', 'sub', 'page.html', 'app.js', 'assets', 'x-1a2b.js', 'empty', 'sp ace', 'sp%20ace', '%C3%BC.txt', 'ü.txt',
  '.hidden', '%2ehidden', 'link-out.txt', 'link-dir', 'secret.txt', 'link-in.js', 'secret', 'www', 'mnist', 'data',
  ...MNIST_FILES, 'other-file', '..%2fother-file', '?', '#', ';', '?x=../..', '#/../..', ':', '@', '~', '*', 'a'.repeat(300), '\u0000', '\r\n', ' ',
];

const target = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom('/', '//', '', '/data/mnist/', MNIST_PREFIX + '../'), fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 6 }), fc.boolean()).map(([start, segs, slash]) => start + segs.join('/') + (slash ? '/' : '')) },
  { weight: 1, arbitrary: fc.constantFrom('*', 'http://127.0.0.1/index.html', 'http://evil.example/../secret', '/%2e%2e/secret/secret.txt', '/link-dir/secret.txt', '/data/mnist/../../secret/secret.txt') },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => `/${s}`) },
);

const method = fc.oneof({ weight: 8, arbitrary: fc.constant('GET') }, { weight: 2, arbitrary: fc.constantFrom('HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'get', 'G ET', '') });

describe('fuzz: the lab server’s request paths (seeded)', () => {
  it('serves files under the root and the MNIST files only; never 5xx; always answers', async () => {
    const host = fc.oneof(
      { weight: 8, arbitrary: fc.constant(`127.0.0.1:${server.port}`) },
      { weight: 2, arbitrary: fc.constantFrom('localhost', '[::1]', 'evil.example', '', null, '127.0.0.1:1:2', '127.0.0.1\r\nX: y') },
    );
    const statuses: Record<string, number> = {};
    const tally = await fuzzAsync('lab-paths', fc.record({ method, target, host }), async ({ method: m, target: t, host: h }, tally) => {
      const head = `${m} ${t} HTTP/1.1\r\n${h === null ? '' : `Host: ${h}\r\n`}Connection: close\r\n\r\n`;
      const a = await request(server.port, head);
      const key = a.status === null ? 'closed' : String(a.status);
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (a.status !== null) expect(a.status, head).toBeLessThan(500);
      for (const s of SECRETS) expect(a.raw.includes(s), `${s} leaked by ${JSON.stringify(head)}`).toBe(false);
      if (a.status === 200 && m === 'GET') expect(servable.has(a.body), `served something unknown for ${JSON.stringify(head)}: ${a.body.slice(0, 80)}`).toBe(true);
      if (a.status !== null && a.status < 400) tally.accept();
      else tally.refuseAs(a.status === null ? 'connection closed' : `HTTP ${a.status}`);
    });
    report('lab-paths', tally, undefined, 0.01, { statuses });
    expect(statuses['200']).toBeGreaterThan(50);
  });
});
