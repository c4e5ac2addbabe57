/**
 * Text that goes into SVG and HTML: escaping, and the layout guesses SVG needs because it cannot measure
 * text before a viewer draws it. Browser-safe.
 */

/**
 * `text` made safe as XML/HTML character data or a quoted attribute value: & < > " ' become entities, and
 * characters XML 1.0 forbids (controls other than tab, newline and return; lone surrogates; U+FFFE, U+FFFF)
 * become U+FFFD, so a class name read from a CSV file cannot make the document ill-formed.
 */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A generous guess at the width of `text` in a proportional sans-serif font: 0.62 em per character (digits and
 * most lower-case letters are narrower, so labels laid out with it do not collide).
 */
export function estimateTextWidth(text: string, fontSize: number): number {
  return Array.from(text).length * 0.62 * fontSize;
}

/** `text` cut to at most `maxChars` characters, the last one then being '…'. */
export function truncate(text: string, maxChars: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  return maxChars <= 0 ? '' : chars.slice(0, maxChars - 1).join('') + '\u2026';
}

/** A number for an SVG attribute: at most 2 decimals, no trailing zeros, no "-0". */
export function px(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}
