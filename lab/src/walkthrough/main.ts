/**
 * Page 2, the walkthrough: the lecture's worked examples, live, in English or Persian. The language lives in
 * the URL (?lang=fa), so a link opens the page in the reader's language; the Persian page is right-to-left
 * (dir="rtl", lang="fa") with mathematics isolated left-to-right.
 */
import type { Lang } from '../../../src/explain/i18n.js';
import { byId, fill, h } from '../common/dom.js';
import { siteHeader, type NavLabels } from '../common/site.js';
import { makeCtx } from './format.js';
import { SECTIONS, type Section } from './sections.js';
import { initialState } from './state.js';

const NAV: Readonly<Record<Lang, NavLabels>> = {
  en: { brand: 'linclass lab', playground: 'Playground', walkthrough: 'Walkthrough', images: 'Images' },
  fa: { brand: 'آزمایشگاه linclass', playground: 'زمین بازی', walkthrough: 'مرور درس', images: 'تصاویر' },
};

const TITLE: Readonly<Record<Lang, string>> = {
  en: 'Walkthrough — linclass lab',
  fa: 'مرور درس: توابع هزینه و بهینه‌سازی — آزمایشگاه linclass',
};

const params = new URLSearchParams(location.search);
let lang: Lang = params.get('lang') === 'fa' ? 'fa' : 'en';
let persianDigits = params.get('digits') === 'fa';
const state = initialState();
const app = byId('app');
let sections: Section[] = [];

function syncUrl(): void {
  const q = new URLSearchParams();
  if (lang === 'fa') q.set('lang', 'fa');
  if (lang === 'fa' && persianDigits) q.set('digits', 'fa');
  const search = q.toString();
  history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
}

function build(): void {
  const root = document.documentElement;
  root.lang = lang;
  root.dir = lang === 'fa' ? 'rtl' : 'ltr';
  document.title = TITLE[lang];
  const ctx = makeCtx(lang, persianDigits);
  const switcher = h(
    'div',
    { class: 'lang-switch row' },
    h(
      'button',
      {
        type: 'button',
        id: 'lang-toggle',
        'data-testid': 'lang-toggle',
        lang: lang === 'fa' ? 'en' : 'fa',
        onclick: () => {
          lang = lang === 'fa' ? 'en' : 'fa';
          syncUrl();
          build();
        },
      },
      lang === 'fa' ? 'English' : 'فارسی',
    ),
    lang === 'fa'
      ? h(
          'label',
          { class: 'row' },
          h('input', {
            type: 'checkbox',
            id: 'digits-toggle',
            'data-testid': 'digits-toggle',
            checked: persianDigits,
            onchange: (e: Event) => {
              persianDigits = (e.target as HTMLInputElement).checked;
              syncUrl();
              build();
            },
          }),
          'ارقام فارسی',
        )
      : null,
  );
  sections = SECTIONS.map((make) => make(ctx, state, changed));
  const toc = h(
    'nav',
    { class: 'toc', 'aria-label': ctx.t('Sections', 'بخش‌ها') },
    ...sections
      .map((s) => s.el)
      .filter((el) => el.tagName === 'SECTION')
      .map((el) => h('a', { href: `#${el.id}` }, el.querySelector('h2')!.textContent ?? '')),
  );
  fill(app, siteHeader('walkthrough', NAV[lang], switcher), h('main', { class: 'walkthrough' }, sections[0]!.el, toc, ...sections.slice(1).map((s) => s.el)));
  changed();
}

function changed(): void {
  for (const s of sections) s.update();
}

build();
