/**
 * Browser tests drive Debian's chromium through playwright-core against the built lab, served by the real
 * lab server. Where no chromium exists the suites are skipped, loudly: the reason is printed and is the
 * suite's name. CI installs chromium (`apt-get install -y chromium`) and sets LINCLASS_REQUIRE_BROWSER=1, which
 * turns a missing browser into a failure.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { startLabServer, type LabServer } from '../../src/lab/server.js';

export const CHROMIUM = process.env['LINCLASS_CHROMIUM'] ?? '/usr/bin/chromium';
export const LAB_ROOT = fileURLToPath(new URL('../../dist/lab/www/', import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

/** Why the browser tests cannot run here, or null when they can. */
export function skipReason(): string | null {
  if (!existsSync(CHROMIUM)) {
    return `no chromium at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set LINCLASS_CHROMIUM`;
  }
  if (!existsSync(join(LAB_ROOT, 'index.html'))) return `the lab is not built (${LAB_ROOT}): run npm run build`;
  return null;
}

const reason = skipReason();
if (reason && process.env['LINCLASS_REQUIRE_BROWSER'] === '1') {
  // CI sets this after installing chromium: a missing browser there is a failure, not a skip.
  throw new Error(`LINCLASS_REQUIRE_BROWSER=1 but the browser tests cannot run: ${reason}`);
}
if (reason) process.stderr.write(`\n!!! BROWSER TESTS SKIPPED: ${reason}\n\n`);
export const SKIP_REASON = reason;

export interface Lab {
  readonly server: LabServer;
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** Console errors, page errors and failed requests seen so far, across pages. */
  readonly problems: string[];
  open(path: string, viewport?: { width: number; height: number }): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startLab(): Promise<Lab> {
  const server = await startLabServer({ port: 0, root: LAB_ROOT });
  const profile = mkdtempSync(join(tmpdir(), 'linclass-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
    // Playwright gives a non-persistent browser a fresh profile; the directory we make holds its downloads
    // and crash dumps so nothing lands in the user's home.
    downloadsPath: profile,
    env: { ...process.env, HOME: profile },
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const problems: string[] = [];
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    server,
    browser,
    context,
    problems,
    async open(path, viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      page.on('console', (m: ConsoleMessage) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${path}: console.${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`${path}: page error: ${err.message}`));
      page.on('requestfailed', (r) => problems.push(`${path}: request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`${path}: HTTP ${r.status()} for ${r.url()}`);
      });
      await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
      return page;
    },
    async screenshot(page, name) {
      const file = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      await browser.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
