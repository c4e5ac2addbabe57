/**
 * Page 1, the playground: the CS231n linear-classification demo rebuilt over the library. State lives here;
 * numbers come from model.ts (library kernels, losses, regularizers), pictures from view.ts.
 */
import { LOSS_TITLES, LOSS_NAMES, type LossName } from '../../../src/losses/spec.js';
import { Rng } from '../../../src/tensor/rng.js';
import { view, zeros } from '../../../src/tensor/matrix.js';
import { refKernels } from '../../../src/kernels/ref/index.js';
import { LineChart } from '../common/chart.js';
import { LOSS_SHORT } from '../common/losses.js';
import { byId, fill, h } from '../common/dom.js';
import { siteHeader } from '../common/site.js';
import { knnPredict, type KnnMetricName } from './knn.js';
import { argmaxRows } from '../../../src/train/metrics.js';
import {
  CLASSES,
  DEFAULT_POINTS,
  DEFAULT_SETTINGS,
  DEFAULT_STEP_SIZE,
  defaultParams,
  DIM,
  evaluate,
  randomParams,
  Stepper,
  type StepRule,
  type Evaluation,
  type Params,
  type PlaygroundRegularizer,
  type Point,
  type Settings,
} from './model.js';
import { PRESETS, type PresetName } from './presets.js';
import { CLASS_COLORS, draw, GRID, gridPoints, toWorld, VIEW_MAX, VIEW_MIN, type Viewport } from './view.js';

type Mode = 'linear' | 'knn';

interface State {
  points: Point[];
  params: Params;
  settings: Settings;
  stepSize: number;
  rule: StepRule;
  mode: Mode;
  k: number;
  metric: KnnMetricName;
  selected: number | null;
  newClass: number;
  running: boolean;
  steps: number;
}

const state: State = {
  points: [...DEFAULT_POINTS],
  params: defaultParams(),
  settings: DEFAULT_SETTINGS,
  stepSize: DEFAULT_STEP_SIZE,
  rule: 'sgd',
  mode: 'linear',
  k: 1,
  metric: 'l2',
  selected: null,
  newClass: 0,
  running: false,
  steps: 0,
};

const rng = new Rng(231);
const stepper = new Stepper();
const viewport: Viewport = { size: 480 };
const grid = gridPoints();
const gridMatrix = view(grid, GRID * GRID, DIM, 'grid');
const gridScores = zeros(GRID * GRID, CLASSES, 'float64');
const PARAM_DELTA = 0.1;

// ---- log sliders: the position is log10 of the value; λ's lowest position means λ = 0 ----
const LAMBDA_OFF = -5;
const lambdaFromSlider = (v: number): number => (v <= LAMBDA_OFF ? 0 : 10 ** v);
const sliderFromLambda = (l: number): number => (l <= 0 ? LAMBDA_OFF : Math.log10(l));
const fmt = (v: number, digits = 2): string => (Object.is(v, -0) ? 0 : v).toFixed(digits).replace(/^-/, '−');
/** Number inputs take ASCII digits and '-' only. */
const inputValue = (v: number): string => String(Number(v.toFixed(3)));
const fmtSmall = (v: number): string => (v === 0 ? '0' : v >= 0.01 ? String(Number(v.toPrecision(3))) : v.toExponential(1));

// ---- DOM skeleton ----
const app = byId('app');
const canvas = h('canvas', {
  id: 'plane',
  'data-testid': 'plane',
  width: viewport.size,
  height: viewport.size,
  'data-view-min': VIEW_MIN,
  'data-view-max': VIEW_MAX,
  tabindex: 0,
  'aria-label': 'The plane: points, decision regions and the lines w_j·x + b_j = 0. Click to add a point, drag to move one, right-click or Delete to remove it.',
});
canvas.style.width = `${viewport.size}px`;
canvas.style.height = `${viewport.size}px`;

