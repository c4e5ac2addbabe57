/**
 * The walkthrough's sections, one per worked example of LECTURE.md (§3–§12), each built once per language
 * and updated in place when an input changes (so typing in a score or dragging a slider keeps its focus).
 * Every number comes from the library: explainBatch/explainExample/explainScores for the steps, the losses
 * for the values, the regularizers for R(W).
 */
import { explainBatch, explainExample, explainScores, type ExampleExplanation } from '../../../src/explain/explain.js';
import { LinclassError } from '../../../src/errors.js';
import { lossInto } from '../../../src/losses/index.js';
import { softmaxCrossEntropySoft, softmaxProbabilities } from '../../../src/losses/softmax-cross-entropy.js';
import { elasticNet, l1, l2 } from '../../../src/regularizers/index.js';
import { fromRows } from '../../../src/tensor/matrix.js';
import { Rng } from '../../../src/tensor/rng.js';
import { fill, h, type Child } from '../common/dom.js';
import type { Ctx, NumberStyle } from './format.js';
import {
  CLASS_NAMES,
  COMPARISON_ROWS,
  EXAMPLE_B,
  EXAMPLE_W,
  EXAMPLE_X,
  EXAMPLE_Y,
  LABELS,
  LECTURE_SCORES,
  type WalkState,
} from './state.js';

export interface Section {
  readonly el: HTMLElement;
  update(): void;
}

type Build = (ctx: Ctx, state: WalkState, changed: () => void) => Section;

const names = [...CLASS_NAMES];

// ---- small builders ----

function section(id: string, number: string, title: string, ...children: Child[]): HTMLElement {
  return h('section', { id, class: 'lecture-section' }, h('h2', {}, h('span', { class: 'sec-num' }, number), ' ', title), ...children);
}

/** A live container: `render` fills it on every update. */
function live(render: (el: HTMLElement) => void, tag: 'div' | 'span' = 'div', attrs: Record<string, string> = {}): { el: HTMLElement; update(): void } {
  const el = h(tag, { class: 'live', ...attrs });
  return { el, update: () => render(el) };
}

function question(ctx: Ctx, text: Child[], answer: Child[]): HTMLElement {
  return h(
    'div',
    { class: 'question' },
    h('p', { class: 'q' }, h('strong', {}, ctx.t('Question. ', 'پرسش. ')), ...text),
    h('div', { class: 'a' }, h('strong', {}, ctx.t('Answer, computed: ', 'پاسخ، محاسبه‌شده: ')), ...answer),
  );
}

function imageName(ctx: Ctx, i: number): string {
  return ctx.t(`${CLASS_NAMES[i]} image`, `تصویر ${ctx.cls(CLASS_NAMES[i]!)}`);
}

/** parts with `sep` between them (a node separator is cloned: a DOM node can only be in one place). */
function joinNodes(parts: Child[], sep: Child): Child[] {
  return parts.flatMap((p, i) => (i === 0 ? [p] : [sep instanceof Node ? sep.cloneNode(true) : sep, p]));
}

/** "L_i = 2.9 + 0 = 2.9" from an explanation (terms from explain, the total from the loss). */
function termSum(ctx: Ctx, e: ExampleExplanation, testid?: string): HTMLElement {
  const total = ctx.num(e.loss);
  if (testid) total.setAttribute('data-testid', testid);
  const parts = e.terms.map((t) => ctx.num(t.value));
  return h('div', { class: 'formula-line' }, ctx.f('L_i = ', ...(e.terms.length > 1 ? [...joinNodes(parts, ' + '), ' = '] : []), total));
}

function termLines(ctx: Ctx, e: ExampleExplanation, only?: (j: number) => boolean): HTMLElement {
  return h(
    'ul',
    { class: 'terms' },
    ...e.terms
      .filter((t) => !only || only(t.j))
      .map((t) =>
        h(
          'li',
          { class: t.active ? 'active' : 'inactive' },
          h('span', { class: 'term-class' }, `j = ${ctx.cls(names[t.j] ?? String(t.j))}`),
          ' ',
          ctx.math(t.expression),
        ),
      ),
  );
}

function matrix(ctx: Ctx, rows: readonly (readonly number[])[], style: NumberStyle = 'lecture', cls = ''): HTMLElement {
  return h(
    'table',
    { class: `matrix ${cls}`, dir: 'ltr' },
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((v) => h('td', {}, ctx.num(v, style)))))),
  );
}

const column = (v: readonly number[]): number[][] => v.map((x) => [x]);

/** A labelled slider that shows its value: `symbol = value`. */
function slider(ctx: Ctx, id: string, symbol: string, range: { min: number; max: number; step: number }, value: number, onInput: (v: number) => void): HTMLElement {
  const input = h('input', { id, type: 'range', min: range.min, max: range.max, step: range.step, value, dir: 'ltr', 'aria-label': symbol });
  const out = h('output', { for: id, class: 'slider-value' });
  const show = (v: number) => fill(out, ctx.f(`${symbol} = `, ctx.num(v, range.step < 0.1 ? 'fixed2' : 'lecture')));
  show(value);
  input.addEventListener('input', () => {
    const v = Number(input.value);
    show(v);
    onInput(v);
  });
  return h('div', { class: 'slider-row' }, out, input);
}

function errorText(err: unknown): string {
  return err instanceof LinclassError ? err.message : String(err);
}

// ---- §0 intro and §3 ----

