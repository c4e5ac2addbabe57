/** The two languages of explanations and the lab, and class names the lecture uses, in both. */

export type Lang = 'en' | 'fa';

export interface Text {
  readonly en: string;
  readonly fa: string;
}

/** Persian names for the class names the lecture uses (the running example and CIFAR-10, §2 and §4). */
export const PERSIAN_CLASS_NAMES: Readonly<Record<string, string>> = {
  cat: 'گربه',
  car: 'خودرو',
  frog: 'قورباغه',
  airplane: 'هواپیما',
  automobile: 'خودرو',
  bird: 'پرنده',
  deer: 'گوزن',
  dog: 'سگ',
  horse: 'اسب',
  ship: 'کشتی',
  truck: 'کامیون',
};

export function className(name: string, lang: Lang): string {
  return lang === 'fa' ? (PERSIAN_CLASS_NAMES[name] ?? name) : name;
}

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

/** Western digits to Persian ones (the lab offers this; mathematics stays in Western digits by default). */
export function toPersianDigits(s: string): string {
  return s.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]!).replace(/\./g, '٫');
}

/**
 * A number as the slides print it: two decimals with trailing zeros dropped (2.9, 12.9, 5.27, 164), and two
 * significant digits for small values that two decimals would show as 0 (0.00097, 3.4e-48).
 */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  let s: string;
  if (a >= 0.01) s = String(Number(v.toFixed(2)));
  else if (a >= 1e-6) s = String(Number(v.toPrecision(2)));
  else s = v.toExponential(1);
  return s.replace(/^-/, '−');
}
