/**
 * Explanations as text, in English or Persian. Mathematics stays left-to-right: in Persian lines each formula
 * is wrapped in Unicode isolates (LRI … PDI), so a terminal or page that applies the bidi algorithm keeps
 * "max(0, 5.1 − 3.2 + 1)" readable inside right-to-left text.
 */
import type { BatchExplanation, ExampleExplanation } from './explain.js';
import { LOSS_TEXT } from './explain.js';
import { className, formatNumber, type Lang } from './i18n.js';

const LRI = '\u2066';
const PDI = '\u2069';

function math(s: string, lang: Lang): string {
  return lang === 'fa' ? `${LRI}${s}${PDI}` : s;
}

function line(lang: Lang, en: string, fa: string, formula?: string): string {
  const text = lang === 'fa' ? fa : en;
  return formula === undefined ? text : `${text}: ${math(formula, lang)}`;
}

function list(values: readonly number[]): string {
  return `[${values.map(formatNumber).join(', ')}]`;
}

export function renderExample(e: ExampleExplanation, lang: Lang, index?: number): string[] {
  const out: string[] = [];
  const names = e.classNames;
  const name = (j: number) => (names ? className(names[j]!, lang) : String(j));
  const tag = (j: number) => (names ? ` (${name(j)})` : '');
  const title = LOSS_TEXT[e.lossName][lang];
  out.push(
    index === undefined
      ? title
      : line(lang, `Example ${index + 1} (${title})`, `نمونه ${index + 1} (${title})`),
  );
  if (e.scoreSteps) {
    out.push(line(lang, 'Scores s = Wx + b', 'امتیازها s = Wx + b'));
    for (const st of e.scoreSteps) out.push(`  ${math(`s_${st.j}${tag(st.j)} = ${st.expression}`, lang)}`);
  }
  out.push(
    line(lang, 'Scores', 'امتیازها', names ? e.scores.map((v, j) => `${name(j)} ${formatNumber(v)}`).join(', ') : `s = ${list(e.scores)}`),
  );
  out.push(
    line(lang, 'Correct class', 'کلاس درست', `y = ${e.label}${tag(e.label)}, s_y = ${formatNumber(e.scores[e.label]!)}`),
  );
  switch (e.lossName) {
    case 'ww':
    case 'squared':
      out.push(
        line(
          lang,
          `For each wrong class j: max(0, s_j − s_y + Δ)${e.lossName === 'squared' ? '²' : ''}, Δ = ${formatNumber(e.margin)}`,
          `برای هر کلاس نادرست j: ${math(`max(0, s_j − s_y + Δ)${e.lossName === 'squared' ? '²' : ''}, Δ = ${formatNumber(e.margin)}`, lang)}`,
        ),
      );
      break;
    case 'ova':
      out.push(
        line(
          lang,
          'For every class j, one binary hinge: max(0, Δ − t_j·s_j), t_j = +1 for the correct class, −1 otherwise',
          `برای هر کلاس j یک هینج دودویی: ${math('max(0, Δ − t_j·s_j)', lang)}، برای کلاس درست ${math('t_j = +1', lang)} و در غیر این صورت ${math('−1', lang)}`,
        ),
      );
      break;
    case 'cs':
      out.push(
        line(
          lang,
          'Only the highest-scoring wrong class counts: max(0, Δ + max_{j≠y} s_j − s_y)',
          `فقط کلاس نادرستِ با بیشترین امتیاز حساب می‌شود: ${math('max(0, Δ + max_{j≠y} s_j − s_y)', lang)}`,
        ),
      );
      break;
    case 'softmax':
      break;
  }
  for (const t of e.terms) out.push(`  ${math(`j = ${t.j}${tag(t.j)}: ${t.expression}`, lang)}`);
  if (e.softmax) {
    const w = e.softmax;
    out.push(line(lang, 'Exponentiate (unnormalised probabilities) e^s', 'توان نمایی (احتمال‌های نرمال‌نشده) e^s', list(w.exps)));
    out.push(line(lang, 'Normalise (probabilities) p = e^s / Σ e^s', 'نرمال‌سازی (احتمال‌ها) p = e^s / Σ e^s', list(w.probabilities)));
    out.push(
      line(lang, 'Loss', 'هزینه', `L_i = −ln p_y = −ln ${formatNumber(w.pCorrect)} = ${formatNumber(e.loss)}`),
    );
  } else {
    const sum = e.terms.map((t) => formatNumber(t.value)).join(' + ');
    out.push(line(lang, 'Loss', 'هزینه', `L_i = ${e.terms.length > 1 ? `${sum} = ` : ''}${formatNumber(e.loss)}`));
  }
  return out;
}

export function renderBatch(b: BatchExplanation, lang: Lang): string[] {
  if (b.examples.length === 1) return renderExample(b.examples[0]!, lang);
  const out: string[] = [];
  b.examples.forEach((e, i) => {
    out.push(...renderExample(e, lang, i), '');
  });
  const n = b.examples.length;
  const sum = b.examples.map((e) => formatNumber(e.loss)).join(' + ');
  out.push(line(lang, 'Mean over the examples', 'میانگین روی نمونه‌ها', `L = (1/N) Σ L_i = (${sum}) / ${n} = ${formatNumber(b.mean)}`));
  return out;
}
