import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { refKernels } from '../../src/kernels/ref/index.js';
import { LOSS_NAMES, type LossName } from '../../src/losses/index.js';
import { l2 } from '../../src/regularizers/index.js';
import { fromRows, zeros } from '../../src/tensor/matrix.js';
import { SKIP_REASON, startLab, type Lab } from './harness.js';

/** The CS231n demo's defaults, written out here so the test does not lean on the page's own module. */
const POINTS = [[0.5, 0.4], [0.8, 0.3], [0.3, 0.8], [-0.4, 0.3], [-0.3, 0.7], [-0.7, 0.2], [0.7, -0.4], [0.5, -0.6], [-0.4, -0.5]];
const LABELS = Int32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]);
const W = fromRows([[1, 2], [2, -4], [3, -1]], 'float64');
const B = Float64Array.from([0, 0.5, -0.5]);

function libraryLosses(loss: LossName): { data: number; reg: number; total: number; perExample: Float64Array } {
  const X = fromRows(POINTS, 'float64');
  const S = zeros(9, 3, 'float64');
  refKernels.linearScores(X, W, B, S);
  const perExample = new Float64Array(9);
  const data = refKernels.loss({ name: loss }, S, LABELS, null, perExample) / 9;
  const reg = l2(0.1).penalty(W.data);
  return { data, reg, total: data + reg, perExample };
}

const text = (page: Page, selector: string) => page.locator(selector).first().innerText();
const value = async (page: Page, selector: string) => Number(await page.locator(selector).first().getAttribute('data-value'));