const intro: Build = (ctx) => ({
  el: h(
    'div',
    { class: 'intro' },
    h('h1', {}, ctx.t('Walkthrough: loss functions and optimization', 'مرور درس: توابع هزینه و بهینه‌سازی')),
    h(
      'p',
      { class: 'muted' },
      ...(ctx.lang === 'fa' ? [] : ['Every worked example of the lecture (CS231n lecture 3, as taught in the Persian deck ', h('bdi', { lang: 'fa', dir: 'rtl' }, '«توابع هزینه و بهینه‌سازی»'), ', 1397), computed live by the linclass library. Change a score in the table of §4 and every number below follows.']),
      ctx.t(
        '',
        'همه‌ی مثال‌های حل‌شده‌ی درس (جلسه‌ی سوم CS231n، به روایت اسلایدهای «توابع هزینه و بهینه‌سازی»، ۱۳۹۷) که کتابخانه‌ی linclass آن‌ها را زنده محاسبه می‌کند. امتیازی را در جدول بخش ۴ تغییر دهید تا همه‌ی اعداد پایین صفحه به‌روز شوند.',
      ),
    ),
  ),
  update: () => {},
});

const definitions: Build = (ctx) => ({
  el: section(
    'loss-and-optimization',
    ctx.digits('3'),
    ctx.t('Loss function and optimization', 'تابع هزینه و بهینه‌سازی'),
    h(
      'ul',
      {},
      h('li', {}, h('strong', {}, ctx.t('Loss function: ', 'تابع هزینه: ')), ctx.t('measures how unhappy we are with the scores computed on the training set.', 'به گونه‌ای تعریف می‌شود که بیانگر میزان ناخشنودی ما از امتیازهای محاسبه‌شده بر روی داده‌های مجموعه‌ی آموزشی باشد.')),
      h('li', {}, h('strong', {}, ctx.t('Optimization: ', 'بهینه‌سازی: ')), ctx.t('finding the values of the parameters that minimise the loss.', 'یافتن مقادیر پارامترها به گونه‌ای که تابع هزینه کمینه گردد.')),
    ),
  ),
  update: () => {},
});

// ---- §4 the scores table ----

const scoresTable: Build = (ctx, state, changed) => {
  const inputs: HTMLInputElement[][] = [];
  const body = h('tbody');
  CLASS_NAMES.forEach((c, j) => {
    const cells: HTMLElement[] = [];
    LECTURE_SCORES.forEach((_, i) => {
      const input = h('input', {
        type: 'number',
        step: 0.1,
        dir: 'ltr',
        value: state.scores[i]![j]!,
        class: i === j ? 'correct' : '',
        'data-testid': `score-${i}-${j}`,
        'aria-label': ctx.t(`score of ${c} for the ${CLASS_NAMES[i]} image`, `امتیاز کلاس ${ctx.cls(c)} برای ${imageName(ctx, i)}`),
      });
      input.addEventListener('input', () => {
        const v = input.valueAsNumber;
        input.classList.toggle('invalid', !Number.isFinite(v));
        if (!Number.isFinite(v)) return;
        state.scores[i]![j] = v;
        changed();
      });
      (inputs[i] ??= [])[j] = input;
      cells.push(h('td', {}, input));
    });
    body.append(h('tr', {}, h('th', { scope: 'row', class: 'text' }, ctx.cls(c)), ...cells));
  });
  const reset = h('button', { type: 'button', 'data-testid': 'reset-scores' }, ctx.t('Back to the lecture’s scores', 'بازگشت به امتیازهای درس'));
  reset.addEventListener('click', () => {
    LECTURE_SCORES.forEach((r, i) => r.forEach((v, j) => {
      state.scores[i]![j] = v;
      inputs[i]![j]!.value = String(v);
      inputs[i]![j]!.classList.remove('invalid');
    }));
    changed();
  });
  return {
    el: section(
      'scores',
      ctx.digits('4'),
      ctx.t('The running example: the score function s = f(x, W) = Wx', 'مثال درس: تابع امتیاز s = f(x, W) = Wx'),
      h(
        'p',
        {},
        ctx.t(
          'The training set: three training images from three different classes. The score function computes a score for every class and every image; here is one column per image, the correct class in bold. Every cell can be edited.',
          'مجموعه‌ی آموزشی شامل ۳ نمونه‌ی آموزشی از ۳ کلاس مختلف است. تابع امتیاز، امتیاز هر کلاس را برای هر یک از داده‌ها محاسبه می‌کند؛ این‌جا هر ستون مربوط به یک تصویر است و امتیاز کلاس درست پررنگ است. همه‌ی خانه‌ها قابل ویرایش‌اند.',
        ),
      ),
      h(
        'table',
        { class: 'data scores-table', 'data-testid': 'scores-table' },
        h('thead', {}, h('tr', {}, h('th', { class: 'text' }, ctx.t('class ↓ · image →', 'کلاس ↓ · تصویر ←')), ...LECTURE_SCORES.map((_, i) => h('th', {}, imageName(ctx, i))))),
        body,
      ),
      h('p', {}, reset),
    ),
    update: () => {},
  };
};

// ---- §5 the multiclass SVM loss and its questions ----

