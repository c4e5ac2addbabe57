/**
 * How a neighbour search is cut into pieces so its working memory stays under a budget.
 *
 * The distances between all M queries and all N training points would take M·N·4 bytes (10 000 × 60 000
 * MNIST: 2.4 GB), so queries go through in chunks of R rows and, when even one query row against the whole
 * training set does not fit, the training set goes through in blocks of C columns whose top-k lists are
 * merged. The budget bounds the buffers a search allocates and owns while it runs:
 *
 *   R·C·b            the distance block (b = 4 bytes for float32/int32 distances, 8 for float64)
 *   R·(k·36 + 16)    per query row: the top-k of a block, the running top-k and the merge scratch
 *                    (an int32 index and a float64 distance each, 3·k·12 bytes) and two float64 norms
 *
 * It does not count the training set (the model holds it), the queries (the caller holds them) or the
 * answer (M·k indices and distances, which the caller asked for).
 *
 * The rule: when one query row against the whole training set fits (C = N), take as many rows as fit,
 * R = min(M, ⌊budget / (N·b + scratch)⌋); otherwise take one row and as many columns as fit,
 * C = ⌊(budget − scratch) / b⌋. A budget that cannot hold one row and one column is an error.
 */
import { ArgumentError } from '../errors.js';

/** 256 MiB: at this budget one chunk of MNIST (60 000 training images, k = 3) is 1 117 test rows. */
export const DEFAULT_MEMORY_BUDGET_BYTES = 256 * 1024 * 1024;

export interface SearchPlanInput {
  /** M, the query rows. */
  readonly queryRows: number;
  /** N, the training rows. */
  readonly trainRows: number;
  /** Neighbours per query. */
  readonly k: number;
  /** Bytes per stored distance: 4 (float32 or exact int32) or 8 (float64). */
  readonly bytesPerDistance: number;
  readonly budgetBytes: number;
}

export interface SearchPlan {
  /** R: query rows per chunk (≥ 1). */
  readonly rowsPerChunk: number;
  /** C: training rows per block (N when the training set is not blocked). */
  readonly colsPerBlock: number;
  readonly chunks: number;
  readonly blocks: number;
  /** What the search allocates at most, by the accounting above; ≤ the budget. */
  readonly workingBytes: number;
}

/** Scratch bytes per query row besides its distances (see the module comment). */
export function scratchBytesPerRow(k: number): number {
  return k * 36 + 16;
}

/** The chunking of a search. Pure; the search and the tests both use it. */
export function planSearch(input: SearchPlanInput): SearchPlan {
  const { queryRows: m, trainRows: n, k, bytesPerDistance: b, budgetBytes: budget } = input;
  const scratch = scratchBytesPerRow(k);
  const fullRow = n * b + scratch;
  if (m === 0) return { rowsPerChunk: 1, colsPerBlock: n, chunks: 0, blocks: 1, workingBytes: 0 };
  if (fullRow <= budget) {
    const rows = Math.min(m, Math.floor(budget / fullRow));
    return { rowsPerChunk: rows, colsPerBlock: n, chunks: Math.ceil(m / rows), blocks: 1, workingBytes: rows * fullRow };
  }
  const cols = Math.floor((budget - scratch) / b);
  if (cols < 1) {
    throw new ArgumentError(
      'memoryBudgetBytes',
      `is ${budget} bytes, too small for one query row with k=${k}; ` +
        `it needs at least ${scratch + b} bytes (the default is ${DEFAULT_MEMORY_BUDGET_BYTES})`,
    );
  }
  return { rowsPerChunk: 1, colsPerBlock: cols, chunks: m, blocks: Math.ceil(n / cols), workingBytes: cols * b + scratch };
}
