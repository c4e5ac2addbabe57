/**
 * XML well-formedness for the SVG tests: @xmldom/xmldom parses (any error or warning fails), and two checks
 * it is lenient about are added: no bare '&' and no character XML 1.0 forbids.
 */
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';

export function parseXml(text: string): Document {
  const bare = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(text);
  if (bare) throw new Error(`bare '&' at ${bare.index}: ${text.slice(bare.index, bare.index + 20)}`);
  // eslint-disable-next-line no-control-regex -- looking for the characters XML forbids
  const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.exec(text);
  if (bad) throw new Error(`character U+${bad[0].charCodeAt(0).toString(16)} is not allowed in XML, at ${bad.index}`);
  return new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(text, 'image/svg+xml');
}

/** Elements named `tag` (any namespace), as an array. */
export function elements(doc: Document | Element, tag: string): Element[] {
  return Array.from(doc.getElementsByTagName(tag));
}

/** Elements whose class attribute lists `name`. */
export function byClass(doc: Document | Element, tag: string, name: string): Element[] {
  return elements(doc, tag).filter((e) => (e.getAttribute('class') ?? '').split(/\s+/).includes(name));
}

/** Text content of each element, trimmed. */
export function texts(els: readonly Element[]): string[] {
  return els.map((e) => (e.textContent ?? '').trim());
}