const svm: Build = (ctx, state) => {
  const perImage = live((el) => {
    const b = explainBatch(state.scores, LABELS, { loss: 'ww', classNames: names });
    fill(
      el,
      ...b.examples.map((e, i) =>
        h('div', { class: 'example' }, h('h3', {}, imageName(ctx, i)), termLines(ctx, e), termSum(ctx, e, `svm-loss-${i}`)),
      ),
    );
    const mean = ctx.num(b.mean);
    mean.setAttribute('data-testid', 'svm-mean');
    el.append(
      h(
        'div',
        { class: 'total' },
        h('strong', {}, ctx.t('Full loss: ', 'هزینه‌ی کل: ')),
        ctx.t('the mean of the loss over all training data, ', 'میانگین هزینه بر روی تمام داده‌های آموزشی، '),
        ctx.f('L = (1/N) Σ_i L_i = (', ...joinNodes(b.examples.map((e) => ctx.num(e.loss)), ' + '), `) / ${b.examples.length} = `, mean),
      ),
    );
  });

  const allClasses = live((el) => {
    // Appending a copy of s_y as a fourth column adds exactly the j = y term, max(0, s_y − s_y + Δ).
    const rows = state.scores.map((r, i) => [...r, r[LABELS[i]!]!]);
    const b = explainBatch(rows, LABELS, { loss: 'ww', classNames: [...names, 'j = y'] });
    const base = explainBatch(state.scores, LABELS, { loss: 'ww' });
    fill(
      el,
      h(
        'ul',
        { class: 'terms' },
        ...b.examples.map((e, i) =>
          h(
            'li',
            {},
            imageName(ctx, i),
            ': ',
            ctx.f(e.terms.find((t) => t.j === 3)!.expression, '  →  L_i = ', ctx.num(base.examples[i]!.loss), ' + 1 = ', ctx.num(e.loss)),
          ),
        ),
      ),
      h('p', {}, ctx.f('L = ', ctx.num(b.mean)), ' ', ctx.t('instead of', 'به جای'), ' ', ctx.num(base.mean), ' ', ctx.t('(one more).', '(یک واحد بیشتر).')),
    );
  });

  const sumVsMean = live((el) => {
    const S = fromRows(state.scores, 'float64');
    const sum = lossInto({ name: 'ww' }, S, Int32Array.from(LABELS), null, null);
    const mean = explainBatch(state.scores, LABELS, { loss: 'ww' }).mean;
    fill(el, ctx.f('Σ_i L_i = ', ctx.num(sum), ' = 3 × ', ctx.num(mean)), '.');
  });

  const squared = live((el) => {
    const b = explainBatch(state.scores, LABELS, { loss: 'squared', classNames: names });
    fill(
      el,
      ...b.examples.map((e, i) => h('div', { class: 'example compact' }, h('h3', {}, imageName(ctx, i)), termLines(ctx, e), termSum(ctx, e, `squared-loss-${i}`))),
      h('p', {}, ctx.t('Mean: ', 'میانگین: '), ctx.f('L = ', ctx.num(b.mean))),
    );
  });

  const minMax = live((el) => {
    const winning = state.scores.map((r, i) => r.map((v, j) => (j === LABELS[i] ? v + 10 : v)));
    const zero = explainBatch(winning, LABELS, { loss: 'ww' }).mean;
    const pushes = [10, 100, 1000].map((t) => {
      const rows = state.scores.map((r, i) => r.map((v, j) => (i === 0 && j === 1 ? v + t : v)));
      return { t, loss: explainBatch(rows, LABELS, { loss: 'ww' }).mean };
    });
    fill(
      el,
      h(
        'p',
        {},
        ctx.t('Minimum 0: add 10 to every correct score and ', 'کمینه ۰ است: اگر به امتیاز هر کلاس درست ۱۰ واحد اضافه کنیم، '),
        ctx.f('L = ', ctx.num(zero)),
        ctx.t('. ', ' می‌شود. '),
        ...ctx.r('Maximum $+∞$: raise the car score of the cat image by $t$ and $L$ grows without bound: ', 'بیشینه $+∞$ است: اگر امتیاز خودرو در تصویر گربه را $t$ واحد بالا ببریم، $L$ بی‌کران رشد می‌کند: '),
        ...joinNodes(
          pushes.map((p) => ctx.f(`t = ${p.t}: L = `, ctx.num(p.loss))),
          ctx.lang === 'fa' ? '، ' : ', ',
        ),
        '.',
      ),
    );
  });

  const nearZero = live((el) => {
    // "Small random W": every score is ≈ 0. Scores 0.001·N(0, 1) from the seeded generator.
    const tiny = (n: number, c: number, seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: n }, () => Array.from({ length: c }, () => 0.001 * rng.normal()));
    };
    const labels10 = Array.from({ length: 10 }, (_, i) => i);
    const three = explainBatch(tiny(3, 3, 1), LABELS, { loss: 'ww' }).mean;
    const ten = explainBatch(tiny(10, 10, 2), labels10, { loss: 'ww' }).mean;
    fill(
      el,
      ...ctx.r('Each of the $C − 1$ wrong classes adds $max(0, ≈0 − ≈0 + 1) ≈ 1$, so $L ≈ C − 1$. With scores of size 0.001: here ($C = 3$) ', 'هر یک از $C − 1$ کلاس نادرست حدود $max(0, 0 − 0 + 1) = 1$ اضافه می‌کند، پس $L ≈ C − 1$. با امتیازهایی در حد ۰٫۰۰۱: این‌جا ($C = 3$) '),
      ctx.f('L = ', ctx.num(three, 'fixed3')),
      ...ctx.r('; CIFAR-10 ($C = 10$) ', '؛ برای CIFAR-10 ($C = 10$) '),
      ctx.f('L = ', ctx.num(ten, 'fixed3')),
      ctx.t('. A standard sanity check at the start of training.', '. این یک آزمون درستیِ رایج در شروع آموزش است.'),
    );
  });

  const parts = [perImage, allClasses, sumVsMean, squared, minMax, nearZero];
  return {
    el: section(
      'svm',
      ctx.digits('5'),
      ctx.t('Multiclass SVM loss', 'تابع هزینه SVM چندکلاسی'),
      h(
        'p',
        {},
        ctx.t('The loss of the example ', 'محاسبه‌ی هزینه برای داده‌ی '),
        ctx.math('(x_i, y_i)'),
        ctx.t(': ', '؛ '),
        ctx.math('x_i'),
        ctx.t(' is the input image, ', ' تصویر ورودی و '),
        ctx.math('y_i'),
        ctx.t(' its label (an integer).', ' برچسب تصویر ورودی (یک عدد صحیح) است.'),
      ),
      h('div', { class: 'math-block' }, ctx.math('L_i = Σ_{j≠y_i} max(0, s_j − s_{y_i} + 1)')),
      perImage.el,
      h('h3', {}, ctx.t('Implementation in Python (the deck’s vectorised code)', 'پیاده‌سازی در پایتون (کد برداری اسلاید)')),
      h(
        'pre',
        { class: 'code', dir: 'ltr' },
        'def L_i_vectorized(x, y, W):\n    scores = W.dot(x)\n    margins = np.maximum(0, scores - scores[y] + 1)\n    margins[y] = 0\n    loss_i = np.sum(margins)\n    return loss_i',
      ),
      question(
        ctx,
        ctx.r('What if the sum ran over all classes, $j = y_i$ included?', 'اگر در رابطه‌ی بالا، مجموع روی تمام کلاس‌ها (از جمله $j = y_i$) محاسبه شود، تابع هزینه چگونه تغییر می‌کند؟'),
        [
          ...ctx.r(
            'every $L_i$ grows by exactly the margin $Δ = 1$, the term $j = y_i$: $max(0, s_{y_i} − s_{y_i} + 1) = 1$. $L$ grows by 1 and the best $W$ does not change.',
            'هر $L_i$ دقیقاً به اندازه‌ی حاشیه‌ی $Δ = 1$ بزرگ‌تر می‌شود، یعنی جمله‌ی $j = y_i$: $max(0, s_{y_i} − s_{y_i} + 1) = 1$. پس $L$ یک واحد بیشتر می‌شود و $W$ بهینه تغییر نمی‌کند.',
          ),
          allClasses.el,
        ],
      ),
      question(
        ctx,
        [ctx.t('What if we used the sum instead of the mean?', 'اگر در رابطه‌ی بالا، به جای میانگین از مجموع استفاده شود، تابع هزینه چگونه تغییر می‌کند؟')],
        [...ctx.r('$L$ is multiplied by $N$ (here 3); scaling by a constant does not move the minimum. ', '$L$ در $N$ (این‌جا ۳) ضرب می‌شود؛ ضرب در یک عدد ثابت جای کمینه را تغییر نمی‌دهد. '), sumVsMean.el],
      ),
      question(
        ctx,
        [ctx.t('What if we used this loss instead? ', 'اگر به جای رابطه‌ی بالا، از رابطه‌ی زیر استفاده شود، تابع هزینه چگونه تغییر می‌کند؟ '), ctx.math('L_i = Σ_{j≠y_i} max(0, s_j − s_{y_i} + 1)^2')],
        [
          ...ctx.r(
            'a different loss, not a rescaling: large violations cost much more, so it can prefer a different $W$.',
            'تابع هزینه‌ی دیگری است، نه مقیاس‌شده‌ی همان: تخطی‌های بزرگ بسیار بیشتر جریمه می‌شوند، پس ممکن است $W$ دیگری را ترجیح دهد.',
          ),
          squared.el,
        ],
      ),
      question(ctx, [ctx.t('What are the smallest and largest possible values of the loss?', 'کمترین و بیشترین مقدار ممکن برای تابع هزینه چقدر است؟')], [minMax.el]),
      question(
        ctx,
        [
          ...ctx.r(
            'At the start $W$ is usually initialised with small random values, so all scores are almost zero. What is the loss then?',
            'به طور معمول در لحظه‌ی شروع، مقادیر $W$ با اعداد تصادفی کوچک مقداردهی می‌شوند و بنابراین تمام امتیازها تقریباً صفر هستند. در این حالت مقدار تابع هزینه چقدر است؟',
          ),
        ],
        [nearZero.el],
      ),
    ),
    update: () => parts.forEach((p) => p.update()),
  };
};