const lossSelect = h('select', { id: 'loss-select', 'data-testid': 'loss-select' }, ...LOSS_NAMES.map((n) => h('option', { value: n, title: LOSS_TITLES[n] }, LOSS_SHORT[n])));
const marginInput = h('input', { id: 'margin-input', type: 'number', min: 0.05, max: 10, step: 0.1, value: 1, dir: 'ltr' });
const regSelect = h(
  'select',
  { id: 'reg-select' },
  h('option', { value: 'l2' }, 'L2: λ Σ W²'),
  h('option', { value: 'l1' }, 'L1: λ Σ |W|'),
  h('option', { value: 'elastic' }, 'Elastic net: λ Σ (W² + |W|)'),
);
const lambdaSlider = h('input', { id: 'lambda-slider', type: 'range', min: LAMBDA_OFF, max: 1, step: 0.05, value: sliderFromLambda(DEFAULT_SETTINGS.lambda) });
const lambdaValue = h('output', { id: 'lambda-value', class: 'num' });
const stepSlider = h('input', { id: 'step-slider', type: 'range', min: -4, max: 0.5, step: 0.05, value: Math.log10(DEFAULT_STEP_SIZE) });
const stepValue = h('output', { id: 'step-value', class: 'num' });
const ruleSelect = h(
  'select',
  { id: 'rule-select' },
  h('option', { value: 'sgd' }, 'SGD: θ ← θ − η∇L'),
  h('option', { value: 'momentum' }, 'Momentum (μ = 0.9)'),
  h('option', { value: 'adam' }, 'Adam'),
);
const biasReg = h('input', { id: 'bias-reg', type: 'checkbox' });
const stepButton = h('button', { id: 'step', class: 'primary', 'data-testid': 'step' }, 'Step');
const runButton = h('button', { id: 'run', 'data-testid': 'run' }, 'Run');
const randomizeButton = h('button', { id: 'randomize' }, 'Randomize W, b');
const resetButton = h('button', { id: 'reset' }, 'Reset W, b');
const presetSelect = h(
  'select',
  { id: 'preset-select' },
  h('option', { value: 'cs231n' }, 'CS231n demo (9 points)'),
  h('option', { value: 'separable' }, 'Separable'),
  h('option', { value: 'xor' }, 'XOR (no linear model fits)'),
  h('option', { value: 'outlier' }, 'One outlier'),
);
const modeSelect = h('select', { id: 'mode-select' }, h('option', { value: 'linear' }, 'Linear classifier'), h('option', { value: 'knn' }, 'k-nearest neighbours'));
const kSelect = h('select', { id: 'k-select' }, ...[1, 3, 5, 7].map((k) => h('option', { value: k }, `k = ${k}`)));
const metricSelect = h('select', { id: 'metric-select' }, h('option', { value: 'l2' }, 'L2 distance'), h('option', { value: 'l1' }, 'L1 distance'));
const newClassRadios = Array.from({ length: CLASSES }, (_, c) =>
  h('input', { type: 'radio', name: 'new-class', value: c, id: `new-class-${c}`, checked: c === 0 }),
);
const paramsBody = h('tbody');
const pointsBody = h('tbody');
const pointsFoot = h('tfoot');
const summary = h('div', { class: 'summary', 'data-testid': 'summary' });
const knnNote = h('p', { class: 'muted small', id: 'knn-note' });
const chart = new LineChart({
  xLabel: 'step',
  height: 170,
  series: [
    { label: 'total', color: '#6a3fb5' },
    { label: 'data', color: '#d9822b' },
    { label: 'regularization', color: '#4a90a4', dashed: true },
  ],
});
chart.canvas.id = 'history';

function paramsTable(): HTMLElement {
  return h(
    'div',
    {},
    h('h3', {}, 'Parameters'),
    h(
      'table',
      { class: 'data params', id: 'params', 'data-testid': 'params' },
      h('thead', {}, h('tr', {}, h('th', { class: 'text' }, ''), h('th', {}, 'value'), h('th', {}, '∂L/∂·'), h('th', {}, ''))),
      paramsBody,
    ),
  );
}

