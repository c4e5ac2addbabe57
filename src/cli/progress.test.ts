import { describe, expect, it } from 'vitest';
import { formatDuration, formatRate, progressMode, startProgress } from './progress.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 120, write: (s: string) => chunks.push(s) } };
}

describe('progress', () => {
  it('picks a bar for terminals, lines otherwise, nothing when quiet', () => {
    expect(progressMode({ isTTY: true, write: () => 0 }, false)).toBe('bar');
    expect(progressMode({ isTTY: false, write: () => 0 }, false)).toBe('lines');
    expect(progressMode({ isTTY: true, write: () => 0 }, true)).toBe('quiet');
  });

  it('formats durations and rates', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(NaN)).toBe('--:--');
    expect(formatRate(12_345, 'ex')).toBe('12.3k ex/s');
    expect(formatRate(2.5, 'step')).toBe('2.5 step/s');
  });

  it('lines mode: one line per interval with position, fields, rate and ETA', () => {
    const { chunks, stream } = sink(false);
    let t = 0;
    const p = startProgress('epoch 1/2', 100, 'step', { stream, now: () => t, intervalMs: 1000 });
    t = 500;
    p.update(10); // before the first interval: nothing
    t = 1000;
    p.update(50, { loss: '0.500' });
    t = 1500;
    p.update(60); // within the interval: no line
    t = 2000;
    p.update(100);
    p.finish();
    expect(chunks).toHaveLength(2);
    expect(chunks[0]).toBe('epoch 1/2 50/100  50%  loss 0.500  50 step/s  elapsed 0:01  ETA 0:01\n');
    expect(chunks[1]!.startsWith('epoch 1/2 100/100  100%')).toBe(true);
  });

  it('bar mode redraws one line and keeps logged lines', () => {
    const { chunks, stream } = sink(true);
    let t = 0;
    const p = startProgress('train', 10, 'step', { stream, now: () => t, intervalMs: 0 });
    t = 1;
    p.update(5);
    p.log('epoch 1: loss 0.3');
    p.finish();
    expect(chunks[0]!.startsWith('\r\x1b[2Ktrain █')).toBe(true);
    expect(chunks[0]).toContain('░ 5/10');
    expect(chunks).toContain('epoch 1: loss 0.3\n');
    expect(chunks[chunks.length - 1]).toBe('\n');
  });

  it('quiet mode writes nothing', () => {
    const { chunks, stream } = sink(true);
    const p = startProgress('x', 3, 'step', { stream, mode: 'quiet' });
    p.update(1);
    p.log('hello');
    p.finish();
    expect(chunks).toHaveLength(0);
  });
});