// ---- §6 W is not unique ----

const notUnique: Build = (ctx, state, changed) => {
  const body = live((el) => {
    const car = state.scores[1]!;
    const before = explainExample(car, 1, { loss: 'ww', classNames: names });
    const k = state.scale;
    const scaled = explainExample(car.map((v) => k * v), 1, { loss: 'ww', classNames: names });
    const all = explainBatch(state.scores.map((r) => r.map((v) => k * v)), LABELS, { loss: 'ww' });
    fill(
      el,
      h('div', { class: 'example' }, h('h3', {}, ctx.t('Before: W', 'پیش‌تر: W')), termLines(ctx, before), termSum(ctx, before)),
      h(
        'div',
        { class: 'example' },
        h('h3', {}, ...ctx.r(`With $${k}W$: every score is multiplied by ${k}`, `با $${k}W$: همه‌ی امتیازها ${ctx.digits(String(k))} برابر می‌شوند`)),
        termLines(ctx, scaled),
        termSum(ctx, scaled, 'scaled-car-loss'),
      ),
      h(
        'p',
        { class: 'small muted' },
        ...ctx.r(`All three images with $${k}W$: `, `هر سه تصویر با $${k}W$: `),
        ctx.f(...joinNodes(all.examples.map((e) => ctx.num(e.loss)), ', ')),
        ctx.t('; mean ', '؛ میانگین '),
        ctx.num(all.mean),
      ),
    );
  });
  const k = slider(ctx, 'scale-slider', 'k', { min: 0, max: 4, step: 0.5 }, state.scale, (v) => {
    state.scale = v;
    changed();
  });
  return {
    el: section(
      'not-unique',
      ctx.digits('6'),
      ctx.t('A problem with the loss: W is not unique', 'وجود مشکل در تابع هزینه: W یکتا نیست'),
      question(
        ctx,
        ctx.r('Suppose we found a $W$ such that $L = 0$. Is this $W$ unique?', 'فرض کنید یک $W$ پیدا کرده‌ایم به طوری که $L = 0$. آیا $W$ یکتا است؟'),
        ctx.r(
          'no. The car image has loss 0; double $W$ and the scores double, the margins only grow, and the loss stays 0. Any $kW$ with $k ≥ 1$ does the same, so the data loss alone cannot choose among them. Regularization (§7) breaks the tie.',
          'خیر. هزینه‌ی تصویر خودرو صفر است؛ اگر مقدار $W$ را ۲ برابر کنیم، امتیازها ۲ برابر می‌شوند، حاشیه‌ها فقط بزرگ‌تر می‌شوند و هزینه صفر می‌ماند. هر $kW$ با $k ≥ 1$ نیز همین‌طور است؛ پس هزینه‌ی داده به‌تنهایی نمی‌تواند میان آن‌ها انتخاب کند. تنظیم وزن‌ها (بخش ۷) این گره را باز می‌کند.',
        ),
      ),
      k,
      body.el,
    ),
    update: body.update,
  };
};

