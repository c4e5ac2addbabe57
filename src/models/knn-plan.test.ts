import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_BUDGET_BYTES, planSearch, scratchBytesPerRow } from './knn-plan.js';

describe('planSearch', () => {
  it('cuts full MNIST (10 000 × 60 000, int32 distances) into 9 chunks of 1 118 rows under 256 MiB', () => {
    // One row: 60 000 · 4 + (3·36 + 16) = 240 124 bytes; ⌊268 435 456 / 240 124⌋ = 1 117.
    const plan = planSearch({ queryRows: 10000, trainRows: 60000, k: 3, bytesPerDistance: 4, budgetBytes: DEFAULT_MEMORY_BUDGET_BYTES });
    expect(plan).toEqual({ rowsPerChunk: 1117, colsPerBlock: 60000, chunks: 9, blocks: 1, workingBytes: 1117 * 240124 });
    expect(plan.workingBytes).toBeLessThanOrEqual(DEFAULT_MEMORY_BUDGET_BYTES);
  });

  it('never takes more rows than there are queries', () => {
    expect(planSearch({ queryRows: 5, trainRows: 10, k: 1, bytesPerDistance: 4, budgetBytes: 1 << 20 })).toMatchObject({
      rowsPerChunk: 5,
      chunks: 1,
      workingBytes: 5 * (40 + 52),
    });
  });

  it('blocks the training set when one full row does not fit', () => {
    // scratch 52; (1000 − 52) / 8 = 118 columns per block; 1 000 training rows → 9 blocks.
    expect(scratchBytesPerRow(1)).toBe(52);
    expect(planSearch({ queryRows: 3, trainRows: 1000, k: 1, bytesPerDistance: 8, budgetBytes: 1000 })).toEqual({
      rowsPerChunk: 1,
      colsPerBlock: 118,
      chunks: 3,
      blocks: 9,
      workingBytes: 118 * 8 + 52,
    });
  });

  it('plans nothing for no queries, and refuses a budget below one distance and one row of scratch', () => {
    expect(planSearch({ queryRows: 0, trainRows: 10, k: 1, bytesPerDistance: 4, budgetBytes: 1 })).toMatchObject({ chunks: 0, workingBytes: 0 });
    expect(() => planSearch({ queryRows: 1, trainRows: 10, k: 2, bytesPerDistance: 4, budgetBytes: 91 })).toThrow(
      'memoryBudgetBytes: is 91 bytes, too small for one query row with k=2; it needs at least 92 bytes',
    );
    expect(planSearch({ queryRows: 1, trainRows: 10, k: 2, bytesPerDistance: 4, budgetBytes: 92 }).colsPerBlock).toBe(1);
  });
});
