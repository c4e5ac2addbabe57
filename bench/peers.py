"""The Python peers of `npm run bench`: numpy (the yardstick), PyTorch and scikit-learn, each if it imports.

Run by src/bench/python.ts as `python3 bench/peers.py CONFIG_JSON`; prints one JSON object on stdout:
{"interpreter": ..., "peers": {name: {"present": bool, "why": str, "info": {...}}}, "results": [...]}.
Every workload is the one the TypeScript side runs, on the same shapes and the same MNIST files:
  W1  sgemm M×M by M×M, float32 (A @ B)
  W2  X·Wᵀ (N×D by D×C) and dSᵀ·X, float32
  W3  one epoch of softmax minibatch SGD (batch 256, lr 0.1·(1/255 scaled pixels), the CS231n vectorised step)
  W4  kNN k=1 L2 on raw uint8 pixels: chunked ‖a‖² + ‖b‖² − 2a·b then argmin (numpy, torch), brute force (sklearn)
Times are medians over `repeats` runs after one warm-up, in seconds.
"""
import json
import os
import platform
import statistics
import sys
import time


def timed(fn, repeats, warmup=True):
    if warmup:
        fn()
    ts = []
    out = None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts), ts, out


def read_idx(path):
    import numpy as np

    with open(path, 'rb') as f:
        raw = f.read()
    magic = int.from_bytes(raw[0:4], 'big')
    ndim = magic & 0xFF
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], 'big') for i in range(ndim)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    return data.reshape(dims[0], -1) if ndim > 1 else data


def blas_info(np):
    info = {'numpy': np.__version__}
    try:
        import threadpoolctl  # noqa: F401
    except ImportError:
        # An interpreter without threadpoolctl (PyPI is out of reach here) borrows Debian's pure-Python copy;
        # the path comes off again at once so nothing else (numpy-ABI-bound sklearn) is imported from there.
        sys.path.append('/usr/lib/python3/dist-packages')
        try:
            import threadpoolctl  # noqa: F401
        except ImportError:
            pass
        finally:
            sys.path.remove('/usr/lib/python3/dist-packages')
    try:
        import threadpoolctl

        info['threadpools'] = [
            {k: p.get(k) for k in ('internal_api', 'version', 'architecture', 'num_threads', 'filepath')}
            for p in threadpoolctl.threadpool_info()
        ]
    except Exception as e:  # noqa: BLE001
        info['threadpools'] = 'threadpoolctl unavailable: %s' % e
    if not info['threadpools'] or isinstance(info['threadpools'], str):
        info['openblas'] = openblas_direct(np)
    info['OPENBLAS_CORETYPE'] = os.environ.get('OPENBLAS_CORETYPE')
    return info


def openblas_direct(np):
    """Asks the OpenBLAS that numpy's wheel bundles (numpy.libs/libscipy_openblas*) for its kernel and threads."""
    import ctypes
    import glob

    libs = glob.glob(os.path.join(os.path.dirname(np.__file__) + '.libs', '*openblas*.so*'))
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
            out = {'filepath': path}
            for prefix in ('scipy_openblas_', 'openblas_'):
                for suffix in ('64_', ''):
                    name = prefix + 'get_corename' + suffix
                    if hasattr(lib, name):
                        getattr(lib, name).restype = ctypes.c_char_p
                        out['corename'] = getattr(lib, name)().decode()
                        lib_threads = getattr(lib, prefix + 'get_num_threads' + suffix)
                        out['num_threads'] = lib_threads()
                        cfg = getattr(lib, prefix + 'get_config' + suffix)
                        cfg.restype = ctypes.c_char_p
                        out['config'] = cfg().decode()
                        return out
        except OSError:
            continue
    return 'no bundled OpenBLAS found'


