import { describe, expect, it } from 'vitest';
import { lastJson, runCli } from './helpers/cli.js';

describe('linclass explain (the built CLI)', () => {
  it('prints the lecture\'s SVM computation for the cat image', () => {
    const r = runCli(['explain', '--loss', 'ww', '--scores', '3.2,5.1,-1.7', '--label', '0', '--classes', 'cat,car,frog']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('max(0, 5.1 − 3.2 + 1) = 2.9');
    expect(r.stdout).toContain('L_i = 2.9 + 0 = 2.9');
    expect(r.stderr).toBe('');
  });

  it('--json gives loss, scores, terms and, for softmax, probabilities', () => {
    const ww = lastJson(runCli(['explain', '--loss', 'ww', '--scores', '3.2,5.1,-1.7', '--label', '0', '--json']).stdout);
    expect(ww['loss']).toBeCloseTo(2.9, 12);
    expect(ww['scores']).toEqual([3.2, 5.1, -1.7]);
    expect((ww['terms'] as { value: number }[]).map((t) => t.value)).toEqual([expect.closeTo(2.9, 12), 0]);
    const sm = lastJson(runCli(['explain', '--loss', 'softmax', '--scores', '3.2,5.1,-1.7', '--label', '0', '--json']).stdout);
    expect(sm['loss']).toBeCloseTo(2.0404, 4);
    expect((sm['probabilities'] as number[])[1]).toBeCloseTo(0.87, 2);
  });

  it('computes s = Wx + b from --W, --x and --b (the §9 example)', () => {
    const r = runCli([
      'explain', '--loss', 'softmax', '--W', '0.01,-0.05,0.1,0.05;0.7,0.2,0.05,0.16;0,-0.45,-0.2,0.03',
      '--x=-15,22,-44,56', '--b', '0,0.2,-0.3', '--label', '2', '--json',
    ]);
    expect(r.code).toBe(0);
    const j = lastJson(r.stdout);
    expect((j['scores'] as number[]).map((v) => Number(v.toFixed(10)))).toEqual([-2.85, 0.86, 0.28]);
    expect(j['loss']).toBeCloseTo(1.0402, 4);
  });

  it('averages several examples (the §5 mean 5.27)', () => {
    const r = runCli(['explain', '--scores', '3.2,5.1,-1.7;1.3,4.9,2.0;2.2,2.5,-3.1', '--label', '0,1,2', '--json']);
    expect(lastJson(r.stdout)['loss']).toBeCloseTo(5.2667, 4);
  });

  it('speaks Persian with --lang fa', () => {
    const r = runCli(['explain', '--loss', 'softmax', '--scores', '3.2,5.1,-1.7', '--label', '0', '--classes', 'cat,car,frog', '--lang', 'fa']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('گربه');
    expect(r.stdout).toContain('هزینه');
    expect(r.stdout).toContain('2.04');
  });

  const usageErrors: [string, string[], RegExp][] = [
    ['a malformed number', ['--scores', '3.2,5.x,1', '--label', '0'], /--scores: value 2 of 3, '5.x', is not a finite number/],
    ['NaN', ['--scores', '3.2,NaN', '--label', '0'], /value 2 of 2, 'NaN', is not a finite number/],
    ['a label out of range', ['--scores', '1,2', '--label', '2'], /--label: '2' \(value 1\) must be a class index in 0..1/],
    ['a missing label', ['--scores', '1,2'], /--label is required/],
    ['a margin ≤ 0', ['--scores', '1,2', '--label', '0', '--margin', '0'], /--margin: '0' must be > 0/],
    ['an unknown loss', ['--scores', '1,2', '--label', '0', '--loss', 'svm'], /--loss: 'svm' is not one of ww, ova, cs, squared, softmax/],
    ['an unknown flag', ['--scores', '1,2', '--label', '0', '--bogus'], /Unknown option '--bogus'/],
    ['a negative value without =', ['--scores', '-1,2', '--label', '0'], /write --scores=-1.7/],
    ['ragged W rows', ['--W', '1,2;3', '--x', '1,1', '--label', '0'], /--W: row 2 has 1 values, row 1 has 2/],
    ['x of the wrong length', ['--W', '1,2;3,4', '--x', '1', '--label', '0'], /--x has 1 values but each row of --W has 2/],
  ];
  for (const [what, args, message] of usageErrors) {
    it(`${what}: one line on stderr, exit 2, no stack trace`, () => {
      const r = runCli(['explain', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('--help, and an unknown command exits 2', () => {
    const h = runCli(['explain', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--loss ww|ova|cs|squared|softmax');
    const u = runCli(['nonsense']);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/unknown command 'nonsense'/);
  });
});