// ---- §7 regularization ----

const regularization: Build = (ctx, state, changed) => {
  const table = live((el) => {
    const W = fromRows(EXAMPLE_W, 'float64').data;
    const { scores } = explainScores(EXAMPLE_W, EXAMPLE_X, EXAMPLE_B);
    const data = explainExample(scores, EXAMPLE_Y, { loss: 'ww' }).loss;
    const rows = [
      { name: 'L2', formula: 'R(W) = Σ_k Σ_l W_{k,l}^2', R: l2(1).penalty(W), lamR: l2(state.lambda).penalty(W) },
      { name: 'L1', formula: 'R(W) = Σ_k Σ_l |W_{k,l}|', R: l1(1).penalty(W), lamR: l1(state.lambda).penalty(W) },
      {
        name: ctx.t('Elastic net (L1 + L2)', 'Elastic net (L1 + L2)'),
        formula: 'R(W) = Σ_k Σ_l (β W_{k,l}^2 + |W_{k,l}|)',
        R: elasticNet(1, state.beta).penalty(W),
        lamR: elasticNet(state.lambda, state.beta).penalty(W),
      },
    ];
    fill(
      el,
      h(
        'table',
        { class: 'data' },
        h('thead', {}, h('tr', {}, h('th', { class: 'text' }, ''), h('th', { class: 'text' }, ''), h('th', {}, ctx.math('R(W)')), h('th', {}, ctx.math('λR(W)')), h('th', {}, ctx.math('L_{data} + λR')))),
        h(
          'tbody',
          {},
          ...rows.map((r, i) =>
            h('tr', {}, h('td', { class: 'text' }, r.name), h('td', { class: 'text' }, ctx.math(r.formula)), h('td', {}, ctx.num(r.R, 'fixed4')), h('td', { 'data-testid': `reg-${i}` }, ctx.num(r.lamR, 'fixed4')), h('td', {}, ctx.num(data + r.lamR, 'fixed4'))),
          ),
        ),
      ),
      h(
        'p',
        { class: 'small muted' },
        ...ctx.r('$W$ is the 3 × 4 matrix of §9; its hinge data loss is ', '$W$ همان ماتریس ۳ × ۴ بخش ۹ است؛ هزینه‌ی داده‌ی هینج آن '),
        ctx.f('L_{data} = ', ctx.num(data)),
        ...ctx.r(` ($λ = ${state.lambda}$, $β = ${state.beta}$).`, ` است ($λ = ${state.lambda}$، $β = ${state.beta}$).`),
      ),
    );
  });
  const spread = live((el) => {
    const x = [1, 1, 1, 1];
    const w = [
      [1, 0, 0, 0],
      [0.25, 0.25, 0.25, 0.25],
    ];
    const { scores } = explainScores(w, x);
    fill(
      el,
      h(
        'table',
        { class: 'data' },
        h('thead', {}, h('tr', {}, h('th', { class: 'text' }, ''), h('th', {}, ctx.math('w·x')), h('th', {}, ctx.math('Σ w^2')), h('th', {}, ctx.math('Σ |w|')))),
        h(
          'tbody',
          {},
          ...w.map((row, i) =>
            h(
              'tr',
              {},
              h('td', { class: 'text' }, ctx.math(`w_${i + 1} = [${row.join(', ')}]`)),
              h('td', {}, ctx.num(scores[i]!)),
              h('td', {}, ctx.num(l2(1).penalty(Float64Array.from(row)))),
              h('td', {}, ctx.num(l1(1).penalty(Float64Array.from(row)))),
            ),
          ),
        ),
      ),
    );
  });
  const lambda = slider(ctx, 'lambda-slider', 'λ', { min: 0, max: 1, step: 0.01 }, state.lambda, (v) => {
    state.lambda = v;
    changed();
  });
  const beta = slider(ctx, 'beta-slider', 'β', { min: 0, max: 2, step: 0.1 }, state.beta, (v) => {
    state.beta = v;
    changed();
  });
  return {
    el: section(
      'regularization',
      ctx.digits('7'),
      ctx.t('Solution: weight regularization', 'راه حل: تنظیم وزن‌ها'),
      h('div', { class: 'math-block' }, ctx.math('L = (1/N) Σ_i L_i + λ R(W)')),
      h('p', {}, ...ctx.r('$λ$ is the regularization strength, a hyperparameter. Common choices of $R$:', '$λ$ ضریب تنظیم است (یک ابرپارامتر). چند روش متداول برای $R$:')),
      lambda,
      beta,
      table.el,
      h(
        'p',
        {},
        ...ctx.r(
          'L2 prefers small weights spread over all inputs. Both $w$ below give the same score for $x = [1, 1, 1, 1]$, but L2 charges $w_1$ four times more; L1 charges them the same:',
          'L2 وزن‌های کوچکِ پخش‌شده روی همه‌ی ورودی‌ها را ترجیح می‌دهد. هر دو $w$ زیر برای $x = [1, 1, 1, 1]$ امتیاز یکسانی می‌دهند، اما جریمه‌ی L2 برای $w_1$ چهار برابر است؛ L1 هر دو را یکسان جریمه می‌کند:',
        ),
      ),
      spread.el,
    ),
    update: () => {
      table.update();
      spread.update();
    },
  };
};

