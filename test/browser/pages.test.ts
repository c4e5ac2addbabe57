import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_REASON, startLab, type Lab } from './harness.js';

describe.skipIf(SKIP_REASON !== null)('every lab page in chromium', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(async () => {
    await lab?.close();
  });

  it.each(['/', '/playground/', '/walkthrough/', '/walkthrough/?lang=fa', '/images/'])('%s loads cross-origin isolated, with no console errors', async (path) => {
    const page = await lab.open(path);
    await page.waitForLoadState('networkidle');
    // COOP + COEP from the server make the page cross-origin isolated: SharedArrayBuffer exists for threads.
    expect(await page.evaluate(() => [crossOriginIsolated, typeof SharedArrayBuffer])).toEqual([true, 'function']);
    expect(await page.locator('header.site nav a').count()).toBe(3);
    if (path === '/') await lab.screenshot(page, 'home');
    expect(lab.problems).toEqual([]);
  });

  it('links between the pages', async () => {
    const page = await lab.open('/');
    await page.click('a.card[href="/walkthrough/"]');
    await page.waitForSelector('[data-testid="svm-mean"]');
    await page.click('header.site nav a[href="/playground/"]');
    await page.waitForSelector('#total-loss');
    expect(new URL(page.url()).pathname).toBe('/playground/');
    expect(lab.problems).toEqual([]);
  });
});

// Where the suite cannot run, say why in the report (the harness also prints it to stderr).
if (SKIP_REASON !== null) {
  describe.skip(`lab pages in chromium: SKIPPED, ${SKIP_REASON}`, () => {
    it('needs chromium and the built lab', () => {});
  });
}
