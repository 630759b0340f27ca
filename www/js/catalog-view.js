// The catalog view: search (in the engine: Chinese name, pinyin initials with one
// typo allowed, English name) and every fact with its source and confidence.
import { t, text, unitName, currentLang } from './i18n.js';
import { h, fill, $ } from './dom.js';
import { unitPrice, percent, quantity } from './format.js';
import { sourceText } from './sources.js';

let entries = null;
let wired = false;

function conf(c) {
  return h('span', { class: `conf conf-${c}`, title: `${t('confidence')} ${c}` }, c === 'unknown' ? '?' : c);
}

/** A fact: its value, confidence and source; unknown stays unknown. */
function fact(f, show) {
  if (!f || f.value === null || f.value === undefined) return [t('unknown'), f ? conf(f.confidence) : null];
  const note = text(f, 'note', currentLang());
  return [show(f.value), conf(f.confidence), note ? h('div', { class: 'hint' }, note) : null, f.source ? h('div', { class: 'source' }, sourceText(f.source)) : null];
}

function entryCard(e, hit, actions, lang) {
  const u = unitName(e.unit, lang);
  const row = (label, ...value) => [h('dt', {}, label), h('dd', {}, ...value)];
  const kind = t('match_kind')[hit.matched];
  return h('article', { class: 'entry', 'data-id': e.id },
    h('h3', {}, lang === 'en' ? e.generic_name_en : e.generic_name_zh, conf(e.confidence)),
    h('div', { class: 'en' }, lang === 'en' ? e.generic_name_zh : e.generic_name_en, ' · ', e.pinyin, kind ? h('span', { class: 'badge src' }, kind) : null),
    h('dl', {},
      row(t('f_status'), t('status_names')[e.status] || e.status),
      row(t('f_category'), (lang === 'en' ? e.category.en : e.category.zh) || t('unknown'), h('div', { class: 'hint' }, text(e.category, 'indication', lang))),
      e.dosage_form ? row(t('f_form'), text(e, 'dosage_form', lang)) : null,
      row(t('f_ceiling'), ...fact(e.ceiling_price, (v) => `${unitPrice(v, lang)}${u ? t('per_unit', u) : ''}`)),
      e.reference_price ? row(t('f_reference'), ...fact(e.reference_price, (v) => `${unitPrice(v, lang)}${u ? t('per_unit', u) : ''}`)) : null,
      e.average_price_cut ? row(t('f_cut'), ...fact(e.average_price_cut, (v) => percent(v, lang))) : null,
      e.products.length ? row(t('f_products'), h('ul', {}, e.products.map((p) => h('li', {},
        h('span', { class: 'pack' }, `${p.company} · ${text(p, 'pack', lang)} · ${unitPrice(p.pack_price, lang)} (${quantity(p.units_per_pack, lang)} ${unitName(p.unit, lang)})`), conf(p.confidence),
        p.note ? h('div', { class: 'hint' }, text(p, 'note', lang)) : null,
        h('div', { class: 'source' }, sourceText(p.source)))))) : null,
      e.winners.length ? row(t('f_winners'), h('ul', {}, e.winners.map((w) => h('li', {}, text(w, 'company', lang), conf(w.confidence), w.note ? h('div', { class: 'hint' }, text(w, 'note', lang)) : null, h('div', { class: 'source' }, sourceText(w.source)))))) : null,
      e.demand_base ? row(t('f_demand'), ...fact(e.demand_base, (v) => `${quantity(v, lang)} ${u}`)) : null,
      e.notes || e.notes_zh ? row(t('f_notes'), h('span', { class: 'notes' }, text(e, 'notes', lang))) : null,
      row(t('f_sources'), h('ul', {}, e.sources.map((s) => h('li', { class: 'source' }, sourceText(s)))))),
    h('button', { type: 'button', onclick: () => { actions.addLine(e.generic_name_zh); document.getElementById('status').textContent = t('added', e.generic_name_zh); } }, t('add_to_input')));
}

export function renderCatalog(engine, actions) {
  const lang = currentLang();
  const cat = engine.catalog();
  entries = new Map(cat.entries.map((e) => [e.id, e]));
  const cov = cat.coverage;
  fill($('#catalog-notice'), t('catalog_notice', cov));
  const input = $('#catalog-search');
  input.setAttribute('aria-describedby', 'catalog-count');
  const run = () => {
    const q = input.value;
    const hits = engine.searchCatalog(q);
    fill($('#catalog-count'), t('catalog_count', hits.length, q.trim()));
    fill($('#catalog-list'), hits.map((hit) => entryCard(entries.get(hit.id), hit, actions, lang)));
  };
  if (!wired) {
    input.addEventListener('input', () => renderCatalog(engine, actions));
    wired = true;
  }
  run();
}
