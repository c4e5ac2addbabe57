/** The header every page shares. */
import { h } from './dom.js';

export type PageName = 'home' | 'playground' | 'walkthrough' | 'images';

export interface NavLabels {
  readonly brand: string;
  readonly playground: string;
  readonly walkthrough: string;
  readonly images: string;
}

export const NAV_EN: NavLabels = { brand: 'linclass lab', playground: 'Playground', walkthrough: 'Walkthrough', images: 'Images' };

/** The site header; `extra` goes at the inline end (the language switch on the walkthrough). */
export function siteHeader(current: PageName, labels: NavLabels = NAV_EN, extra: Node | null = null, query = ''): HTMLElement {
  const link = (page: Exclude<PageName, 'home'>) =>
    h('a', { href: `/${page}/${query}`, 'aria-current': page === current ? 'page' : null }, labels[page]);
  return h(
    'header',
    { class: 'site' },
    h('a', { class: 'brand', href: `/${query}` }, labels.brand),
    h('nav', {}, link('playground'), link('walkthrough'), link('images')),
    h('span', { class: 'spacer' }),
    extra,
  );
}