function pointsTable(): HTMLElement {
  const head = h(
    'tr',
    {},
    h('th', {}, '#'),
    h('th', {}, 'x₁'),
    h('th', {}, 'x₂'),
    h('th', { class: 'text' }, 'class y'),
    ...Array.from({ length: CLASSES }, (_, j) => h('th', {}, h('span', { class: `swatch c${j}` }), `s${j}`)),
    h('th', {}, 'Lᵢ'),
    h('th', {}, ''),
  );
  return h(
    'div',
    { class: 'table-wrap' },
    h('h3', {}, 'Points: scores and losses'),
    h('table', { class: 'data points', id: 'points', 'data-testid': 'points' }, h('thead', {}, head), pointsBody, pointsFoot),
  );
}

const field = (label: string, control: Node, extra: Node | null = null) => h('label', { class: 'field' }, h('span', {}, label), control, extra);

fill(
  app,
  siteHeader('playground'),
  h(
    'main',
    { class: 'playground' },
    h('h1', {}, 'Playground: a linear classifier in the plane'),
    h(
      'p',
      { class: 'muted' },
      'Scores s = Wx + b for three classes. Click the plane to add a point, drag points, right-click (or select and press Delete) to remove one. ',
      'Every number below comes from the linclass library.',
    ),
    h(
      'div',
      { class: 'layout' },
      h(
        'section',
        { class: 'left' },
        h('div', { class: 'plane-wrap' }, canvas),
        knnNote,
        summary,
        h('h3', {}, 'Loss history'),
        chart.canvas,
      ),
      h(
        'section',
        { class: 'right' },
        h(
          'div',
          { class: 'panel controls stack' },
          h('div', { class: 'row' }, stepButton, runButton, randomizeButton, resetButton),
          h('div', { class: 'grid2' }, field('Loss', lossSelect), field('Margin Δ', marginInput)),
          h('div', { class: 'grid2' }, field('Regularization', regSelect), h('label', { class: 'field check' }, biasReg, h('span', {}, 'also regularize b'))),
          field('λ (regularization strength)', lambdaSlider, lambdaValue),
          h('div', { class: 'grid2' }, field('Step size η', stepSlider, stepValue), field('Update rule', ruleSelect)),
          h('div', { class: 'grid2' }, field('Points', presetSelect), h('div', { class: 'field' }, h('span', {}, 'New points are'), h('div', { class: 'row' }, ...newClassRadios.map((r, c) => h('label', { for: r.id }, r, h('span', { class: `swatch c${c}` }), `class ${c}`))))),
          h('div', { class: 'grid2' }, field('Mode', modeSelect), h('div', { class: 'row knn-options' }, kSelect, metricSelect)),
        ),
        h('div', { class: 'tables' }, paramsTable(), pointsTable()),
      ),
    ),
  ),
);

// ---- rendering ----
let current: Evaluation = evaluate(state.points, state.params, state.settings);
let tableShape = '';

function recompute(): void {
  current = evaluate(state.points, state.params, state.settings);
}

function regions(): ArrayLike<number> | null {
  if (state.mode === 'knn') return state.points.length === 0 ? null : knnPredict(state.points, grid, state.k, state.metric);
  refKernels.linearScores(gridMatrix, view(state.params.W, CLASSES, DIM, 'W'), state.params.b, gridScores);
  return argmaxRows(gridScores);
}

function render(): void {
  draw(canvas, viewport, {
    points: state.points,
    params: state.params,
    regions: regions(),
    showLines: state.mode === 'linear',
    selected: state.selected,
    perExample: state.mode === 'linear' ? current.perExample : null,
  });
  knnNote.textContent =
    state.mode === 'knn'
      ? `Regions of the ${state.k}-nearest-neighbour vote with ${state.metric.toUpperCase()} distance (ties go to the smallest label). The table and losses still describe the linear model.`
      : '';
  renderParams();
  renderPoints();
  renderSummary();
  lambdaValue.textContent = `λ = ${fmtSmall(state.settings.lambda)}`;
  stepValue.textContent = `η = ${fmtSmall(state.stepSize)}`;
  marginInput.disabled = state.settings.loss === 'softmax';
  kSelect.disabled = metricSelect.disabled = state.mode !== 'knn';
}