def main():
    cfg = json.loads(sys.argv[1])
    repeats = cfg['repeats']
    report = {'interpreter': sys.executable, 'python': platform.python_version(), 'peers': {}, 'results': []}
    results = report['results']

    def add(workload, impl, seconds, runs, **extra):
        results.append(dict(workload=workload, impl=impl, seconds=seconds, runs=runs, **extra))

    try:
        import numpy as np

        report['peers']['numpy'] = {'present': True, 'why': '', 'info': blas_info(np)}
    except ImportError as e:
        report['peers']['numpy'] = {'present': False, 'why': str(e)}
        print(json.dumps(report))
        return
    skip = set(cfg.get('skip', []))
    try:
        if 'torch' in skip:
            raise ImportError('measured with an earlier interpreter')
        import torch

        torch.set_num_threads(cfg['threads'])
        report['peers']['torch'] = {'present': True, 'why': '', 'info': {'torch': torch.__version__, 'threads': torch.get_num_threads()}}
    except Exception as e:  # noqa: BLE001 (an ABI mismatch raises ValueError, not ImportError)
        torch = None
        report['peers']['torch'] = {'present': False, 'why': str(e)}
    try:
        if 'sklearn' in skip:
            raise ImportError('measured with an earlier interpreter')
        import sklearn
        from sklearn.linear_model import SGDClassifier
        from sklearn.neighbors import KNeighborsClassifier

        report['peers']['sklearn'] = {'present': True, 'why': '', 'info': {'sklearn': sklearn.__version__}}
    except Exception as e:  # noqa: BLE001
        sklearn = None
        report['peers']['sklearn'] = {'present': False, 'why': str(e)}

    w = set(cfg['workloads'])
    rng = np.random.default_rng(0)

    if 'W1' in w:
        for m in cfg['sgemm']:
            a = rng.random((m, m), dtype=np.float32)
            b = rng.random((m, m), dtype=np.float32)
            s, ts, _ = timed(lambda: a @ b, repeats)
            add('W1 sgemm %d' % m, 'numpy', s, ts, flops=2 * m ** 3)
            if torch is not None:
                ta, tb = torch.from_numpy(a), torch.from_numpy(b)
                s, ts, _ = timed(lambda: ta @ tb, repeats)
                add('W1 sgemm %d' % m, 'torch', s, ts, flops=2 * m ** 3)

    train = read_idx(cfg['trainImages'])
    train_y = read_idx(cfg['trainLabels']).astype(np.int64)
    test = read_idx(cfg['testImages'])
    test_y = read_idx(cfg['testLabels']).astype(np.int64)
    n_train = cfg['trainRows']
    n_test = cfg['testRows']
    train, train_y = train[:n_train], train_y[:n_train]
    test, test_y = test[:n_test], test_y[:n_test]

    if 'W2' in w:
        x = train.astype(np.float32) / 255
        wt = (rng.standard_normal((10, x.shape[1])) * 0.01).astype(np.float32)
        ds = rng.standard_normal((x.shape[0], 10)).astype(np.float32)
        flops = 2 * x.shape[0] * x.shape[1] * 10
        s, ts, _ = timed(lambda: x @ wt.T, repeats)
        add('W2 X·Wᵀ', 'numpy', s, ts, flops=flops)
        s, ts, _ = timed(lambda: ds.T @ x, repeats)
        add('W2 dSᵀ·X', 'numpy', s, ts, flops=flops)
        if torch is not None:
            tx, tw, tds = torch.from_numpy(x), torch.from_numpy(wt), torch.from_numpy(ds)
            s, ts, _ = timed(lambda: tx @ tw.T, repeats)
            add('W2 X·Wᵀ', 'torch', s, ts, flops=flops)
            s, ts, _ = timed(lambda: tds.T @ tx, repeats)
            add('W2 dSᵀ·X', 'torch', s, ts, flops=flops)

    if 'W3' in w:
        x = train.astype(np.float32) / 255
        y = train_y
        n, d = x.shape
        batch, lr = cfg['batch'], cfg['lr']
        order = np.random.default_rng(1).permutation(n)

        def numpy_epoch():
            W = np.zeros((d, 10), dtype=np.float32)
            b = np.zeros(10, dtype=np.float32)
            total = 0.0
            for i in range(0, n, batch):
                idx = order[i:i + batch]
                xb, yb = x[idx], y[idx]
                m = xb.shape[0]
                s = xb @ W + b
                s -= s.max(axis=1, keepdims=True)
                p = np.exp(s)
                p /= p.sum(axis=1, keepdims=True)
                total += -np.log(p[np.arange(m), yb]).sum()
                p[np.arange(m), yb] -= 1
                p /= m
                W -= lr * (xb.T @ p)
                b -= lr * p.sum(axis=0)
            return total / n

        s, ts, loss = timed(numpy_epoch, repeats)
        add('W3 softmax epoch', 'numpy', s, ts, loss=float(loss))
        if torch is not None:
            tx, ty = torch.from_numpy(x), torch.from_numpy(y)
            torder = torch.from_numpy(order)

            def torch_epoch():
                model = torch.nn.Linear(d, 10)
                torch.nn.init.zeros_(model.weight)
                torch.nn.init.zeros_(model.bias)
                opt = torch.optim.SGD(model.parameters(), lr=lr)
                total = 0.0
                for i in range(0, n, batch):
                    idx = torder[i:i + batch]
                    opt.zero_grad()
                    loss = torch.nn.functional.cross_entropy(model(tx[idx]), ty[idx])
                    loss.backward()
                    opt.step()
                    total += loss.item() * idx.shape[0]
                return total / n

            s, ts, loss = timed(torch_epoch, repeats)
            add('W3 softmax epoch', 'torch', s, ts, loss=float(loss))
        if sklearn is not None:
            import warnings

            def sklearn_epoch():
                clf = SGDClassifier(loss='log_loss', max_iter=1, tol=None, shuffle=True, random_state=0, alpha=1e-4)
                with warnings.catch_warnings():
                    warnings.simplefilter('ignore')
                    clf.fit(x, y)
                return 0.0

            s, ts, _ = timed(sklearn_epoch, repeats)
            add('W3 softmax epoch', 'sklearn', s, ts, note='SGDClassifier(log_loss, max_iter=1): one epoch of per-example SGD, one-vs-rest over 10 classes')

    if 'W4' in w:
        chunk = cfg['knnChunk']

        def numpy_knn():
            tr = train.astype(np.float32)
            nb = (tr * tr).sum(axis=1)
            pred = np.empty(test.shape[0], dtype=np.int64)
            for i in range(0, test.shape[0], chunk):
                te = test[i:i + chunk].astype(np.float32)
                d = (te * te).sum(axis=1)[:, None] + nb[None, :] - 2 * (te @ tr.T)
                pred[i:i + chunk] = train_y[d.argmin(axis=1)]
            return pred

        s, ts, pred = timed(numpy_knn, cfg['knnRepeats'], warmup=False)
        add('W4 kNN k=1', 'numpy', s, ts, accuracy=float((pred == test_y).mean()), predictions=pred.tolist())
        if torch is not None:

            def torch_knn():
                tr = torch.from_numpy(train).float()
                nb = (tr * tr).sum(1)
                pred = torch.empty(test.shape[0], dtype=torch.int64)
                ty = torch.from_numpy(train_y)
                for i in range(0, test.shape[0], chunk):
                    te = torch.from_numpy(test[i:i + chunk]).float()
                    d = (te * te).sum(1)[:, None] + nb[None, :] - 2 * (te @ tr.T)
                    pred[i:i + chunk] = ty[d.argmin(1)]
                return pred.numpy()

            s, ts, pred = timed(torch_knn, cfg['knnRepeats'], warmup=False)
            add('W4 kNN k=1', 'torch', s, ts, accuracy=float((pred == test_y).mean()), predictions=pred.tolist())
        if sklearn is not None:

            def sklearn_knn():
                clf = KNeighborsClassifier(n_neighbors=1, algorithm='brute', n_jobs=cfg['threads'])
                clf.fit(train, train_y)
                return clf.predict(test)

            s, ts, pred = timed(sklearn_knn, cfg['knnRepeats'], warmup=False)
            add('W4 kNN k=1', 'sklearn', s, ts, accuracy=float((pred == test_y).mean()), predictions=pred.tolist())

    print(json.dumps(report))


if __name__ == '__main__':
    main()
