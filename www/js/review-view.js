// The match review: usage lines the engine could not match to one catalog product with
// certainty (no manufacturer where several winners exist, a name that only resembles a
// catalog name). Each gets a choice — one of the engine's candidates, or none — which
// goes back to the engine as an override; until then the line is not priced from the
// catalog. Lines already decided stay listed so the choice can be changed.
import { t, text, unitName, currentLang } from './i18n.js';
import { h, fill, $ } from './dom.js';
import { unitPrice } from './format.js';
import { pageOf } from './pager.js';

/** Review items drawn at a time (each has a choice list). */
export const REVIEW_PAGE = 25;

function candidateLabel(c, lang) {
  const price = c.unit_price ? `${unitPrice(c.unit_price, lang)}${c.unit ? `/${unitName(c.unit, lang)}` : ''}` : t('unknown');
  return [c.drug, c.company, text(c, 'pack', lang), price].filter(Boolean).join(' · ');
}

export function renderReview(state, actions) {
  const lang = currentLang();
  const r = state.report;
  const section = $('#review-section');
  if (!r) {
    section.hidden = true;
    return;
  }
  const open = new Map(r.review.map((item) => [item.line, item]));
  // decided lines: the choice made, with the candidates last shown for them
  for (const line of Object.keys(state.overrides)) {
    const n = Number(line);
    if (!open.has(n) && state.seenReview[line]) open.set(n, state.seenReview[line]);
  }
  const items = [...open.values()].sort((a, b) => a.line - b.line);
  section.hidden = items.length === 0;
  fill($('#review-count'), `(${r.review.length})`);
  const table = $('#review-table');
  fill(table.tHead, h('tr', {},
    h('th', { scope: 'col', class: 'num' }, t('col_line')),
    h('th', { scope: 'col' }, t('col_drug')),
    h('th', { scope: 'col' }, t('col_manufacturer')),
    h('th', { scope: 'col' }, t('col_spec')),
    h('th', { scope: 'col', class: 'reason' }, t('col_reason')),
    h('th', { scope: 'col' }, t('col_choice'))));
  const priced = new Map(r.lines.map((l) => [l.line, l]));
  const shown = pageOf('review-table', items, REVIEW_PAGE, r, () => renderReview(state, actions));
  fill(table.tBodies[0], shown.map((item) => {
    const chosen = state.overrides[String(item.line)] || '';
    const line = priced.get(item.line);
    const select = h('select', {
      'aria-label': t('choice_for', item.line, item.drug),
      dataset: { line: String(item.line) },
      onchange: (e) => actions.override(item.line, e.target.value || null),
    },
    h('option', { value: '' }, t('choice_undecided')),
    item.candidates.map((c) => h('option', { value: c.product }, candidateLabel(c, lang))),
    h('option', { value: 'none' }, t('choice_none')));
    select.value = chosen;
    return h('tr', { class: chosen ? undefined : 'estimated', 'data-line': String(item.line) },
      h('td', { class: 'num' }, String(item.line)),
      h('td', {}, item.drug),
      h('td', {}, item.manufacturer || '—'),
      h('td', {}, item.specification || '—'),
      h('td', { class: 'reason' }, lang === 'en' ? item.reason : item.reason_zh),
      h('td', {}, select, line ? h('div', { class: 'hint' }, `${t(`src_${line.price_source}`)}: ${unitPrice(line.vbp_unit_price, lang)}`) : null));
  }));
}
