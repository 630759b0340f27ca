// Sources as a reader wants them: a short name in the text (the site, "chinadaily.com.cn"),
// the whole address on demand (a disclosure on screen) or in a numbered footnote (the A4
// print lists them once, in its appendix). Only how a source text is shown: the texts are
// the engine's, unchanged.
import { h } from './dom.js';

/** An address as the data writes it: a host with a path, with or without its scheme. */
const ADDRESS = /(?:https?:\/\/)?((?:[a-z0-9-]+\.)+[a-z]{2,})(\/[^\s;；，,、）)\]]*)/gi;

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
 * A text with every address in it shown as its short name: a `<details class="src">` whose
 * summary is the name (and, for print, the footnote's number) and whose body is the address.
 */
export function sourceText(text, notes = null) {
  const s = String(text ?? '');
  const out = [];
  let at = 0;
  for (const m of s.matchAll(ADDRESS)) {
    if (m.index > at) out.push(s.slice(at, m.index));
    const address = m[0];
    const n = notes ? notes.number(address) : null;
    out.push(h('details', { class: 'src' },
      h('summary', {}, shortHost(m[1]), n ? h('sup', { class: 'fn' }, String(n)) : null),
      h('span', { class: 'src-address' }, address)));
    at = m.index + address.length;
  }
  if (at < s.length) out.push(s.slice(at));
  return out;
}
