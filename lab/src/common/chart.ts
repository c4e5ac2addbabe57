/**
 * A small live line chart on a canvas (loss and accuracy curves). Series are appended point by point; the
 * axes rescale to the data. Drawing is throttled to animation frames so appending every step stays cheap.
 */

export interface SeriesSpec {
  readonly label: string;
  readonly color: string;
  /** Dashed line (e.g. validation next to training). */
  readonly dashed?: boolean;
}

export interface ChartOptions {
  readonly series: readonly SeriesSpec[];
  readonly xLabel: string;
  readonly height?: number;
  /** Fixed y range (e.g. [0, 1] for accuracy); otherwise from the data, starting at 0 when all values are ≥ 0. */
  readonly yRange?: readonly [number, number];
}

export class LineChart {
  readonly canvas: HTMLCanvasElement;
  private readonly data: { x: number; y: number }[][];
  private pending = false;

  constructor(private readonly options: ChartOptions) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'chart';
    this.canvas.height = options.height ?? 180;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', options.series.map((s) => s.label).join(', '));
    this.data = options.series.map(() => []);
  }

  push(seriesIndex: number, x: number, y: number): void {
    if (!Number.isFinite(y)) return;
    this.data[seriesIndex]!.push({ x, y });
    this.schedule();
  }

  /** Like push, but a point at the same x as the series' last one replaces it (a value revised in place). */
  set(seriesIndex: number, x: number, y: number): void {
    if (!Number.isFinite(y)) return;
    const series = this.data[seriesIndex]!;
    const last = series.at(-1);
    if (last && last.x === x) last.y = y;
    else series.push({ x, y });
    this.schedule();
  }

  clear(): void {
    for (const d of this.data) d.length = 0;
    this.schedule();
  }

  /** The values of one series (tests and the page's own readouts use it). */
  values(seriesIndex: number): readonly number[] {
    return this.data[seriesIndex]!.map((p) => p.y);
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  draw(): void {
    const c = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const cssWidth = c.clientWidth || 360;
    const cssHeight = this.options.height ?? 180;
    if (c.width !== Math.round(cssWidth * dpr)) c.width = Math.round(cssWidth * dpr);
    c.height = Math.round(cssHeight * dpr);
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, cssWidth, cssHeight);
    const pad = { left: 46, right: 10, top: 22, bottom: 26 };
    const w = cssWidth - pad.left - pad.right;
    const hgt = cssHeight - pad.top - pad.bottom;
    const all = this.data.flat();
    const y0 = this.options.yRange?.[0] ?? Math.min(0, ...all.map((p) => p.y));
    let y1 = this.options.yRange?.[1] ?? Math.max(1e-9, ...all.map((p) => p.y));
    if (!this.options.yRange && all.length > 0) y1 *= 1.05;
    if (y1 <= y0) y1 = y0 + 1;
    const x0 = Math.min(0, ...all.map((p) => p.x));
    const x1 = Math.max(x0 + 1, ...all.map((p) => p.x));
    const px = (x: number) => pad.left + ((x - x0) / (x1 - x0)) * w;
    const py = (y: number) => pad.top + (1 - (y - y0) / (y1 - y0)) * hgt;
    g.font = '11px "DejaVu Sans", system-ui, sans-serif';
    g.strokeStyle = '#d0d4da';
    g.fillStyle = '#555';
    g.lineWidth = 1;
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (let k = 0; k <= 4; k++) {
      const y = y0 + ((y1 - y0) * k) / 4;
      g.beginPath();
      g.moveTo(pad.left, py(y));
      g.lineTo(pad.left + w, py(y));
      g.stroke();
      g.fillText(shortNumber(y), pad.left - 4, py(y));
    }
    g.textAlign = 'center';
    g.textBaseline = 'top';
    g.fillText(shortNumber(x0), px(x0), pad.top + hgt + 4);
    g.fillText(shortNumber(x1), px(x1) - 8, pad.top + hgt + 4);
    g.fillText(this.options.xLabel, pad.left + w / 2, pad.top + hgt + 4);
    this.options.series.forEach((s, i) => {
      const pts = this.data[i]!;
      g.strokeStyle = s.color;
      g.lineWidth = 2;
      g.setLineDash(s.dashed ? [5, 4] : []);
      g.beginPath();
      pts.forEach((p, k) => (k === 0 ? g.moveTo(px(p.x), py(p.y)) : g.lineTo(px(p.x), py(p.y))));
      if (pts.length === 1) g.arc(px(pts[0]!.x), py(pts[0]!.y), 2, 0, 2 * Math.PI);
      g.stroke();
    });
    g.setLineDash([]);
    // Legend along the top, with each series' latest value.
    let lx = pad.left;
    g.textAlign = 'left';
    g.textBaseline = 'middle';
    this.options.series.forEach((s, i) => {
      const last = this.data[i]!.at(-1);
      const text = `${s.label}${last ? ` ${shortNumber(last.y)}` : ''}`;
      g.fillStyle = s.color;
      g.fillRect(lx, 7, 12, 4);
      g.fillStyle = '#333';
      g.fillText(text, lx + 16, 9);
      lx += 24 + g.measureText(text).width;
    });
  }
}

function shortNumber(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1000) return v.toExponential(1);
  if (a >= 10) return v.toFixed(0);
  if (a >= 0.1) return v.toFixed(2);
  return v.toPrecision(2);
}
