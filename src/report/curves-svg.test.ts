import { describe, expect, it } from 'vitest';
import { byClass, elements, parseXml, texts } from '../../test/helpers/xml.js';
import { curvesSvg, type HistoryRecord } from './curves-svg.js';

const history: HistoryRecord[] = [1, 2, 3, 4, 5].map((e) => ({
  epoch: e,
  step: e * 100,
  dataLoss: 2 / e,
  regLoss: 0.1,
  totalLoss: 2 / e + 0.1,
  trainAccuracy: 0.5 + e / 20,
  valAccuracy: 0.45 + e / 20,
}));

function points(el: { getAttribute(n: string): string | null }): [number, number][] {
  return (el.getAttribute('points') ?? '')
    .trim()
    .split(/\s+/)
    .map((p) => p.split(',').map(Number) as [number, number]);
}

describe('curvesSvg', () => {
  it('is a standalone SVG with two panels, five series, axes, ticks and a legend', () => {
    const doc = parseXml(curvesSvg(history, { title: 'softmax · MNIST' }));
    const svg = doc.documentElement!;
    expect(svg.tagName).toBe('svg');
    expect(svg.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect([svg.getAttribute('width'), svg.getAttribute('height'), svg.getAttribute('viewBox')]).toEqual(['960', '380', '0 0 960 380']);
    expect(byClass(doc, 'g', 'panel')).toHaveLength(2);
    for (const key of ['dataLoss', 'regLoss', 'totalLoss', 'trainAccuracy', 'valAccuracy']) {
      const [g] = byClass(doc, 'g', key);
      expect(elements(g!, 'polyline'), key).toHaveLength(1);
      expect(points(elements(g!, 'polyline')[0]!), key).toHaveLength(5);
    }
    const legend = texts(byClass(doc, 'g', 'legend').flatMap((g) => elements(g, 'text')));
    expect(legend).toEqual(['regularization λR(W)', 'data loss', 'total', 'validation', 'train']);
    expect(texts(byClass(doc, 'text', 'x-label'))).toEqual(['epoch', 'epoch']);
    expect(texts(byClass(doc, 'text', 'y-label'))).toEqual(['loss', 'accuracy']);
    const accTicks = texts(elements(byClass(doc, 'g', 'y-ticks')[1]!, 'text'));
    expect(accTicks.every((t) => /^\d+%$/.test(t))).toBe(true);
    expect(texts(elements(byClass(doc, 'g', 'x-ticks')[0]!, 'text'))).toEqual(['1', '2', '3', '4', '5']);
    expect(doc.getElementsByTagName('title')[0]!.textContent).toBe('softmax · MNIST');
  });

  it('puts larger values higher: the falling loss goes down the picture, left to right', () => {
    const doc = parseXml(curvesSvg(history));
    const pts = points(elements(byClass(doc, 'g', 'dataLoss')[0]!, 'polyline')[0]!);
    for (let i = 1; i < pts.length; i++) {
      expect(pts[i]![0]).toBeGreaterThan(pts[i - 1]![0]);
      expect(pts[i]![1]).toBeGreaterThan(pts[i - 1]![1]); // SVG y grows downwards
    }
  });

  it('a NaN breaks the line into pieces; an isolated point is a dot; a missing value is skipped', () => {
    const h = history.map((r, i) => ({ ...r, dataLoss: i === 2 ? NaN : r.dataLoss, valAccuracy: i === 1 || i === 3 ? Infinity : r.valAccuracy }));
    const doc = parseXml(curvesSvg(h));
    const data = byClass(doc, 'g', 'dataLoss')[0]!;
    expect(elements(data, 'polyline').map((p) => points(p).length)).toEqual([2, 2]);
    const val = byClass(doc, 'g', 'valAccuracy')[0]!;
    expect(elements(val, 'polyline')).toHaveLength(0);
    expect(elements(val, 'circle')).toHaveLength(3); // epochs 1, 3, 5 stand alone
    // Accuracy measured once per epoch among per-step records still makes one line.
    const sparse = history.map((r, i) => ({ ...r, trainAccuracy: i % 2 === 0 ? r.trainAccuracy : null, valAccuracy: undefined }));
    const doc2 = parseXml(curvesSvg(sparse));
    expect(elements(byClass(doc2, 'g', 'trainAccuracy')[0]!, 'polyline').map((p) => points(p).length)).toEqual([3]);
    expect(elements(byClass(doc2, 'g', 'valAccuracy')[0]!, 'circle')).toHaveLength(0);
  });

  it('a single record is drawn as dots on a widened axis', () => {
    const doc = parseXml(curvesSvg([{ epoch: 1, dataLoss: 0.5, trainAccuracy: 0.8 }]));
    expect(elements(byClass(doc, 'g', 'dataLoss')[0]!, 'circle')).toHaveLength(1);
    expect(elements(byClass(doc, 'g', 'trainAccuracy')[0]!, 'circle')).toHaveLength(1);
    expect(texts(elements(byClass(doc, 'g', 'x-ticks')[0]!, 'text'))).toEqual(['0', '1', '2']);
    expect(byClass(doc, 'text', 'no-data')).toHaveLength(0);
    expect(svgNumbersFinite(curvesSvg([{ epoch: 1, dataLoss: 0.5, trainAccuracy: 0.8 }]))).toBe(true);
  });

  it('an empty history, or one with only missing values, draws axes and "no data"', () => {
    for (const h of [[], [{ epoch: 1 }, { epoch: 2, dataLoss: Infinity }]]) {
      const svg = curvesSvg(h);
      const doc = parseXml(svg);
      expect(texts(byClass(doc, 'text', 'no-data'))).toEqual(['no data', 'no data']);
      expect(elements(doc, 'polyline')).toHaveLength(0);
      expect(svgNumbersFinite(svg)).toBe(true);
    }
  });

  it("plots against steps with x: 'step', leaving out records without a step", () => {
    const h: HistoryRecord[] = [{ epoch: 0.5, step: 50, dataLoss: 1 }, { epoch: 1, dataLoss: 0.9 }, { epoch: 1.5, step: 150, dataLoss: 0.8 }];
    const doc = parseXml(curvesSvg(h, { x: 'step' }));
    expect(texts(byClass(doc, 'text', 'x-label'))).toEqual(['step', 'step']);
    expect(points(elements(byClass(doc, 'g', 'dataLoss')[0]!, 'polyline')[0]!)).toHaveLength(2);
  });

  it('escapes the title', () => {
    const svg = curvesSvg(history, { title: 'a < b & "c" <script>' });
    expect(svg).toContain('a &lt; b &amp; &quot;c&quot; &lt;script&gt;');
    expect(parseXml(svg).getElementsByTagName('script')).toHaveLength(0);
  });

  it('refuses accuracies given as percentages and a non-finite epoch', () => {
    expect(() => curvesSvg([{ epoch: 1, trainAccuracy: 93 }])).toThrow(
      'history[0].trainAccuracy: is 93; accuracies are fractions in [0, 1] (divide percentages by 100)',
    );
    expect(() => curvesSvg([{ epoch: NaN }])).toThrow('history[0].epoch: must be a finite number, got NaN');
  });

  it('handles a long per-step history (no argument-spreading limits)', () => {
    const long = Array.from({ length: 200_000 }, (_, i) => ({ epoch: i / 1000, dataLoss: 1 / (1 + i) }));
    const svg = curvesSvg(long);
    const pts = points(elements(byClass(parseXml(svg), 'g', 'dataLoss')[0]!, 'polyline')[0]!);
    // Thinned to at most 4 points per pixel column of the ~400 px plot, ends kept.
    expect(pts.length).toBeLessThanOrEqual(4 * 400);
    expect(pts.length).toBeGreaterThan(400);
    const full = curvesSvg(long.slice(0, 1000));
    const fullPts = points(elements(byClass(parseXml(full), 'g', 'dataLoss')[0]!, 'polyline')[0]!);
    expect(fullPts).toHaveLength(1000); // short lines are drawn point by point
  });

  it('thinning keeps the spikes: a single high step still reaches its height', () => {
    const spiky = Array.from({ length: 20_000 }, (_, i) => ({ epoch: i / 1000, dataLoss: i === 12_345 ? 10 : 1 }));
    const doc = parseXml(curvesSvg(spiky));
    const pts = points(elements(byClass(doc, 'g', 'dataLoss')[0]!, 'polyline')[0]!);
    const ys = pts.map((p) => p[1]);
    expect(Math.max(...ys) - Math.min(...ys)).toBeCloseTo((290 * 9) / 15, 0); // axis 0..15 over 290 px: 1 → 10 spans 9/15 of it
    expect(pts[0]![0]).toBe(64); // first point at the plot's left edge (epoch 0)
  });
});

/** Every number in an attribute is finite (no NaN or Infinity leaked into coordinates). */
function svgNumbersFinite(svg: string): boolean {
  return !/="[^"]*(NaN|Infinity)/.test(svg);
}
