// Small pieces shared by the 供应保障 views: figure cards (the exact decimal in
// data-value, the display-rounded amount as text), notes (formulas, assumptions,
// warnings), problem lists and text inputs bound to a settings object.
import { t, currentLang } from './i18n.js';
import { h, fill } from './dom.js';
import { money, quantity, percent, averageQuantity } from './format.js';
import { sourceText } from './sources.js';

export const errText = (e) => `${e.code || 'error'}: ${currentLang() === 'en' ? (e.message || '').replace(/^[a-z_]+: /, '') : e.messageZh || e.message}`;
export const noteText = (n) => (currentLang() === 'en' ? n.en : n.zh);

/** A figure card: label, the value rounded for display (data-value = the exact decimal), the full amount. */
export function figureCard(testid, label, exact, { kind = 'money', hint } = {}) {
  const lang = currentLang();
  const known = exact !== null && exact !== undefined;
  const text = !known ? '—'
    : kind === 'percent' ? percent(exact, lang)
      : kind === 'quantity' ? quantity(exact, lang)
        : kind === 'average' ? averageQuantity(exact, lang)
        : kind === 'text' ? exact
          : money(exact, lang, { compact: true });
  const full = kind === 'money' && known ? money(exact, lang) : '';
  return h('div', { class: 'figure', role: 'group', 'aria-label': label },
    h('p', { class: 'label' }, label),
    h('p', { class: 'value', 'data-testid': testid, 'data-value': known ? exact : '' }, text),
    h('p', { class: 'full' }, full !== text ? full : ''),
    hint ? h('p', { class: 'hint' }, hint) : null);
}

/** Fills a <details>' div with a report's formulas, assumptions and warnings, then `extra`. */
export function fillNotes(details, report, ...extra) {
  const lang = currentLang();
  const div = details.querySelector('div');
  if (!report) { fill(div, ...extra); return; }
  fill(div,
    report.formulas && report.formulas.length ? [h('h4', {}, t('formulas')), h('ul', {}, report.formulas.map((n) => h('li', {}, h('code', {}, noteText(n)))))] : null,
    report.assumptions && report.assumptions.length ? [h('h4', {}, t('assumptions')), h('ul', {}, report.assumptions.map((n) => h('li', {}, sourceText(noteText(n)))))] : null,
    report.warnings && report.warnings.length ? [h('h4', {}, t('warnings')), h('ul', {}, report.warnings.map((w) => h('li', {}, h('code', {}, w.code), ' ', lang === 'en' ? w.message : w.message_zh)))] : null,
    ...extra,
    h('p', { class: 'hint' }, t('rounding_note')));
}

/** Problems (rejected lines) as list items. */
export function problemItems(list) {
  const lang = currentLang();
  return (list || []).map((p) => h('li', {}, `${t('col_line')} ${p.line}${p.field ? ` · ${p.field}` : ''}: `, h('code', {}, p.code), ' ', lang === 'en' ? p.message : p.message_zh));
}

/** A text input bound to obj[field]; `onChange` runs after a change. data-key keeps its focus across renders. */
export function boundInput(obj, field, key, label, onChange, attrs = {}) {
  return h('input', {
    type: 'text', value: obj[field] ?? '', 'aria-label': label, dataset: { key }, ...attrs,
    onchange: (e) => { obj[field] = e.target.value; onChange(); },
  });
}