// ---- §8 softmax ----

function softmaxWalk(ctx: Ctx, e: ExampleExplanation, probStyle: 'lecture' | 'fixed3', testid: string): HTMLElement {
  const w = e.softmax!;
  const col = (title: string, values: readonly number[], style: 'lecture' | 'sig3' | 'fixed3', cls = '') =>
    h('div', { class: `walk-col ${cls}` }, h('div', { class: 'walk-title' }, title), matrix(ctx, column(values), style));
  const loss = ctx.num(e.loss);
  loss.setAttribute('data-testid', testid);
  return h(
    'div',
    { class: 'walk' },
    h(
      'div',
      { class: 'walk-row', dir: 'ltr' },
      col(ctx.t('scores (unnormalised log-probabilities)', 'لگاریتم احتمال‌ها به صورت غیرنرمال'), e.scores, 'lecture'),
      h('div', { class: 'walk-arrow' }, h('div', {}, '→'), h('div', { class: 'small' }, ctx.t('exp', 'توان‌رسانی (exp)'))),
      col(ctx.t('unnormalised probabilities', 'احتمال‌ها به صورت غیرنرمال'), w.exps, 'sig3'),
      h('div', { class: 'walk-arrow' }, h('div', {}, '→'), h('div', { class: 'small' }, ctx.t('normalise', 'نرمال‌سازی'))),
      col(ctx.t('probabilities', 'احتمال‌ها'), w.probabilities, probStyle, 'probs'),
    ),
    h('div', { class: 'formula-line big' }, ctx.f('L_i = −ln ', ctx.num(w.pCorrect, probStyle), ' = ', loss)),
  );
}

const softmax: Build = (ctx, state) => {
  const walk = live((el) => {
    const e = explainExample(state.scores[0]!, 0, { loss: 'softmax', classNames: names });
    fill(el, h('h3', {}, imageName(ctx, 0)), softmaxWalk(ctx, e, 'lecture', 'softmax-loss-0'));
  });
  const allImages = live((el) => {
    const b = explainBatch(state.scores, LABELS, { loss: 'softmax' });
    fill(
      el,
      ctx.t('All three images: ', 'هر سه تصویر: '),
      ...joinNodes(b.examples.map((e, i) => h('span', {}, imageName(ctx, i), ' ', ctx.num(e.loss))), ctx.lang === 'fa' ? '، ' : ', '),
      ctx.t('; mean ', '؛ میانگین '),
      ctx.f('L = ', ctx.num(b.mean)),
    );
  });
  // The erratum is about the lecture's own numbers, so it uses them and not the editable table.
  const lecture = explainExample(LECTURE_SCORES[0]!, 0, { loss: 'softmax' });
  const base10 = lecture.loss / Math.LN10;
  const erratumLoss = ctx.num(lecture.loss);
  erratumLoss.setAttribute('data-testid', 'erratum-natural');
  const nearZero = live((el) => {
    const tiny = (n: number, c: number, seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: n }, () => Array.from({ length: c }, () => 0.001 * rng.normal()));
    };
    const three = explainBatch(tiny(3, 3, 1), LABELS, { loss: 'softmax' }).mean;
    const ten = explainBatch(tiny(10, 10, 2), Array.from({ length: 10 }, (_, i) => i), { loss: 'softmax' }).mean;
    fill(
      el,
      ...ctx.r('every probability is $≈ 1/C$, so $L ≈ −ln(1/C) = ln C$: here ', 'همه‌ی احتمال‌ها حدود $1/C$ هستند، پس $L ≈ −ln(1/C) = ln C$؛ این‌جا '),
      ctx.f('ln 3 ≈ ', ctx.num(three, 'fixed4')),
      ctx.t(', CIFAR-10 ', '، برای CIFAR-10 '),
      ctx.f('ln 10 ≈ ', ctx.num(ten, 'fixed4')),
      '.',
    );
  });
  const parts = [walk, allImages, nearZero];
  return {
    el: section(
      'softmax',
      ctx.digits('8'),
      ctx.t('Softmax classifier (multinomial logistic regression)', 'دسته‌بند سافت‌مکس (رگرسیون لجستیک چندکلاسی)'),
      h('p', {}, ctx.t('Scores are unnormalised log-probabilities of the classes. The softmax function:', 'امتیازها: لگاریتم احتمال کلاس‌ها به صورت نرمال‌نشده! تابع سافت‌مکس:')),
      h('div', { class: 'math-block' }, ctx.math('P(Y = k | X = x_i) = e^{s_k} / Σ_j e^{s_j}')),
      h(
        'p',
        {},
        ctx.t('Goal: maximise the log-likelihood, or minimise the negative log-likelihood of the correct class:', 'هدف: بیشینه‌سازی لگاریتم درست‌نمایی (یا کمینه‌سازی منفی لگاریتم درست‌نمایی!) کلاس درست:'),
      ),
      h('div', { class: 'math-block' }, ctx.math('L_i = −log P(Y = y_i | X = x_i) = −log (e^{s_{y_i}} / Σ_j e^{s_j})')),
      walk.el,
      h(
        'aside',
        { class: 'erratum', 'data-testid': 'erratum' },
        h('strong', {}, ctx.t('Erratum. ', 'اصلاحیه. ')),
        ctx.t('The deck prints ', 'در اسلاید نوشته شده است '),
        ctx.math('−log 0.13 = 0.89'),
        ctx.t('. That is the base-10 logarithm: ', '. این مقدار لگاریتم در مبنای ۱۰ است: '),
        ctx.f('−log_{10} 0.13 = ', ctx.num(base10)),
        ctx.t('. Everywhere else, the next example included (', '. در همه‌ی جاهای دیگر، از جمله مثال بعد ('),
        ctx.math('−ln 0.353 = 1.04'),
        ctx.t('), the logarithm is natural, and then ', ')، لگاریتم طبیعی است و در آن صورت '),
        ctx.f('−ln 0.13 = ', erratumLoss),
        ctx.t('. The library uses the natural log (', '. کتابخانه از لگاریتم طبیعی استفاده می‌کند ('),
        ctx.f(ctx.num(lecture.loss), ' / ln 10 = ', ctx.num(base10)),
        ctx.t(' recovers the slide’s number).', ' عدد اسلاید را بازمی‌سازد).'),
      ),
      h('p', {}, allImages.el),
      question(
        ctx,
        [ctx.t('What are the smallest and largest possible values of the loss?', 'کمترین و بیشترین مقدار ممکن برای تابع هزینه چقدر است؟')],
        [
          ...ctx.r(
            '$0$ and $+∞$, and neither is reached with finite scores: the correct probability is never exactly 1 or 0.',
            '$0$ و $+∞$؛ و با امتیازهای متناهی هیچ‌کدام به دست نمی‌آید: احتمال کلاس درست هرگز دقیقاً ۱ یا ۰ نمی‌شود.',
          ),
        ],
      ),
      question(
        ctx,
        [
          ctx.t(
            'At the start W is small and random, so all scores are almost zero. What is the loss then?',
            'به طور معمول در لحظه‌ی شروع، مقادیر W با اعداد تصادفی کوچک مقداردهی می‌شوند و بنابراین تمام امتیازها تقریباً صفر هستند. در این حالت مقدار تابع هزینه کدام است؟',
          ),
        ],
        [nearZero.el],
      ),
    ),
    update: () => parts.forEach((p) => p.update()),
  };
};