describe.skipIf(SKIP_REASON !== null)('playground in chromium', () => {
  let lab: Lab;
  let page: Page;

  beforeAll(async () => {
    lab = await startLab();
    page = await lab.open('/playground/');
    await page.waitForSelector('[data-testid="point-row-8"]');
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('loads without console errors and shows the issue numbers for Weston–Watkins at the defaults', async () => {
    expect(await text(page, '#data-loss')).toBe('2.77');
    expect(await text(page, '#reg-loss')).toBe('3.50');
    expect(await text(page, '#total-loss')).toBe('6.27');
    expect(await text(page, '[data-testid="mean-li"]')).toBe('2.77');
    await lab.screenshot(page, 'playground');
    expect(lab.problems).toEqual([]);
  });

  it('shows the library’s values for every loss', async () => {
    for (const loss of LOSS_NAMES) {
      await page.selectOption('#loss-select', loss);
      const want = libraryLosses(loss);
      expect(await value(page, '#data-loss'), loss).toBeCloseTo(want.data, 12);
      expect(await text(page, '#data-loss'), loss).toBe(want.data.toFixed(2));
      expect(await text(page, '#reg-loss'), loss).toBe('3.50');
      expect(await text(page, '#total-loss'), loss).toBe(want.total.toFixed(2));
      for (let i = 0; i < 9; i++) {
        expect(await value(page, `[data-testid="point-row-${i}"] .li`), `${loss} L_${i}`).toBeCloseTo(want.perExample[i]!, 12);
      }
    }
    await page.selectOption('#loss-select', 'ww');
    expect(await text(page, '#total-loss')).toBe('6.27');
  });

  it('lowers the total loss with one step', async () => {
    const before = await value(page, '#total-loss');
    await page.click('[data-testid="step"]');
    const after = await value(page, '#total-loss');
    expect(after).toBeLessThan(before);
    await page.click('#reset');
    expect(await text(page, '#total-loss')).toBe('6.27');
  });

  it('changes a parameter with its ± buttons and the regularization with the bias toggle and the λ slider', async () => {
    await page.click('button[aria-label="increase W[0][0]"]');
    expect(await page.locator('tr[data-param="W00"] input').inputValue()).toBe('1.1');
    // λΣW² with W[0][0] = 1.1: 0.1·(1.21 + 4 + 4 + 16 + 9 + 1) = 3.521.
    expect(await value(page, '#reg-loss')).toBeCloseTo(3.521, 12);
    await page.click('button[aria-label="decrease W[0][0]"]');
    expect(await text(page, '#reg-loss')).toBe('3.50');
    await page.check('#bias-reg');
    // + 0.1·(0² + 0.5² + 0.5²) = 0.05.
    expect(await text(page, '#reg-loss')).toBe('3.55');
    await page.uncheck('#bias-reg');
    await page.locator('#lambda-slider').fill('-5');
    expect(await text(page, '#lambda-value')).toBe('λ = 0');
    expect(await text(page, '#reg-loss')).toBe('0.00');
    await page.locator('#lambda-slider').fill('-1');
    expect(await text(page, '#total-loss')).toBe('6.27');
  });

  it('runs and stops, lowering the loss as it goes', async () => {
    const before = await value(page, '#total-loss');
    await page.click('[data-testid="run"]');
    await page.waitForFunction(() => !(document.querySelector('.steps')?.textContent ?? '').startsWith('0 steps'));
    await page.waitForTimeout(300);
    await page.click('[data-testid="run"]');
    expect(await page.locator('[data-testid="run"]').innerText()).toBe('Run');
    expect(await value(page, '#total-loss')).toBeLessThan(before);
    await page.click('#reset');
  });

  it('moves a point by dragging it, and its row follows', async () => {
    const row = '[data-testid="point-row-0"]';
    const before = { x: await text(page, `${row} .x`), y: await text(page, `${row} .y`), li: await text(page, `${row} .li`) };
    expect(before).toEqual({ x: '0.50', y: '0.40', li: '0.30' });
    const box = (await page.locator('#plane').boundingBox())!;
    const min = Number(await page.locator('#plane').getAttribute('data-view-min'));
    const max = Number(await page.locator('#plane').getAttribute('data-view-max'));
    const px = (x: number) => box.x + ((x - min) / (max - min)) * box.width;
    const py = (y: number) => box.y + ((max - y) / (max - min)) * box.height;
    await page.mouse.move(px(0.5), py(0.4));
    await page.mouse.down();
    await page.mouse.move(px(0.0), py(-1.0), { steps: 8 });
    await page.mouse.up();
    const after = { x: await text(page, `${row} .x`), y: await text(page, `${row} .y`), li: await text(page, `${row} .li`) };
    expect(Number(after.x)).toBeCloseTo(0, 1);
    // y points up: dragging down the screen makes x₂ negative.
    expect(Number(after.y.replace('−', '-'))).toBeCloseTo(-1, 1);
    expect(after.li).not.toBe(before.li);
    await lab.screenshot(page, 'playground-dragged');
  });

  it('adds a point with a click and deletes it with its row button', async () => {
    const rows = page.locator('[data-testid^="point-row-"]');
    const n = await rows.count();
    const box = (await page.locator('#plane').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.1, box.y + box.height * 0.1);
    expect(await rows.count()).toBe(n + 1);
    await page.click(`[data-testid="point-row-${n}"] button[aria-label="delete point ${n}"]`);
    expect(await rows.count()).toBe(n);
  });

  it('loads the XOR preset, where no linear model reaches zero loss', async () => {
    await page.selectOption('#preset-select', 'xor');
    expect(await page.locator('[data-testid^="point-row-"]').count()).toBe(8);
    await lab.screenshot(page, 'playground-xor');
  });

  it('draws the kNN regions for k = 5 and L1 without errors', async () => {
    await page.selectOption('#preset-select', 'cs231n');
    await page.selectOption('#mode-select', 'knn');
    await page.selectOption('#k-select', '5');
    await page.selectOption('#metric-select', 'l1');
    expect(await page.locator('#knn-note').innerText()).toContain('5-nearest-neighbour');
    await lab.screenshot(page, 'playground-knn');
    expect(lab.problems).toEqual([]);
  });
});

// Where the suite cannot run, say why in the report (the harness also prints it to stderr).
if (SKIP_REASON !== null) {
  describe.skip(`playground in chromium: SKIPPED, ${SKIP_REASON}`, () => {
    it('needs chromium and the built lab', () => {});
  });
}
