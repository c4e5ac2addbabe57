import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors.js';
import { adagrad, adam, adamw, momentum, nesterov, optimizerFromSpec, rmsprop, sgd, type GradientOptimizerSpec } from './aliases.js';
import { applyUpdates, chain, type GradientTransformation } from './transform.js';
import { scale, scaleByAdam, scaleByLearningRate, scaleByRms } from './transforms.js';

/** Runs `opt` from θ₀ with a fixed list of gradients (or a gradient function) and returns θ after each step. */
function trajectory(opt: GradientTransformation, theta0: number[], grads: number[][]): number[][] {
  const theta = Float64Array.from(theta0);
  const state = opt.init([theta]);
  const out: number[][] = [];
  for (const g of grads) {
    const u = Float64Array.from(g);
    opt.update([u], state, [theta]);
    applyUpdates([theta], [u]);
    out.push(Array.from(theta));
  }
  return out;
}

function expectTrace(actual: number[][], expected: number[][], digits = 12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, t) => row.forEach((v, i) => expect(v, `step ${t + 1}, θ[${i}]`).toBeCloseTo(expected[t]![i]!, digits)));
}

// One fixture for every trace: θ₀ = [1, −2], η = 0.1, and three gradients that do not depend on θ.
const THETA0 = [1, -2];
const GRADS = [
  [0.5, -1],
  [1, 1],
  [-2, 0.5],
];
const lr = 0.1;

describe('hand-computed traces of the first three updates', () => {
  it('sgd: θ ← θ − η·g', () => {
    // [1 − 0.05, −2 + 0.1] = [0.95, −1.9]; [0.95 − 0.1, −1.9 − 0.1] = [0.85, −2]; [0.85 + 0.2, −2 − 0.05].
    expectTrace(trajectory(sgd({ learningRate: lr }), THETA0, GRADS), [
      [0.95, -1.9],
      [0.85, -2.0],
      [1.05, -2.05],
    ]);
  });

  it('momentum (μ = 0.9): v ← μv + g, θ ← θ − ηv', () => {
    // v₁ = [0.5, −1]; v₂ = 0.9·v₁ + [1, 1] = [1.45, 0.1]; v₃ = 0.9·v₂ + [−2, 0.5] = [−0.695, 0.59].
    expectTrace(trajectory(momentum({ learningRate: lr }), THETA0, GRADS), [
      [0.95, -1.9],
      [0.805, -1.91],
      [0.8745, -1.969],
    ]);
  });

  it('nesterov (μ = 0.9): θ ← θ − η(g + μv) with the new v', () => {
    // u₁ = [0.5, −1] + 0.9·[0.5, −1] = [0.95, −1.9]; u₂ = [1, 1] + 0.9·[1.45, 0.1] = [2.305, 1.09];
    // u₃ = [−2, 0.5] + 0.9·[−0.695, 0.59] = [−2.6255, 1.031].
    expectTrace(trajectory(nesterov({ learningRate: lr }), THETA0, GRADS), [
      [0.905, -1.81],
      [0.6745, -1.919],
      [0.93705, -2.0221],
    ]);
  });

  it('adagrad (ε = 1e-8): θ ← θ − ηg/(√G + ε)', () => {
    // G₁ = [0.25, 1] → u₁ ≈ [1, −1]; G₂ = [1.25, 2] → u₂ = [1/√1.25, 1/√2]; G₃ = [5.25, 2.25] → u₃ = [−2/√5.25, 0.5/1.5].
    // The ε terms are kept: 0.5/(0.5 + 1e-8) = 0.99999998, hence the …002 in the first step.
    expectTrace(trajectory(adagrad({ learningRate: lr }), THETA0, GRADS), [
      [0.900000002, -1.900000001],
      [0.8105572837000083, -1.9707106786186548],
      [0.8978444394134529, -2.004044011729766],
    ]);
  });

  it('rmsprop (ρ = 0.9, ε = 1e-8): v ← ρv + (1−ρ)g², θ ← θ − ηg/(√v + ε)', () => {
    // v₁ = [0.025, 0.1] → u₁ = ±1/√0.1 ≈ ±3.1623; v₂ = [0.1225, 0.19] → u₂ = [1/0.35, 1/√0.19];
    // v₃ = [0.51025, 0.196] → u₃ = [−2/√0.51025, 0.5/√0.196].
    expectTrace(trajectory(rmsprop({ learningRate: lr }), THETA0, GRADS), [
      [0.6837722539831608, -1.6837722439831617],
      [0.39805797643214014, -1.9131879725905658],
      [0.6780453733629291, -2.026126457902702],
    ]);
  });

  it('adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8) divides by 1 − βᵗ with t counting steps', () => {
    // t = 1: m̂ = g, v̂ = g², so u₁ = g/(|g| + ε) ≈ sign(g): the first step is η in every coordinate.
    // t = 2: m = [0.145, 0.01], m̂ = m/0.19 = [0.76316, 0.05263]; v = [0.00124975, 0.001999], v̂ = v/0.001999
    // = [0.62519, 1] → u₂ = [0.96518, 0.05263]. A multiplied correction (ConvNetJS) would give u₁ ≈ 0.0032·g/|g|.
    expectTrace(trajectory(adam({ learningRate: lr }), THETA0, GRADS), [
      [0.9000000019999999, -1.900000001],
      [0.8034818006385093, -1.9052631588421052],
      [0.8228612459927354, -1.9304065890817537],
    ]);
  });

  it('adamw (w = 0.1): θ ← θ − η(m̂/(√v̂ + ε) + wθ), decay on the pre-step θ', () => {
    // u₁ = sign(g) + 0.1·[1, −2] = [1.1, −1.2] → θ₁ = [0.89, −1.88].
    expectTrace(trajectory(adamw({ learningRate: lr, weightDecay: 0.1 }), THETA0, GRADS), [
      [0.8900000019999998, -1.880000001],
      [0.7845818006185092, -1.8664631588321052],
      [0.7961154279665502, -1.8729419574834327],
    ]);
  });

  it('adamw decays only the masked tensors', () => {
    const opt = adamw({ learningRate: lr, weightDecay: 0.1, mask: [true, false] });
    const w = Float64Array.of(1);
    const b = Float64Array.of(1);
    const state = opt.init([w, b]);
    const uw = Float64Array.of(0);
    const ub = Float64Array.of(0);
    opt.update([uw, ub], state, [w, b]);
    expect(uw[0]).toBeCloseTo(-0.01, 15); // −η·w·θ with a zero gradient
    expect(Math.abs(ub[0]!)).toBe(0); // masked out: only −η·0 = −0
  });
});

