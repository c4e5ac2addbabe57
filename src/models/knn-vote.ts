/**
 * How the k nearest neighbours of a query elect its label.
 *
 *   uniform   each neighbour gives its label one vote.
 *   distance  each neighbour gives its label 1/d, d its distance (scikit-learn's `weights='distance'`).
 *             At d = 0 the weight would be infinite, so exact matches win outright: when any of the k
 *             neighbours is at distance 0, only the neighbours at distance 0 vote, one vote each, and
 *             the rest get weight 0 (scikit-learn does the same).
 *
 * Ties: among labels with equal totals the smallest label wins, the rule of CS231n's assignment
 * (`np.argmax(np.bincount(closest_y))`), even when a tied label holds the nearest neighbour. Weighted
 * totals are float64 sums taken in neighbour order; they tie only when they are equal as computed.
 */
export type KnnWeights = 'uniform' | 'distance';
export const KNN_WEIGHTS: readonly KnnWeights[] = ['uniform', 'distance'];

/**
 * The label elected by the first k neighbours of one query, whose training indices and distances (ascending)
 * start at `offset` of `indices`/`distances`. `tally` is scratch of length C, the number of classes.
 */
export function vote(
  labels: Int32Array,
  indices: Int32Array,
  distances: Float64Array,
  offset: number,
  k: number,
  weights: KnnWeights,
  tally: Float64Array,
): number {
  tally.fill(0);
  if (weights === 'uniform') {
    for (let t = 0; t < k; t++) tally[labels[indices[offset + t]!]!]! += 1;
  } else {
    // Distances are ascending, so the exact matches, if any, come first.
    let zeros = 0;
    while (zeros < k && distances[offset + zeros] === 0) zeros++;
    if (zeros > 0) {
      for (let t = 0; t < zeros; t++) tally[labels[indices[offset + t]!]!]! += 1;
    } else {
      for (let t = 0; t < k; t++) tally[labels[indices[offset + t]!]!]! += 1 / distances[offset + t]!;
    }
  }
  let best = 0;
  // Strictly greater: a later (larger) label never displaces an equal earlier one.
  for (let c = 1; c < tally.length; c++) if (tally[c]! > tally[best]!) best = c;
  return best;
}
