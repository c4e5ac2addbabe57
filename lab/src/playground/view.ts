/**
 * Drawing the playground: decision regions, the lines w_j·x + b_j = 0 with an arrow along w_j on each, and
 * the points, in a square view with the y axis pointing up. Predictions come in from the caller (computed by
 * the library); this module only maps coordinates to pixels and paints.
 */
import { CLASSES, DIM, type Params, type Point } from './model.js';

/** The visible square: x and y both run from VIEW_MIN to VIEW_MAX. */
export const VIEW_MIN = -1.6;
export const VIEW_MAX = 1.6;
/** Decision regions are evaluated on a GRID × GRID lattice of cell centres. */
export const GRID = 160;

export const CLASS_COLORS = ['#d64541', '#2e9e4f', '#2f6fd6'] as const;
const REGION_TINTS: readonly (readonly [number, number, number])[] = [
  [246, 211, 210],
  [210, 238, 217],
  [211, 225, 247],
];

export interface Viewport {
  /** CSS pixels of the square canvas. */
  readonly size: number;
}

export function toPixel(v: Viewport, x: number, y: number): [number, number] {
  const s = v.size / (VIEW_MAX - VIEW_MIN);
  return [(x - VIEW_MIN) * s, (VIEW_MAX - y) * s];
}

export function toWorld(v: Viewport, px: number, py: number): [number, number] {
  const s = (VIEW_MAX - VIEW_MIN) / v.size;
  return [VIEW_MIN + px * s, VIEW_MAX - py * s];
}

/** The lattice as X [GRID², 2], row by row from the top (y = VIEW_MAX) down. */
export function gridPoints(): Float64Array {
  const out = new Float64Array(GRID * GRID * DIM);
  const step = (VIEW_MAX - VIEW_MIN) / GRID;
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      const i = (r * GRID + c) * DIM;
      out[i] = VIEW_MIN + (c + 0.5) * step;
      out[i + 1] = VIEW_MAX - (r + 0.5) * step;
    }
  }
  return out;
}

export interface DrawInput {
  readonly points: readonly Point[];
  readonly params: Params;
  /** Predicted class per grid cell (GRID² entries), or null to leave the background white. */
  readonly regions: ArrayLike<number> | null;
  /** Draw the linear model's lines and weight arrows. */
  readonly showLines: boolean;
  readonly selected: number | null;
  /** Lᵢ per point: points with a positive loss get a dark ring. */
  readonly perExample: ArrayLike<number> | null;
}

let regionCanvas: HTMLCanvasElement | null = null;

export function draw(canvas: HTMLCanvasElement, v: Viewport, input: DrawInput): void {
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(v.size * dpr)) {
    canvas.width = Math.round(v.size * dpr);
    canvas.height = Math.round(v.size * dpr);
  }
  const g = canvas.getContext('2d');
  if (!g) return;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.fillStyle = '#fff';
  g.fillRect(0, 0, v.size, v.size);
  if (input.regions) {
    regionCanvas ??= document.createElement('canvas');
    regionCanvas.width = GRID;
    regionCanvas.height = GRID;
    const rg = regionCanvas.getContext('2d')!;
    const img = rg.createImageData(GRID, GRID);
    for (let i = 0; i < GRID * GRID; i++) {
      const t = REGION_TINTS[input.regions[i]!] ?? [255, 255, 255];
      img.data[4 * i] = t[0];
      img.data[4 * i + 1] = t[1];
      img.data[4 * i + 2] = t[2];
      img.data[4 * i + 3] = 255;
    }
    rg.putImageData(img, 0, 0);
    g.imageSmoothingEnabled = false;
    g.drawImage(regionCanvas, 0, 0, v.size, v.size);
  }
  drawAxes(g, v);
  if (input.showLines) drawLines(g, v, input.params);
  input.points.forEach((p, i) => {
    const [px, py] = toPixel(v, p.x, p.y);
    g.beginPath();
    g.arc(px, py, 7, 0, 2 * Math.PI);
    g.fillStyle = CLASS_COLORS[p.label] ?? '#888';
    g.fill();
    const lossy = input.perExample ? input.perExample[i]! > 0 : false;
    g.lineWidth = i === input.selected ? 3.5 : lossy ? 2 : 1;
    g.strokeStyle = i === input.selected ? '#111' : lossy ? '#222' : '#fff';
    g.stroke();
  });
}

