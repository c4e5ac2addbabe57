import { describe, expect, it } from 'vitest';
import { LOSS_NAMES } from '../losses/spec.js';
import { checkLinearGradients } from './gradcheck-linear.js';

describe('checkLinearGradients', () => {
  for (const name of LOSS_NAMES) {
    for (const reg of [{ name: 'l2', lambda: 0.1 }, { name: 'elastic', lambda: 0.1, beta: 0.5 }] as const) {
      it(`${name} + ${reg.name}: the analytic gradient of the whole objective matches`, () => {
        const r = checkLinearGradients({ loss: { name }, reg, regularizeBias: name === 'ww', seed: 3 });
        expect(r.checked).toBe(4 * 6 + 4);
        expect(r.worstRelError).toBeLessThan(name === 'softmax' ? 1e-7 : 1e-9);
        expect(r.where).toMatch(/^(W\[\d\]\[\d\]|b\[\d\])$/);
      });
    }
  }

  it('names the worst coordinate and is reproducible for a seed', () => {
    const a = checkLinearGradients({ loss: { name: 'softmax' }, reg: { name: 'l1', lambda: 0.2 }, seed: 9 });
    const b = checkLinearGradients({ loss: { name: 'softmax' }, reg: { name: 'l1', lambda: 0.2 }, seed: 9 });
    expect(a.worstRelError).toBe(b.worstRelError);
    expect(a.where).toBe(b.where);
  });
});
