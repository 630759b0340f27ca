// Long tables a page at a time: a large file's rejected rows run to 10,000 and its match
// review to 1,000; drawing them all at once would hold the page for most of a second.
// Every row stays reachable (previous / next, with the range and the count shown).
import { t, currentLang } from './i18n.js';
import { h, fill } from './dom.js';

const at = new Map(); // table id → { key, from }

/**
 * The part of `items` to draw in table `id`, and its pager (#id-pager, hidden when one page
 * holds every item). `key` identifies the list (a new report starts on the first page);
 * `redraw` draws the table again when the page changes.
 */
export function pageOf(id, items, size, key, redraw) {
  let s = at.get(id);
  if (!s || s.key !== key) s = { key, from: 0 };
  if (s.from >= items.length) s.from = Math.max(0, Math.floor((items.length - 1) / size) * size);
  at.set(id, s);
  const nav = document.getElementById(`${id}-pager`);
  nav.hidden = items.length <= size;
  if (!nav.hidden) {
    const n = (x) => new Intl.NumberFormat(currentLang() === 'en' ? 'en' : 'zh-CN').format(x);
    const go = (from) => () => { s.from = from; redraw(); };
    fill(nav,
      h('button', { type: 'button', disabled: s.from === 0, onclick: go(Math.max(0, s.from - size)) }, t('page_prev')),
      ' ', h('span', { class: 'page-range' }, t('page_range', n(s.from + 1), n(Math.min(items.length, s.from + size)), n(items.length))), ' ',
      h('button', { type: 'button', disabled: s.from + size >= items.length, onclick: go(s.from + size) }, t('page_next')));
  }
  return items.slice(s.from, s.from + size);
}