describe('exact equivalences', () => {
  // A gradient that depends on θ (a tilted bowl), so that trajectories can drift apart if the rules differ.
  const grads = (n: number): ((theta: Float64Array) => number[]) => (theta) =>
    Array.from(theta, (x, i) => 2 * (i + 1) * (x - n) + 0.3 * Math.sin(x));
  function run(opt: GradientTransformation, steps = 50): Float64Array {
    const theta = Float64Array.of(1, -2, 0.5);
    const state = opt.init([theta]);
    const g = grads(1);
    for (let t = 0; t < steps; t++) {
      const u = Float64Array.from(g(theta));
      opt.update([u], state, [theta]);
      applyUpdates([theta], [u]);
    }
    return theta;
  }

  it('momentum with μ = 0 is sgd, bit for bit', () => {
    expect(run(momentum({ learningRate: 0.05, mu: 0 }))).toEqual(run(sgd({ learningRate: 0.05 })));
  });

  it('nesterov with μ = 0 is sgd, bit for bit', () => {
    expect(run(nesterov({ learningRate: 0.05, mu: 0 }))).toEqual(run(sgd({ learningRate: 0.05 })));
  });

  it('rmsprop(ρ) is adam with β₁ = 0, β₂ = ρ and no bias correction, bit for bit', () => {
    const viaAdam = chain(scaleByAdam({ b1: 0, b2: 0.9, biasCorrection: false }), scaleByLearningRate(0.01));
    expect(run(viaAdam)).toEqual(run(rmsprop({ learningRate: 0.01, decay: 0.9 })));
  });

  it('but adam with β₁ = 0 and bias correction is not rmsprop (the correction changes early steps)', () => {
    const corrected = chain(scaleByAdam({ b1: 0, b2: 0.9 }), scaleByLearningRate(0.01));
    expect(run(corrected, 3)).not.toEqual(run(rmsprop({ learningRate: 0.01, decay: 0.9 }), 3));
  });

  it('rmsprop building block followed by scale(−η) is rmsprop', () => {
    expect(run(chain(scaleByRms({ decay: 0.9 }), scale(-0.01)))).toEqual(run(rmsprop({ learningRate: 0.01 })));
  });

  it('adamw with w = 0 is adam, bit for bit', () => {
    expect(run(adamw({ learningRate: 0.01, weightDecay: 0 }))).toEqual(run(adam({ learningRate: 0.01 })));
  });

  it('optimizerFromSpec builds the same optimizers as the aliases', () => {
    const specs: [GradientOptimizerSpec, GradientTransformation][] = [
      [{ name: 'sgd' }, sgd({ learningRate: 0.01 })],
      [{ name: 'momentum', mu: 0.5 }, momentum({ learningRate: 0.01, mu: 0.5 })],
      [{ name: 'nesterov' }, nesterov({ learningRate: 0.01 })],
      [{ name: 'adagrad', eps: 1e-6 }, adagrad({ learningRate: 0.01, eps: 1e-6 })],
      [{ name: 'rmsprop', decay: 0.99 }, rmsprop({ learningRate: 0.01, decay: 0.99 })],
      [{ name: 'adam', b2: 0.99 }, adam({ learningRate: 0.01, b2: 0.99 })],
      [{ name: 'adamw', weightDecay: 0.01 }, adamw({ learningRate: 0.01, weightDecay: 0.01 })],
    ];
    for (const [spec, opt] of specs) expect(run(optimizerFromSpec(spec, 0.01)), spec.name).toEqual(run(opt));
  });
});

