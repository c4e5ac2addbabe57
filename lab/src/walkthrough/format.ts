/**
 * How the walkthrough writes numbers and formulas in either language. Mathematics is always laid out
 * left-to-right, isolated from the surrounding text (<bdi dir="ltr">), so a Persian sentence can hold
 * "max(0, 5.1 − 3.2 + 1)" without the bidi algorithm reordering it. Persian digits are optional.
 */
import { className, formatNumber, toPersianDigits, type Lang } from '../../../src/explain/i18n.js';
import { h, type Child } from '../common/dom.js';

export type NumberStyle = 'lecture' | 'sig3' | 'fixed2' | 'fixed3' | 'fixed4';

export interface Ctx {
  readonly lang: Lang;
  readonly persianDigits: boolean;
  /** The English or the Persian text. */
  t(en: string, fa: string): string;
  /** A number, isolated left-to-right; `lecture` is the library's formatNumber (2.9, 5.27, 0.00097). */
  num(v: number, style?: NumberStyle): HTMLElement;
  /** A formula: `_x`/`_{…}` become subscripts and `^x`/`^{…}` superscripts. */
  math(src: string): HTMLElement;
  /**
   * A formula made of several pieces (strings are formula text, nodes are numbers): one left-to-right
   * isolate around all of them, so on the Persian page "L = (2.9 + 0 + 12.9) / 3 = 5.27" keeps its order.
   */
  f(...parts: Child[]): HTMLElement;
  /** Text in the page's language whose $…$ spans are formulas. */
  r(en: string, fa: string): Child[];
  /** A class name in the page's language. */
  cls(name: string): string;
  /** Digits converted when Persian digits are on. */
  digits(s: string): string;
}

export function numberText(v: number, style: NumberStyle = 'lecture'): string {
  switch (style) {
    case 'lecture':
      return formatNumber(v);
    case 'sig3':
      return minus(String(Number(v.toPrecision(3))));
    case 'fixed2':
      return minus(v.toFixed(2));
    case 'fixed3':
      return minus(v.toFixed(3));
    case 'fixed4':
      return minus(v.toFixed(4));
  }
}

const minus = (s: string): string => s.replace(/^-/, '−');

export function makeCtx(lang: Lang, persianDigits: boolean): Ctx {
  // With Persian digits, "·" would look like the Persian zero (a dot): products are written with "×".
  const digits = (s: string): string => (lang === 'fa' && persianDigits ? toPersianDigits(s).replace(/·/g, '×') : s);
  const ctx: Ctx = {
    lang,
    persianDigits,
    t: (en, fa) => (lang === 'fa' ? fa : en),
    digits,
    cls: (name) => className(name, lang),
    num(v, style = 'lecture') {
      const text = numberText(v, style);
      const el = h('bdi', { dir: 'ltr', class: 'num', 'data-value': v });
      const e = /^(−?[\d.]+)e([+-]\d+)$/.exec(text);
      if (e) {
        // 3.4e-48 as 3.4·10⁻⁴⁸, the way the lecture writes it.
        el.append(digits(e[1]!), '·', digits('10'), h('sup', {}, digits(minus(String(Number(e[2]))))));
      } else {
        el.textContent = digits(text);
      }
      return el;
    },
    math(src) {
      const el = h('bdi', { dir: 'ltr', class: 'math' });
      appendMath(el, src, digits);
      return el;
    },
    f(...parts) {
      const el = h('bdi', { dir: 'ltr', class: 'math' });
      for (const part of parts) {
        if (typeof part === 'string') appendMath(el, part, digits);
        else if (typeof part === 'number') appendMath(el, String(part), digits);
        else if (part) el.append(part);
      }
      return el;
    },
    r(en, fa) {
      const text = lang === 'fa' ? fa : en;
      return text.split(/\$([^$]*)\$/).map((piece, i) => (i % 2 === 1 ? ctx.math(piece) : piece)).filter((p) => p !== '');
    },
  };
  return ctx;
}

/** Writes `src` into `el`, turning _x, _{…}, ^x and ^{…} into <sub>/<sup> (nested braces allowed). */
export function appendMath(el: HTMLElement, src: string, digits: (s: string) => string = (s) => s): void {
  let i = 0;
  let text = '';
  const flush = () => {
    if (text) el.append(digits(text));
    text = '';
  };
  while (i < src.length) {
    const ch = src[i]!;
    if ((ch === '_' || ch === '^') && i + 1 < src.length) {
      flush();
      let body: string;
      if (src[i + 1] === '{') {
        let depth = 0;
        let j = i + 1;
        for (; j < src.length; j++) {
          if (src[j] === '{') depth++;
          else if (src[j] === '}' && --depth === 0) break;
        }
        body = src.slice(i + 2, j);
        i = j + 1;
      } else {
        body = src[i + 1]!;
        i += 2;
      }
      const inner = document.createElement(ch === '_' ? 'sub' : 'sup');
      // Indices and exponents keep Western digits: a subscript Persian zero is a bare dot.
      appendMath(inner, body);
      el.append(inner);
      continue;
    }
    text += ch;
    i++;
  }
  flush();
}