// ---- §9 both losses on one example ----

const combined: Build = (ctx) => {
  const { scores, steps } = explainScores(EXAMPLE_W, EXAMPLE_X, EXAMPLE_B);
  const hinge = explainExample(scores, EXAMPLE_Y, { loss: 'ww' });
  const soft = explainExample(scores, EXAMPLE_Y, { loss: 'softmax' });
  const hingeTotal = ctx.num(hinge.loss);
  hingeTotal.setAttribute('data-testid', 'combined-hinge');
  return {
    el: section(
      'combined',
      ctx.digits('9'),
      ctx.t('Both losses on one example', 'توابع هزینه: هر دو روی یک نمونه'),
      h(
        'div',
        { class: 'wxb', dir: 'ltr' },
        h('div', { class: 'labelled' }, h('div', { class: 'lbl' }, ctx.math('W')), matrix(ctx, EXAMPLE_W)),
        h('div', { class: 'labelled' }, h('div', { class: 'lbl' }, ctx.math('x_i')), matrix(ctx, column(EXAMPLE_X))),
        h('div', { class: 'op' }, '+'),
        h('div', { class: 'labelled' }, h('div', { class: 'lbl' }, ctx.math('b')), matrix(ctx, column(EXAMPLE_B), 'fixed2')),
        h('div', { class: 'op' }, '='),
        h('div', { class: 'labelled' }, h('div', { class: 'lbl' }, ctx.math('s')), matrix(ctx, column(scores), 'fixed2')),
        h('div', { class: 'labelled' }, h('div', { class: 'lbl' }, ctx.math('y_i')), h('div', { class: 'y' }, ctx.num(EXAMPLE_Y))),
      ),
      h('ul', { class: 'terms small' }, ...steps.map((s) => h('li', {}, ctx.math(`s_${s.j} = ${s.expression}`)))),
      h('h3', {}, ctx.t('Hinge loss (SVM)', 'هزینه‌ی هینج (SVM)')),
      termLines(ctx, hinge),
      h('div', { class: 'formula-line big' }, ctx.f('L_i = ', hingeTotal)),
      h('h3', {}, ctx.t('Cross-entropy loss (softmax)', 'هزینه‌ی آنتروپی متقاطع (سافت‌مکس)')),
      softmaxWalk(ctx, soft, 'fixed3', 'combined-softmax'),
    ),
    update: () => {},
  };
};

// ---- §10 comparison with a jiggle slider ----

const comparison: Build = (ctx, state, changed) => {
  const body = live((el) => {
    const rows = COMPARISON_ROWS.map((r) => r.map((v, j) => (j === 0 ? v : v + state.jiggle)));
    const svmB = explainBatch(rows, [0, 0, 0], { loss: 'ww' });
    const softB = explainBatch(rows, [0, 0, 0], { loss: 'softmax' });
    fill(
      el,
      h(
        'table',
        { class: 'data comparison', 'data-testid': 'comparison' },
        h('thead', {}, h('tr', {}, h('th', { class: 'text' }, ctx.t('scores', 'امتیازها')), h('th', {}, ctx.t('SVM loss', 'هزینه‌ی SVM')), h('th', {}, ctx.t('softmax loss', 'هزینه‌ی سافت‌مکس')))),
        h(
          'tbody',
          {},
          ...rows.map((r, i) => {
            const s = ctx.num(svmB.examples[i]!.loss);
            s.setAttribute('data-testid', `cmp-svm-${i}`);
            const p = ctx.num(softB.examples[i]!.loss, softB.examples[i]!.loss >= 0.01 ? 'fixed3' : 'lecture');
            p.setAttribute('data-testid', `cmp-softmax-${i}`);
            return h('tr', {}, h('td', { class: 'text' }, ctx.math(`[${r.map((v) => numberOf(v)).join(', ')}]`)), h('td', {}, s), h('td', {}, p));
          }),
        ),
      ),
    );
  });
  const jiggle = slider(ctx, 'jiggle-slider', 'ε', { min: -2, max: 2, step: 0.05 }, state.jiggle, (v) => {
    state.jiggle = v;
    changed();
  });
  return {
    el: section(
      'comparison',
      ctx.digits('10'),
      ctx.t('Comparison', 'مقایسه'),
      question(
        ctx,
        [
          ...ctx.r(
            'Take a data point and jiggle it a bit (change its scores slightly). How does each of the two losses change? Scores with $y_i = 0$:',
            'فرض کنید یک داده را برداریم و آن را اندکی جابه‌جا کنیم (امتیازهای آن را کمی تغییر دهیم). در مورد هر یک از دو تابع هزینه‌ی داده‌شده، مقدار هزینه چگونه تغییر می‌کند؟ امتیازها با $y_i = 0$:',
          ),
        ],
        [
          ...ctx.r(
            'move the slider: it adds $ε$ to the scores of the wrong classes. The SVM loss stays exactly 0 as long as the correct class wins by the margin, and small jiggles do not change it; the softmax loss is never 0 and moves with every jiggle: it always wants more separation.',
            'لغزنده را حرکت دهید: $ε$ را به امتیاز کلاس‌های نادرست اضافه می‌کند. هزینه‌ی SVM تا وقتی کلاس درست با حاشیه برنده است دقیقاً صفر می‌ماند و جابه‌جایی‌های کوچک آن را تغییر نمی‌دهند؛ هزینه‌ی سافت‌مکس هرگز صفر نیست و با هر جابه‌جایی تغییر می‌کند: همیشه جدایی بیشتری می‌خواهد.',
          ),
        ],
      ),
      jiggle,
      body.el,
    ),
    update: body.update,
  };
};