function paramLabel(kind: 'W' | 'b', j: number, k = 0): string {
  return kind === 'W' ? `W[${j}][${k}]` : `b[${j}]`;
}

function renderParams(): void {
  const rows: HTMLTableRowElement[] = [];
  for (let j = 0; j < CLASSES; j++) {
    const entries: { kind: 'W' | 'b'; index: number; label: string; grad: number }[] = [
      ...Array.from({ length: DIM }, (_, k) => ({ kind: 'W' as const, index: j * DIM + k, label: paramLabel('W', j, k), grad: current.dW[j * DIM + k]! })),
      { kind: 'b', index: j, label: paramLabel('b', j), grad: current.db[j]! },
    ];
    for (const e of entries) {
      const arr = e.kind === 'W' ? state.params.W : state.params.b;
      const id = e.kind === 'W' ? `W${Math.floor(e.index / DIM)}${e.index % DIM}` : `b${e.index}`;
      const existing = paramsBody.querySelector<HTMLTableRowElement>(`tr[data-param="${id}"]`);
      if (existing) {
        const input = existing.querySelector('input')!;
        if (document.activeElement !== input) input.value = inputValue(arr[e.index]!);
        existing.querySelector('.grad')!.textContent = fmt(e.grad, 3);
        rows.push(existing);
        continue;
      }
      const input = h('input', { type: 'number', step: 0.01, value: inputValue(arr[e.index]!), dir: 'ltr', 'aria-label': e.label });
      input.addEventListener('change', () => {
        const v = Number(input.value);
        if (Number.isFinite(v)) setParam(e.kind, e.index, v);
      });
      const bump = (d: number) => () => setParam(e.kind, e.index, (e.kind === 'W' ? state.params.W : state.params.b)[e.index]! + d);
      rows.push(
        h(
          'tr',
          { 'data-param': id, class: `class-${j}` },
          h('td', { class: 'text' }, h('span', { class: `swatch c${j}` }), e.label),
          h('td', {}, input),
          h('td', { class: 'grad num' }, fmt(e.grad, 3)),
          h(
            'td',
            {},
            h('button', { class: 'small', 'aria-label': `decrease ${e.label}`, onclick: bump(-PARAM_DELTA) }, '−'),
            ' ',
            h('button', { class: 'small', 'aria-label': `increase ${e.label}`, onclick: bump(PARAM_DELTA) }, '+'),
          ),
        ),
      );
    }
  }
  if (paramsBody.children.length !== rows.length) paramsBody.replaceChildren(...rows);
}

function renderPoints(): void {
  const shape = state.points.map((p) => p.label).join(',');
  if (shape !== tableShape) {
    tableShape = shape;
    pointsBody.replaceChildren(...state.points.map((p, i) => pointRow(p, i)));
  }
  const rows = pointsBody.children;
  state.points.forEach((p, i) => {
    const row = rows[i] as HTMLTableRowElement;
    row.classList.toggle('selected', i === state.selected);
    const cell = (name: string) => row.querySelector(`.${name}`)!;
    cell('x').textContent = fmt(p.x);
    cell('y').textContent = fmt(p.y);
    for (let j = 0; j < CLASSES; j++) {
      const s = current.scores.data[i * CLASSES + j]!;
      const c = cell(`s${j}`);
      c.textContent = fmt(s);
      c.setAttribute('data-value', String(s));
    }
    const li = cell('li');
    li.textContent = fmt(current.perExample[i]!);
    li.setAttribute('data-value', String(current.perExample[i]!));
    li.classList.toggle('bad', current.perExample[i]! > 0);
  });
  const n = state.points.length;
  fill(
    pointsFoot,
    h(
      'tr',
      {},
      h('td', { colspan: 4 + CLASSES, class: 'text' }, n === 0 ? 'no points: the data loss is 0' : `mean over ${n} points = data loss`),
      h('td', { class: 'num', 'data-testid': 'mean-li', 'data-value': current.dataLoss }, fmt(current.dataLoss)),
      h('td'),
    ),
  );
}

