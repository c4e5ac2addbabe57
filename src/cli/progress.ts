/**
 * Progress on standard error: a redrawn bar when stderr is a terminal, plain periodic lines when it is not
 * (logs, CI), nothing with --quiet. Standard output stays clean for results and --json.
 */

export type ProgressMode = 'bar' | 'lines' | 'quiet';

export interface ProgressStream {
  write(s: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressFields {
  /** Shown as "key value" pairs after the bar, in order (already formatted). */
  readonly [key: string]: string;
}

export interface ProgressTask {
  /** Set the position (0..total) and the fields to show; redraws at most every `intervalMs`. */
  update(done: number, fields?: ProgressFields): void;
  /** A line that stays (e.g. the end of an epoch); the bar is redrawn below it. */
  log(line: string): void;
  /** Final position: the bar drawn full (lines mode prints nothing; the caller reports the result). */
  finish(fields?: ProgressFields): void;
}

export interface ProgressOptions {
  readonly mode?: ProgressMode | 'auto';
  readonly stream?: ProgressStream;
  /** Minimum time between redraws (bar) or lines (lines mode). */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

export function progressMode(stream: ProgressStream, quiet: boolean): ProgressMode {
  if (quiet) return 'quiet';
  return stream.isTTY ? 'bar' : 'lines';
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

export function formatRate(perSecond: number, unit: string): string {
  if (!Number.isFinite(perSecond)) return `- ${unit}/s`;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)}M ${unit}/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k ${unit}/s`;
  return `${perSecond.toFixed(perSecond >= 10 ? 0 : 1)} ${unit}/s`;
}

/**
 * A task of `total` units (steps, test rows…) labelled `label`. Rate and ETA come from the units done since
 * the task started, in `unit`s per second.
 */
export function startProgress(label: string, total: number, unit: string, options: ProgressOptions = {}): ProgressTask {
  const stream = options.stream ?? process.stderr;
  const mode = options.mode === undefined || options.mode === 'auto' ? progressMode(stream, false) : options.mode;
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? (mode === 'bar' ? 100 : 5000);
  const started = now();
  // Lines mode waits one interval before its first line, so short tasks print nothing but their results.
  let last = mode === 'lines' ? started : -Infinity;
  let drawn = false;

  const describe = (done: number, fields: ProgressFields | undefined): string => {
    const elapsed = (now() - started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : NaN;
    const eta = rate > 0 ? (total - done) / rate : NaN;
    const extra = Object.entries(fields ?? {})
      .map(([k, v]) => `${k} ${v}`)
      .join('  ');
    const pct = total > 0 ? Math.min(100, (100 * done) / total) : 100;
    const parts = [`${done}/${total}`, `${pct.toFixed(0)}%`, extra, formatRate(rate, unit), `elapsed ${formatDuration(elapsed)}`];
    if (done < total) parts.push(`ETA ${formatDuration(eta)}`);
    return parts.filter((p) => p !== '').join('  ');
  };

  const drawBar = (done: number, fields: ProgressFields | undefined): void => {
    const text = describe(done, fields);
    const columns = stream.columns ?? 100;
    const width = Math.max(10, Math.min(30, columns - label.length - text.length - 6));
    const filled = total > 0 ? Math.round((width * Math.min(done, total)) / total) : width;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const line = `${label} ${bar} ${text}`;
    stream.write(`\r\x1b[2K${line.length > columns ? line.slice(0, columns - 1) : line}`);
    drawn = true;
  };

  return {
    update(done, fields) {
      if (mode === 'quiet') return;
      const t = now();
      if (t - last < interval) return;
      last = t;
      if (mode === 'bar') drawBar(done, fields);
      else stream.write(`${label} ${describe(done, fields)}\n`);
    },
    log(line) {
      if (mode === 'quiet') return;
      if (mode === 'bar' && drawn) stream.write('\r\x1b[2K');
      stream.write(`${line}\n`);
      drawn = false;
      last = -Infinity;
    },
    finish(fields) {
      if (mode === 'quiet') return;
      // Lines mode ends silently: the caller's own summary line follows.
      if (mode === 'bar') {
        drawBar(total, fields);
        stream.write('\n');
      }
    },
  };
}