/** Scores in the comparison table: whole numbers as such, jiggled ones with one decimal. */
function numberOf(v: number): string {
  return String(Number(v.toFixed(1))).replace(/^-/, '−');
}

// ---- §11 and §12 ----

const demo: Build = (ctx) => ({
  el: section(
    'demo',
    ctx.digits('11'),
    ctx.t('Interactive demo', 'اجرای نمایشی'),
    h(
      'p',
      {},
      ctx.t('The deck links the CS231n linear-classification web demo. The lab’s ', 'اسلاید به نسخه‌ی نمایشی وب «دسته‌بندی خطی» CS231n پیوند داده است. '),
      h('a', { href: '/playground/' }, ctx.t('playground', 'زمین بازی')),
      ctx.t(' is that demo rebuilt on this library, with exact gradients, five losses and a kNN mode.', ' در این آزمایشگاه همان نمایش است که روی این کتابخانه بازسازی شده است، با گرادیان‌های دقیق، پنج تابع هزینه و حالت kNN.'),
    ),
  ),
  update: () => {},
});

const crossEntropy: Build = (ctx, state, changed) => {
  const inputs = state.target.map((v, j) => {
    const input = h('input', { type: 'number', step: 0.1, min: 0, max: 1, value: v, dir: 'ltr', 'data-testid': `target-${j}`, 'aria-label': `y_${j}` });
    input.addEventListener('input', () => {
      const x = input.valueAsNumber;
      if (!Number.isFinite(x)) return;
      state.target[j] = x;
      changed();
    });
    return input;
  });
  const probs = live((el) => {
    const S = fromRows([state.scores[0]!], 'float64');
    fill(el, matrix(ctx, column(Array.from(softmaxProbabilities(S).data))));
  });
  const scores = live((el) => fill(el, matrix(ctx, column(state.scores[0]!))));
  const result = live((el) => {
    const S = fromRows([state.scores[0]!], 'float64');
    try {
      const ce = softmaxCrossEntropySoft(S, fromRows([state.target], 'float64')).loss;
      const n = ctx.num(ce);
      n.setAttribute('data-testid', 'cross-entropy');
      fill(el, ctx.f('CE(s, y) = ', n));
    } catch (err) {
      fill(el, h('span', { class: 'bad', 'data-testid': 'cross-entropy-error' }, ctx.t('The library refuses this target: ', 'کتابخانه این هدف را نمی‌پذیرد: '), h('bdi', { dir: 'ltr' }, errorText(err))));
    }
  });
  const body = h(
    'div',
    {},
    h(
      'div',
      { class: 'walk-row', dir: 'ltr' },
      h('div', { class: 'walk-col' }, h('div', { class: 'walk-title' }, ctx.t('scores s', 'امتیازها s')), scores.el),
      h('div', { class: 'walk-arrow' }, '→', h('div', { class: 'small' }, 'softmax')),
      h('div', { class: 'walk-col' }, h('div', { class: 'walk-title' }, 'p'), probs.el),
      h('div', { class: 'walk-col' }, h('div', { class: 'walk-title' }, ctx.t('target y', 'هدف y')), h('div', { class: 'target-inputs' }, ...inputs)),
    ),
    h('div', { class: 'formula-line big' }, result.el),
  );
  return {
    el: section(
      'cross-entropy',
      ctx.digits('12'),
      ctx.t('Appendix: the cross-entropy loss', 'پیوست: تابع هزینه Cross-Entropy'),
      h('div', { class: 'math-block' }, ctx.math('x → Wx + b → softmax → p;   CE(s, y) = −Σ_{i=1}^{C} y_i log p_i')),
      h(
        'p',
        {},
        ...ctx.r(
          'With a one-hot target $y = [1, 0, 0]$ this is the softmax loss of the cat image above. The general form accepts any target distribution (soft targets, label smoothing): edit $y$.',
          'با هدف تک‌داغ (one-hot) $y = [1, 0, 0]$ این همان هزینه‌ی سافت‌مکس تصویر گربه در بالا است. شکل کلی هر توزیع هدفی را می‌پذیرد (هدف‌های نرم، هموارسازی برچسب): $y$ را تغییر دهید.',
        ),
      ),
      body,
    ),
    update: () => [probs, scores, result].forEach((p) => p.update()),
  };
};

export const SECTIONS: readonly Build[] = [intro, definitions, scoresTable, svm, notUnique, regularization, softmax, combined, comparison, demo, crossEntropy];