function pointRow(p: Point, i: number): HTMLTableRowElement {
  const select = h(
    'select',
    { 'aria-label': `class of point ${i}` },
    ...Array.from({ length: CLASSES }, (_, c) => h('option', { value: c }, `${c}`)),
  );
  select.value = String(p.label);
  select.style.color = CLASS_COLORS[p.label]!;
  select.addEventListener('change', () => {
    updatePoint(i, { ...state.points[i]!, label: Number(select.value) });
  });
  const row = h(
    'tr',
    { 'data-testid': `point-row-${i}`, 'data-index': i },
    h('td', {}, String(i)),
    h('td', { class: 'x num' }),
    h('td', { class: 'y num' }),
    h('td', { class: 'text' }, h('span', { class: `swatch c${p.label}` }), select),
    ...Array.from({ length: CLASSES }, (_, j) => h('td', { class: `s${j} num${j === p.label ? ' correct' : ''}` })),
    h('td', { class: 'li num' }),
    h('td', {}, h('button', { class: 'small', 'aria-label': `delete point ${i}`, onclick: () => deletePoint(i) }, '×')),
  );
  row.addEventListener('click', (e) => {
    if ((e.target as HTMLElement).closest('select, button')) return;
    state.selected = i;
    render();
  });
  return row;
}

function renderSummary(): void {
  const item = (label: string, id: string, value: number, strong = false) =>
    h('div', { class: `item${strong ? ' strong' : ''}` }, h('span', { class: 'label' }, label), h('span', { class: 'num', id, 'data-testid': id, 'data-value': value }, fmt(value)));
  fill(
    summary,
    item('data loss (1/N) Σ Lᵢ', 'data-loss', current.dataLoss),
    h('span', { class: 'op' }, '+'),
    item(`regularization λR`, 'reg-loss', current.regLoss),
    h('span', { class: 'op' }, '='),
    item('total loss', 'total-loss', current.total, true),
    h('div', { class: 'muted small steps' }, `${state.steps} step${state.steps === 1 ? '' : 's'} taken · ${LOSS_TITLES[state.settings.loss]}`),
  );
}

// ---- state changes ----
function changed(options: { resetHistory?: boolean } = {}): void {
  recompute();
  if (options.resetHistory) {
    chart.clear();
    state.steps = 0;
  }
  // Edits between steps (dragging a point, typing a weight) revise the current step's point of the history.
  pushHistory();
  render();
}

function pushHistory(): void {
  chart.set(0, state.steps, current.total);
  chart.set(1, state.steps, current.dataLoss);
  chart.set(2, state.steps, current.regLoss);
}

function setParam(kind: 'W' | 'b', index: number, value: number): void {
  stepper.reset();
  const W = Float64Array.from(state.params.W);
  const b = Float64Array.from(state.params.b);
  (kind === 'W' ? W : b)[index] = value;
  state.params = { W, b };
  changed();
}

function step(): void {
  state.params = stepper.step(state.params, current, state.rule, state.stepSize);
  state.steps++;
  recompute();
  pushHistory();
  render();
}

function updatePoint(i: number, p: Point): void {
  state.points[i] = p;
  changed();
}

function deletePoint(i: number): void {
  state.points.splice(i, 1);
  state.selected = null;
  changed();
}

function setSettings(patch: Partial<Settings>): void {
  state.settings = { ...state.settings, ...patch };
  changed({ resetHistory: true });
}

let frame = 0;
function runLoop(): void {
  if (!state.running) return;
  step();
  frame = requestAnimationFrame(runLoop);
}

function setRunning(on: boolean): void {
  state.running = on;
  runButton.textContent = on ? 'Stop' : 'Run';
  runButton.classList.toggle('primary', on);
  cancelAnimationFrame(frame);
  if (on) frame = requestAnimationFrame(runLoop);
}

