import { describe, expect, it } from 'vitest';
import {
  constantSchedule,
  cosineSchedule,
  exponentialSchedule,
  linearWarmup,
  scheduleFromSpec,
  stepDecaySchedule,
  type ScheduleSpec,
} from './schedules.js';

describe('schedules', () => {
  it('constant', () => {
    const s = constantSchedule(0.1);
    expect([s(0), s(1), s(1000)]).toEqual([0.1, 0.1, 0.1]);
  });

  it('step decay: η₀·γ^⌊t/k⌋', () => {
    const s = stepDecaySchedule(1, 3, 0.5);
    expect([0, 1, 2, 3, 5, 6, 9].map(s)).toEqual([1, 1, 1, 0.5, 0.5, 0.25, 0.125]);
  });

  it('exponential: η₀·r^(t/k), continuous', () => {
    const s = exponentialSchedule(2, 0.25, 2);
    expect(s(0)).toBe(2);
    expect(s(1)).toBeCloseTo(1, 15); // 2·0.25^½
    expect(s(2)).toBeCloseTo(0.5, 15);
    expect(s(4)).toBeCloseTo(0.125, 15);
  });

  it('cosine: η₀ at 0, η₀(α + (1−α)/2) half-way, αη₀ from T on', () => {
    const s = cosineSchedule(1, 100, 0.1);
    expect(s(0)).toBe(1);
    expect(s(50)).toBeCloseTo(0.55, 15);
    expect(s(25)).toBeCloseTo(0.1 + 0.9 * 0.5 * (1 + Math.SQRT1_2), 15);
    expect(s(100)).toBeCloseTo(0.1, 15);
    expect(s(500)).toBeCloseTo(0.1, 15);
  });

  it('linear warm-up reaches the peak on its last step, then hands over to the wrapped schedule', () => {
    const s = linearWarmup(stepDecaySchedule(1, 2, 0.1), 4);
    expect([0, 1, 2, 3].map(s)).toEqual([0.25, 0.5, 0.75, 1]);
    // The step decay's clock starts after warm-up: t = 4, 5 → base(0), base(1) = 1; t = 6 → base(2) = 0.1.
    expect(s(4)).toBe(1);
    expect(s(5)).toBe(1);
    expect(s(6)).toBeCloseTo(0.1, 15);
    const from = linearWarmup(constantSchedule(2), 2, 0.5);
    expect([0, 1, 2].map(from)).toEqual([1.5, 2, 2]);
  });

  it('specs: a cosine without steps decays over the run after warm-up', () => {
    const s = scheduleFromSpec(1, { kind: 'cosine', warmup: 10 }, 110);
    expect(s(9)).toBe(1);
    expect(s(60)).toBeCloseTo(0.5, 15); // half-way through the 100 cosine steps
    expect(s(110)).toBeCloseTo(0, 15);
    expect(() => scheduleFromSpec(1, { kind: 'cosine' })).toThrow(/schedule\.steps: a cosine schedule needs its length/);
  });

  it('refuses bad specs, naming the field', () => {
    expect(() => scheduleFromSpec(1, { kind: 'step', every: 0, factor: 0.5 })).toThrow(/schedule\.every: must be a whole number ≥ 1, got 0/);
    expect(() => scheduleFromSpec(1, { kind: 'cosine', steps: 10, alpha: 2 })).toThrow(/schedule\.alpha: must be in \[0, 1\]/);
    expect(() => scheduleFromSpec(1, { kind: 'poly' } as unknown as ScheduleSpec)).toThrow(/unknown schedule 'poly'/);
    expect(() => scheduleFromSpec(1, { kind: 'constant', warmup: -1 })).toThrow(/schedule\.warmup/);
  });
});