describe('convergence to the known optimum', () => {
  type Problem = { f: (x: Float64Array) => number; grad: (x: Float64Array, g: Float64Array) => void; x0: number[]; optimum: number[] };
  // f(x) = Σ aᵢ(xᵢ − cᵢ)², an ill-conditioned bowl (a = 1 and 10) with its minimum at c.
  const bowl: Problem = {
    f: (x) => (x[0]! - 3) ** 2 + 10 * (x[1]! + 2) ** 2,
    grad: (x, g) => {
      g[0] = 2 * (x[0]! - 3);
      g[1] = 20 * (x[1]! + 2);
    },
    x0: [0, 0],
    optimum: [3, -2],
  };
  // Rosenbrock: (1 − x)² + 100(y − x²)², minimum at (1, 1) at the end of a long curved valley.
  const rosenbrock: Problem = {
    f: (p) => (1 - p[0]!) ** 2 + 100 * (p[1]! - p[0]! ** 2) ** 2,
    grad: (p, g) => {
      const [x, y] = [p[0]!, p[1]!];
      g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      g[1] = 200 * (y - x * x);
    },
    x0: [-1.2, 1],
    optimum: [1, 1],
  };

  function minimize(opt: GradientTransformation, p: Problem, steps: number): Float64Array {
    const x = Float64Array.from(p.x0);
    const g = new Float64Array(x.length);
    const state = opt.init([x]);
    for (let t = 0; t < steps; t++) {
      p.grad(x, g);
      opt.update([g], state, [x]);
      applyUpdates([x], [g]);
    }
    return x;
  }

  const cases: [string, GradientTransformation, GradientTransformation, number, number][] = [
    // name, optimizer on the bowl, optimizer on Rosenbrock, Rosenbrock steps, Rosenbrock tolerance
    ['sgd', sgd({ learningRate: 0.04 }), sgd({ learningRate: 1e-3 }), 30_000, 1e-2],
    ['momentum', momentum({ learningRate: 0.02 }), momentum({ learningRate: 2e-4 }), 20_000, 1e-2],
    ['nesterov', nesterov({ learningRate: 0.02 }), nesterov({ learningRate: 2e-4 }), 20_000, 1e-2],
    ['adagrad', adagrad({ learningRate: 1 }), adagrad({ learningRate: 0.5 }), 20_000, 1e-2],
    ['rmsprop', rmsprop({ learningRate: 0.01 }), rmsprop({ learningRate: 1e-3 }), 20_000, 2e-2],
    ['adam', adam({ learningRate: 0.1 }), adam({ learningRate: 1e-2 }), 20_000, 1e-2],
    ['adamw', adamw({ learningRate: 0.1, weightDecay: 0 }), adamw({ learningRate: 1e-2, weightDecay: 0 }), 20_000, 1e-2],
  ];

  for (const [name, onBowl, onRosenbrock, steps, tol] of cases) {
    it(`${name} reaches the bottom of the bowl and of Rosenbrock's valley`, () => {
      const xb = minimize(onBowl, bowl, 5000);
      expect(Math.abs(xb[0]! - 3)).toBeLessThan(1e-3);
      expect(Math.abs(xb[1]! + 2)).toBeLessThan(1e-3);
      const xr = minimize(onRosenbrock, rosenbrock, steps);
      expect(Math.abs(xr[0]! - 1), `x = ${xr[0]}`).toBeLessThan(tol);
      expect(Math.abs(xr[1]! - 1), `y = ${xr[1]}`).toBeLessThan(tol);
    });
  }
});

describe('arguments', () => {
  it('refuses out-of-range hyperparameters with the argument named', () => {
    expect(() => momentum({ learningRate: 0.1, mu: 1 })).toThrow(/mu: must be in \[0, 1\), got 1/);
    expect(() => adam({ learningRate: 0.1, b2: -0.1 })).toThrow(ArgumentError);
    expect(() => sgd({ learningRate: -1 })).toThrow(/learningRate: must be a finite number ≥ 0/);
    expect(() => optimizerFromSpec({ name: 'lbfgs' } as unknown as GradientOptimizerSpec, 0.1)).toThrow(/unknown optimizer 'lbfgs'/);
  });

  it('a chain refuses a state made by another chain', () => {
    const a = adam({ learningRate: 0.1 });
    const b = adamw({ learningRate: 0.1 });
    const theta = Float64Array.of(1);
    expect(() => b.update([Float64Array.of(1)], a.init([theta]), [theta])).toThrow(/make sure init\(\) was called on this chain/);
  });

  it('state buffers take the dtype of the parameters', () => {
    const s32 = adam({ learningRate: 0.1 }).init([new Float32Array(3)]);
    expect(s32.children[0]!.tensors['mu/0']).toBeInstanceOf(Float32Array);
    const s64 = adam({ learningRate: 0.1 }).init([new Float64Array(3)]);
    expect(s64.children[0]!.tensors['nu/0']).toBeInstanceOf(Float64Array);
  });
});
