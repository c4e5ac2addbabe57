import { describe, expect, it } from 'vitest';
import { mnistLike, MNIST_SIDE } from './digit.js';

function centreOfMass(img: Uint8Array): [number, number] {
  let m = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < MNIST_SIDE; y++) {
    for (let x = 0; x < MNIST_SIDE; x++) {
      const v = img[y * MNIST_SIDE + x]!;
      m += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
    }
  }
  return [cx / m, cy / m];
}

function bbox(img: Uint8Array): { w: number; h: number } {
  let x0 = MNIST_SIDE;
  let x1 = -1;
  let y0 = MNIST_SIDE;
  let y1 = -1;
  for (let y = 0; y < MNIST_SIDE; y++) {
    for (let x = 0; x < MNIST_SIDE; x++) {
      if (img[y * MNIST_SIDE + x]! > 0) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  return { w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

describe('mnistLike', () => {
  it('gives an empty image for an empty drawing', () => {
    expect(mnistLike(new Uint8Array(100 * 100), 100, 100).every((v) => v === 0)).toBe(true);
  });

  it('scales a small off-centre bar so its longer side is 20 and centres its mass', () => {
    // A 10 × 40 bar at the top-left of a 280 × 280 canvas.
    const W = 280;
    const src = new Uint8Array(W * W);
    for (let y = 5; y < 45; y++) for (let x = 10; x < 20; x++) src[y * W + x] = 255;
    const img = mnistLike(src, W, W);
    expect(bbox(img)).toEqual({ w: 5, h: 20 });
    const [cx, cy] = centreOfMass(img);
    expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5);
    // Area averaging keeps full ink at full intensity inside the stroke.
    expect(Math.max(...img)).toBe(255);
  });

  it('moves the centre of mass, not the box centre, to (14, 14)', () => {
    // An L shape: heavy bottom bar, thin stem. Its mass sits low, so the box is shifted up.
    const W = 100;
    const src = new Uint8Array(W * W);
    for (let y = 10; y < 90; y++) for (let x = 10; x < 14; x++) src[y * W + x] = 255;
    for (let y = 70; y < 90; y++) for (let x = 10; x < 90; x++) src[y * W + x] = 255;
    const img = mnistLike(src, W, W);
    const [cx, cy] = centreOfMass(img);
    expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5);
  });
});
