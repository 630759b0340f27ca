// Sources as a reader wants them: a short name in the text (the site, "chinadaily.com.cn"),
// the whole address on demand (a button that shows it, on screen) or in a numbered footnote
// (the A4 print lists the addresses once, in its appendix). Only how a source text is shown:
// the texts are the engine's, unchanged — the element's text is still the whole source (the
// short name and the footnote's number are drawn from attributes), so copying or searching
// the page finds the address.
import { h } from './dom.js';

/** An address as the data writes it: a host with a path, with or without its scheme. */
const ADDRESS = /(?:https?:\/\/)?((?:[a-z0-9-]+\.)+[a-z]{2,})(\/(?:[^\s;；，,、）)\]]|,(?=[^\s,]))*)/gi;

/** The short name of a host: without "www." and a mobile "m.". */
export const shortHost = (host) => host.toLowerCase().replace(/(^|\.)www\./, '$1').replace(/^m\./, '');

/** Footnotes of a printed report: each address once, numbered in the order it first appears. */
export class Footnotes {
  constructor() { this.list = []; this.index = new Map(); }
  number(address) {
    if (!this.index.has(address)) {
      this.list.push(address);
      this.index.set(address, this.list.length);
    }
    return this.index.get(address);
  }
  clear() { this.list = []; this.index = new Map(); }
}

/**
 * A text with every address in it shown as its short name: a button named by it (which shows
 * the address, hidden until then) and, with `notes`, the footnote's number for print.
 */
export function sourceText(text, notes = null) {
  const s = String(text ?? '');
  const out = [];
  let at = 0;
  for (const m of s.matchAll(ADDRESS)) {
    if (m.index > at) out.push(s.slice(at, m.index));
    const address = m[0];
    const short = shortHost(m[1]);
    const n = notes ? notes.number(address) : null;
    out.push(h('span', { class: 'src' },
      h('button', { type: 'button', class: 'src-name', 'data-short': short, 'aria-label': short, 'aria-expanded': 'false' }),
      n ? h('sup', { class: 'fn', 'data-n': String(n), 'aria-hidden': 'true' }) : null,
      h('span', { class: 'src-address', hidden: true }, address)));
    at = m.index + address.length;
  }
  if (at < s.length) out.push(s.slice(at));
  return out;
}

// a source's address, shown and hidden again by its button
document.addEventListener('click', (e) => {
  const btn = e.target.closest && e.target.closest('button.src-name');
  if (!btn) return;
  const address = btn.parentElement.querySelector('.src-address');
  const open = btn.getAttribute('aria-expanded') !== 'true';
  btn.setAttribute('aria-expanded', String(open));
  address.hidden = !open;
});