function drawAxes(g: CanvasRenderingContext2D, v: Viewport): void {
  g.strokeStyle = 'rgba(0,0,0,0.12)';
  g.lineWidth = 1;
  for (let t = Math.ceil(VIEW_MIN * 2) / 2; t <= VIEW_MAX; t += 0.5) {
    const [x] = toPixel(v, t, 0);
    const [, y] = toPixel(v, 0, t);
    g.beginPath();
    g.moveTo(x, 0);
    g.lineTo(x, v.size);
    g.moveTo(0, y);
    g.lineTo(v.size, y);
    g.stroke();
  }
  g.strokeStyle = 'rgba(0,0,0,0.45)';
  const [ox, oy] = toPixel(v, 0, 0);
  g.beginPath();
  g.moveTo(ox, 0);
  g.lineTo(ox, v.size);
  g.moveTo(0, oy);
  g.lineTo(v.size, oy);
  g.stroke();
  g.fillStyle = 'rgba(0,0,0,0.55)';
  g.font = '12px "DejaVu Sans", sans-serif';
  g.fillText('x₁', v.size - 18, oy - 6);
  g.fillText('x₂', ox + 6, 14);
}

/** Each line w_j·x + b_j = 0 across the view, and w_j as an arrow from the line's point nearest the origin. */
function drawLines(g: CanvasRenderingContext2D, v: Viewport, params: Params): void {
  for (let j = 0; j < CLASSES; j++) {
    const w0 = params.W[j * DIM]!;
    const w1 = params.W[j * DIM + 1]!;
    const b = params.b[j]!;
    const norm2 = w0 * w0 + w1 * w1;
    if (norm2 < 1e-12) continue;
    // Two far points on the line: the foot of the perpendicular from the origin ± a long step along it.
    const fx = (-b * w0) / norm2;
    const fy = (-b * w1) / norm2;
    const n = Math.sqrt(norm2);
    const tx = -w1 / n;
    const ty = w0 / n;
    const far = 10;
    const [ax, ay] = toPixel(v, fx - far * tx, fy - far * ty);
    const [bx, by] = toPixel(v, fx + far * tx, fy + far * ty);
    g.strokeStyle = CLASS_COLORS[j]!;
    g.lineWidth = 2;
    g.beginPath();
    g.moveTo(ax, ay);
    g.lineTo(bx, by);
    g.stroke();
    // The arrow shows the direction of w_j (towards larger s_j); its length grows with ‖w_j‖.
    const len = Math.min(0.6, 0.12 * n);
    const [sx, sy] = toPixel(v, fx, fy);
    const [ex, ey] = toPixel(v, fx + (len * w0) / n, fy + (len * w1) / n);
    arrow(g, sx, sy, ex, ey, CLASS_COLORS[j]!);
  }
}

function arrow(g: CanvasRenderingContext2D, sx: number, sy: number, ex: number, ey: number, color: string): void {
  const a = Math.atan2(ey - sy, ex - sx);
  g.strokeStyle = color;
  g.fillStyle = color;
  g.lineWidth = 2.5;
  g.beginPath();
  g.moveTo(sx, sy);
  g.lineTo(ex, ey);
  g.stroke();
  g.beginPath();
  g.moveTo(ex, ey);
  g.lineTo(ex - 9 * Math.cos(a - 0.4), ey - 9 * Math.sin(a - 0.4));
  g.lineTo(ex - 9 * Math.cos(a + 0.4), ey - 9 * Math.sin(a + 0.4));
  g.closePath();
  g.fill();
}