// ---- controls ----
lossSelect.addEventListener('change', () => setSettings({ loss: lossSelect.value as LossName }));
marginInput.addEventListener('change', () => {
  const m = Number(marginInput.value);
  if (Number.isFinite(m) && m > 0) setSettings({ margin: m });
  else marginInput.value = String(state.settings.margin);
});
regSelect.addEventListener('change', () => setSettings({ regularizer: regSelect.value as PlaygroundRegularizer }));
lambdaSlider.addEventListener('input', () => setSettings({ lambda: lambdaFromSlider(Number(lambdaSlider.value)) }));
stepSlider.addEventListener('input', () => {
  state.stepSize = 10 ** Number(stepSlider.value);
  render();
});
ruleSelect.addEventListener('change', () => {
  state.rule = ruleSelect.value as StepRule;
  stepper.reset();
});
biasReg.addEventListener('change', () => setSettings({ regularizeBias: biasReg.checked }));
stepButton.addEventListener('click', step);
runButton.addEventListener('click', () => setRunning(!state.running));
randomizeButton.addEventListener('click', () => {
  stepper.reset();
  state.params = randomParams(rng);
  changed({ resetHistory: true });
});
resetButton.addEventListener('click', () => {
  stepper.reset();
  state.params = defaultParams();
  changed({ resetHistory: true });
});
presetSelect.addEventListener('change', () => {
  state.points = [...PRESETS[presetSelect.value as PresetName]];
  state.selected = null;
  changed({ resetHistory: true });
});
modeSelect.addEventListener('change', () => {
  state.mode = modeSelect.value as Mode;
  render();
});
kSelect.addEventListener('change', () => {
  state.k = Number(kSelect.value);
  render();
});
metricSelect.addEventListener('change', () => {
  state.metric = metricSelect.value as KnnMetricName;
  render();
});
newClassRadios.forEach((r, c) => r.addEventListener('change', () => r.checked && (state.newClass = c)));

// ---- pointer: drag, add, delete ----
let dragging: number | null = null;
let moved = false;

function eventWorld(e: PointerEvent | MouseEvent): [number, number] {
  const r = canvas.getBoundingClientRect();
  return toWorld(viewport, ((e.clientX - r.left) * viewport.size) / r.width, ((e.clientY - r.top) * viewport.size) / r.height);
}

function hit(x: number, y: number): number | null {
  const radius = (10 / viewport.size) * (VIEW_MAX - VIEW_MIN);
  let best: number | null = null;
  let bestD = radius * radius;
  state.points.forEach((p, i) => {
    const d = (p.x - x) ** 2 + (p.y - y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

const clampView = (v: number): number => Math.min(VIEW_MAX, Math.max(VIEW_MIN, v));

canvas.addEventListener('pointerdown', (e) => {
  if (e.button !== 0) return;
  const [x, y] = eventWorld(e);
  const i = hit(x, y);
  canvas.focus();
  if (i === null) {
    state.points.push({ x, y, label: state.newClass });
    state.selected = state.points.length - 1;
    changed();
    return;
  }
  dragging = i;
  moved = false;
  state.selected = i;
  canvas.setPointerCapture(e.pointerId);
  render();
});
canvas.addEventListener('pointermove', (e) => {
  if (dragging === null) return;
  const [x, y] = eventWorld(e);
  moved = true;
  state.points[dragging] = { ...state.points[dragging]!, x: clampView(x), y: clampView(y) };
  changed();
});
const endDrag = () => {
  dragging = null;
  if (moved) changed();
};
canvas.addEventListener('pointerup', endDrag);
canvas.addEventListener('pointercancel', endDrag);
canvas.addEventListener('contextmenu', (e) => {
  e.preventDefault();
  const [x, y] = eventWorld(e);
  const i = hit(x, y);
  if (i !== null) deletePoint(i);
});
canvas.addEventListener('keydown', (e) => {
  if ((e.key === 'Delete' || e.key === 'Backspace') && state.selected !== null) {
    e.preventDefault();
    deletePoint(state.selected);
  }
});

changed({ resetHistory: true });
chart.draw();
