import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gzip, idxBytes, tempDir, tinyImages } from '../../test/helpers/data-files.js';
import { DataFormatError } from '../errors.js';
import { classCounts } from './dataset.js';
import { FASHION_MNIST_DEBIAN_DIR, fashionMnist, fashionMnistFiles } from './datasets.js';
import { FASHION_MNIST_CLASS_NAMES } from './idx.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('fashionMnist(dir)', () => {
  it('reads the four official files (gzip or raw, either spelling) from the named directory', () => {
    const dir = join(tmp.dir, 'fashion');
    mkdirSync(dir);
    const train = tinyImages(6, 28, 28, 1);
    const test = tinyImages(3, 28, 28, 2);
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzip(idxBytes([6, 28, 28], train.pixels)));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idxBytes([6], train.labels));
    writeFileSync(join(dir, 't10k-images.idx3-ubyte'), idxBytes([3, 28, 28], test.pixels));
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzip(idxBytes([3], test.labels)));
    const ds = fashionMnist(dir);
    expect(Array.from(ds.train.X.data)).toEqual(Array.from(train.pixels));
    expect(Array.from(ds.test.labels)).toEqual(Array.from(test.labels));
    expect(ds.train.classNames).toEqual(FASHION_MNIST_CLASS_NAMES);
    expect(ds.train.classNames[0]).toBe('T-shirt/top');
    expect(ds.train.classNames[9]).toBe('Ankle boot');
    expect(ds.train.name).toBe('fashion-mnist/train');
    expect(fashionMnistFiles(dir).testImages).toBe(join(dir, 't10k-images.idx3-ubyte'));
  });

  it('says both ways to get the files when they are absent', () => {
    const empty = join(tmp.dir, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'train-images-idx3-ubyte.gz'), new Uint8Array(0));
    const err = (() => {
      try {
        fashionMnist(empty);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(DataFormatError);
    const msg = (err as Error).message;
    expect(msg).toMatch(new RegExp(`^${empty}: Fashion-MNIST files not found \\(missing train-labels-idx1-ubyte\\(\\.gz\\), t10k-images`));
    expect(msg).toContain('sudo apt-get install dataset-fashion-mnist');
    expect(msg).toContain(FASHION_MNIST_DEBIAN_DIR);
    expect(msg).toContain('https://github.com/zalandoresearch/fashion-mnist');
    expect(msg).toContain("fashionMnist('path/to/dir')");
  });

  it("loads Debian's dataset-fashion-mnist with 6000 / 1000 images per class", (ctx) => {
    if (!existsSync(join(FASHION_MNIST_DEBIAN_DIR, 'train-images-idx3-ubyte.gz'))) {
      ctx.skip(`Debian's dataset-fashion-mnist is not installed (${FASHION_MNIST_DEBIAN_DIR}); apt-get install dataset-fashion-mnist to run this`);
    }
    const { train, test } = fashionMnist();
    expect([train.X.rows, train.X.cols, test.X.rows]).toEqual([60000, 784, 10000]);
    expect(Array.from(classCounts(train))).toEqual(new Array(10).fill(6000));
    expect(Array.from(classCounts(test))).toEqual(new Array(10).fill(1000));
    // Fashion-MNIST's first training label is 9 (Ankle boot), its first test label 9 too.
    expect([train.labels[0], test.labels[0]]).toEqual([9, 9]);
  });
});
