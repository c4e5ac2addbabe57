import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SKIP_REASON, startLab, type Lab } from './harness.js';

/** Distinct colours in a canvas: a blank template has one, a learned one many. */
async function distinctColours(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((canvas: HTMLCanvasElement) => {
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4) seen.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
    return seen.size;
  });
}

describe.skipIf(SKIP_REASON !== null)('images page in chromium', () => {
  let lab: Lab;
  let page: Page;

  beforeAll(async () => {
    lab = await startLab();
    page = await lab.open('/images/');
    await page.waitForSelector('#status[data-state="loaded"]', { timeout: 60_000 });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('loads MNIST from the lab server and says which kernels run', async () => {
    expect(await page.locator('#status').innerText()).toContain('60000 training and 10000 test images');
    expect(await page.locator('#kernels').innerText()).toMatch(/^Kernels: (ref|wasm|wasm-threads) \(/);
  });

  it('trains one epoch on 10 000 images in the worker and reaches more than 80% test accuracy', async () => {
    await page.fill('#train-size', '10000');
    await page.fill('#test-size', '2000');
    await page.fill('#epochs', '1');
    await page.click('#train');
    await page.waitForSelector('#status[data-state="done"]', { timeout: 120_000 });
    const acc = Number(await page.locator('#test-accuracy').getAttribute('data-value'));
    expect(acc).toBeGreaterThan(0.8);
    expect(await page.locator('#test-accuracy').innerText()).toMatch(/^\d+\.\d%$/);
    // The confusion matrix holds the 2000 test images; its diagonal is the accuracy.
    const counts = await page.locator('[data-testid="confusion"] tbody tr').evaluateAll((rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => Number(td.textContent || '0'))),
    );
    expect(counts).toHaveLength(10);
    expect(counts.flat().reduce((a, b) => a + b, 0)).toBe(2000);
    expect(counts.reduce((a, row, i) => a + row[i]!, 0) / 2000).toBeCloseTo(acc, 10);
    for (let c = 0; c < 10; c++) expect(await distinctColours(page, `canvas.template[data-class="${c}"]`)).toBeGreaterThan(50);
  });

  it('classifies a drawn digit after MNIST-style preprocessing', async () => {
    await page.locator('#draw').scrollIntoViewIfNeeded();
    const box = (await page.locator('#draw').boundingBox())!;
    // A vertical stroke: a "1".
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.85, { steps: 12 });
    await page.mouse.up();
    await page.waitForSelector('[data-testid="predicted"]');
    expect(await page.locator('[data-testid="predicted"]').innerText()).toBe('1');
    expect(await distinctColours(page, '#preview')).toBeGreaterThan(2);
    await lab.screenshot(page, 'images');
  });

  it('runs kNN on a subset for comparison', async () => {
    await page.fill('#knn-train-size', '2000');
    await page.fill('#knn-test-size', '200');
    await page.click('#knn-run');
    await page.waitForSelector('#knn-accuracy', { timeout: 120_000 });
    expect(Number(await page.locator('#knn-accuracy').getAttribute('data-value'))).toBeGreaterThan(0.8);
    await lab.screenshot(page, 'images-knn');
  });

  it('stays responsive while training and stops on request', async () => {
    await page.fill('#train-size', '60000');
    await page.fill('#epochs', '5');
    await page.click('#train');
    await page.waitForFunction(() => Number((document.querySelector('#progress') as HTMLProgressElement).value) > 0, undefined, { timeout: 60_000 });
    // The main thread answers while the worker trains: a frame comes within a second.
    const frame = await page.evaluate(
      () => new Promise<number>((resolve) => {
        const t0 = performance.now();
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }),
    );
    expect(frame).toBeLessThan(1000);
    await page.click('#stop');
    await page.waitForSelector('#status[data-state="done"]', { timeout: 60_000 });
    expect(await page.locator('#status').innerText()).toContain('aborted');
    expect(lab.problems).toEqual([]);
  });
});

// Where the suite cannot run, say why in the report (the harness also prints it to stderr).
if (SKIP_REASON !== null) {
  describe.skip(`images page in chromium: SKIPPED, ${SKIP_REASON}`, () => {
    it('needs chromium and the built lab', () => {});
  });
}
