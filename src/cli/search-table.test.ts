import { describe, expect, it } from 'vitest';
import type { TrialResult } from '../train/search.js';
import { rankedTable } from './search-table.js';

const ok = (id: number, loss: 'softmax' | 'ww', lr: number, lambda: number, val: number, train: number): TrialResult => ({
  id,
  loss,
  batchSize: 64,
  learningRate: lr,
  lambda,
  seed: 1,
  status: 'ok',
  valAccuracy: val,
  trainAccuracy: train,
  dataLoss: 0.3,
  regLoss: 0.01,
  epochs: 1,
  seconds: 2.5,
  attempts: 1,
  kernels: 'wasm',
});

describe('rankedTable', () => {
  it('aligns the columns, ranks finished trials, lists failed ones with the first sentence of their error', () => {
    const failed: TrialResult = {
      id: 3,
      loss: 'ww',
      batchSize: 128,
      learningRate: 1000,
      lambda: 0.1,
      seed: 2,
      status: 'failed',
      error: 'training diverged at epoch 1, step 11: the loss is Infinity (regularization 2.08e+71). Lower the learning rate (--lr).',
      code: 'E_DIVERGED',
      seconds: 0.1,
      attempts: 1,
    };
    expect(rankedTable([ok(2, 'softmax', 0.7359, 2.622e-4, 0.913, 0.9394), ok(1, 'ww', 0.03141, 1.474e-6, 0.881, 0.8826), failed])).toEqual([
      'rank  trial  loss     batch        η         λ  validation   train',
      '   1      2  softmax     64   0.7359  2.622e-4      91.30%  93.94%',
      '   2      1  ww          64  0.03141  1.474e-6      88.10%  88.26%',
      '   –      3  ww         128     1000       0.1      failed  E_DIVERGED: training diverged at epoch 1, step 11: the loss is Infinity (regularization 2.08e+71).',
    ]);
  });
});
