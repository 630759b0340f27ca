// The results: totals, the comparison with the headline cut, charts, sortable
// tables per category, drug and line, warnings, formulas and assumptions; the CSV
// export and the A4 print. Every figure is the engine's exact string, formatted here.
import { t, currentLang } from './i18n.js';
import { pageOf } from './pager.js';
import { h, fill, $, $$, download, sortableHead } from './dom.js';
import { money, unitPrice, quantity, percent, compareDecimal } from './format.js';
import { renderCharts } from './charts.js';
import { sourceText, Footnotes } from './sources.js';

/** The report's source addresses, each once, as the print's footnotes (rebuilt with the results). */
const notes = new Footnotes();
import { xlsx } from './engines.js';

const sortState = {
  category: { key: 'savings', dir: -1 },
  drug: { key: 'savings', dir: -1 },
  line: { key: 'line', dir: 1 },
};
let last = null; // { state, engine } for re-sorting

const noteText = (n) => (currentLang() === 'en' ? n.en : n.zh);
const FORMULAS_OF = {
  baseline_spend: ['baseline_spend'],
  vbp_spend: ['vbp_spend', 'estimated_vbp_price'],
  savings: ['savings'],
  savings_rate: ['savings_rate'],
};
const ASSUMPTIONS_OF = {
  baseline_spend: ['baseline_choice', 'same_units', 'returns_net'],
  vbp_spend: ['estimated_prices', 'reference_price', 'same_units'],
  savings: ['baseline_choice', 'estimated_prices', 'returns_net'],
  savings_rate: ['baseline_choice'],
};

function explain(report, key) {
  const f = report.formulas.filter((n) => FORMULAS_OF[key].includes(n.code));
  const a = report.assumptions.filter((n) => ASSUMPTIONS_OF[key].some((c) => n.code === c || n.code.startsWith(`${c}:`)));
  // the rounding rule is said once, under the totals (and in the appendix), not in every card
  return [
    h('ul', {}, f.map((n) => h('li', {}, h('code', {}, noteText(n))))),
    a.length ? h('ul', {}, a.map((n) => h('li', {}, noteText(n)))) : null,
  ];
}

function figure(id, exact, text, full) {
  const el = $(`#${id}`);
  el.textContent = text;
  el.dataset.value = exact ?? '';
  fill($(`#${id}-full`), full && full !== text ? full : '');
}

function sortRows(rows, columns, st) {
  const col = columns.find((c) => c.key === st.key);
  if (!col) return rows;
  return rows.slice().sort((a, b) => {
    const x = col.get(a), y = col.get(b);
    const c = col.num ? compareDecimal(x === null ? null : String(x), y === null ? null : String(y)) : String(x ?? '').localeCompare(String(y ?? ''), currentLang() === 'en' ? 'en' : 'zh-CN');
    return c * st.dir;
  });
}

function sortableTable(name, table, columns, rows, rowAttrs, pageSize = 0) {
  const st = sortState[name];
  sortableHead(table, columns, st, (key) => {
    st.dir = st.key === key ? -st.dir : (columns.find((c) => c.key === key).num ? -1 : 1);
    st.key = key;
    renderResults(last.state, last.engine);
  });
  const sorted = sortRows(rows, columns, st);
  // a long list a page at a time (a 20,000-line table's lines), kept on its page across recomputes
  const shown = pageSize ? pageOf(`${table.id}`, sorted, pageSize, `${name}:${st.key}:${st.dir}`, () => renderResults(last.state, last.engine)) : sorted;
  fill(table.tBodies[0], shown.map((r) => h('tr', rowAttrs ? rowAttrs(r) : {},
    columns.map((c) => h('td', { class: c.num ? 'num' : undefined }, c.show ? c.show(r) : String(c.get(r) ?? '—'))))));
}

function sumsColumns(lang) {
  return [
    { key: 'baseline_spend', label: t('col_baseline'), num: true, get: (r) => r.baseline_spend, show: (r) => money(r.baseline_spend, lang) },
    { key: 'vbp_spend', label: t('col_vbp'), num: true, get: (r) => r.vbp_spend, show: (r) => money(r.vbp_spend, lang) },
    { key: 'savings', label: t('col_savings'), num: true, get: (r) => r.savings, show: (r) => money(r.savings, lang) },
    { key: 'savings_rate', label: t('col_rate'), num: true, get: (r) => r.savings_rate, show: (r) => percent(r.savings_rate, lang) },
  ];
}

/** Lines drawn at a time in the per-line table. */
const LINE_PAGE = 200;

const estBadge = () => h('span', { class: 'badge est', title: t('est_badge_title') }, t('est_badge'));

/** The four totals alone (after an edit they are drawn first; the rest of the view follows, or waits until the tab is shown). */
export function renderTotals(state) {
  const r = state.report;
  if (!r) return;
  const lang = currentLang();
  const tot = r.totals;
  for (const [id, key] of [['total-baseline', 'baseline_spend'], ['total-vbp', 'vbp_spend'], ['total-savings', 'savings']]) {
    figure(id, tot[key], money(tot[key], lang, { compact: true }), money(tot[key], lang));
  }
  figure('savings-rate', tot.savings_rate, percent(tot.savings_rate, lang), null);
}

/** The results tab's first section: the totals, their formulas, the rounding and estimated-price notes. */
function totalsSection(r, lang) {
  // totals: large amounts in 万/亿 in Chinese, with the amount to the fen below
  renderTotals({ report: r });
  for (const d of $$('details[data-formula]')) fill(d.querySelector('div'), explain(r, d.dataset.formula));
  fill($('#rounding-note'), t('rounding_note'));
  const est = r.by_price_source.estimated;
  fill($('#estimated-note'), est.lines > 0 ? [estBadge(), ' ', t('estimated_note', est.lines, money(est.savings, lang))] : t('no_estimated'));
}

/**
 * Only the totals section, from a report without its per-line list, while the whole import
 * that follows is still to be drawn: the tab's other sections are hidden (the stylesheet's
 * `#results[data-pending]`) and its exports off until renderResults draws them.
 */
export function renderTotalsFirst(r) {
  const box = $('#results');
  box.dataset.pending = 'true';
  box.setAttribute('aria-busy', 'true');
  box.hidden = false;
  $('#results-empty').hidden = true;
  $('#results-input-note').hidden = true;
  for (const id of ['#export-csv', '#export-xlsx', '#print-report']) $(id).disabled = true;
  totalsSection(r, currentLang());
}

export function renderResults(state, engine) {
  last = { state, engine };
  const r = state.report;
  const lang = currentLang();
  delete $('#results').dataset.pending; // drawn whole now (app.js totalsFirst drew only the totals)
  $('#results').removeAttribute('aria-busy');
  $('#results').hidden = !r;
  $('#results-empty').hidden = !!r;
  $('#export-csv').disabled = !r;
  $('#export-xlsx').disabled = !r;
  $('#print-report').disabled = !r;
  if (!r) { $('#results-input-note').hidden = true; return; }
  notes.clear();

  totalsSection(r, lang);

  // against the headline cut
  const pc = r.price_cut;
  fill($('#cut-h'), `${t('cut_title')} ${percent(pc.headline, lang)}`);
  const cutTable = $('#cut-table');
  fill(cutTable.tHead, h('tr', {}, [t('col_scope'), t('col_drugs'), t('col_simple'), t('col_weighted')].map((l, i) => h('th', { scope: 'col', class: i ? 'num' : undefined }, l))));
  fill(cutTable.tBodies[0],
    h('tr', {}, h('td', {}, t('scope_headline'), ' ', h('span', { class: 'source' }, sourceText(pc.headline_source || '', notes))), h('td', { class: 'num' }, '—'), h('td', { class: 'num' }, percent(pc.headline, lang)), h('td', { class: 'num' }, '—')),
    h('tr', {}, h('td', {}, t('scope_all')), h('td', { class: 'num' }, String(pc.all_drugs.drugs)), h('td', { class: 'num', 'data-testid': 'cut-all-simple' }, percent(pc.all_drugs.simple_average, lang)), h('td', { class: 'num' }, percent(pc.all_drugs.spend_weighted, lang))),
    h('tr', {}, h('td', {}, t('scope_known')), h('td', { class: 'num' }, String(pc.known_prices_only.drugs)), h('td', { class: 'num' }, percent(pc.known_prices_only.simple_average, lang)), h('td', { class: 'num' }, percent(pc.known_prices_only.spend_weighted, lang))));
  fill($('#cut-formulas'), h('ul', {}, r.formulas.filter((n) => ['simple_average', 'spend_weighted', 'estimated_vbp_price'].includes(n.code)).map((n) => h('li', {}, h('code', {}, noteText(n))))),
    pc.excluded_drugs.length ? h('p', { class: 'hint' }, (lang === 'en' ? 'Left out (net baseline spend not positive): ' : '未计入平均（净集采前金额不为正）：') + pc.excluded_drugs.join('、')) : null);

  // tables
  const catName = new Map(r.by_category.map((c) => [c.key, lang === 'en' ? c.en : c.zh]));
  sortableTable('category', $('#category-table'), [
    { key: 'name', label: t('col_category'), get: (c) => (lang === 'en' ? c.en : c.zh) },
    { key: 'drugs', label: t('col_drugs'), num: true, get: (c) => c.drugs },
    ...sumsColumns(lang),
    { key: 'estimated_savings', label: t('col_estimated_savings'), num: true, get: (c) => c.estimated_savings, show: (c) => money(c.estimated_savings, lang) },
  ], r.by_category, (c) => ({ class: c.estimated_savings !== '0' ? 'estimated' : undefined }));

  sortableTable('drug', $('#drug-table'), [
    { key: 'drug', label: t('col_drug'), get: (d) => (lang === 'en' && d.drug_en ? d.drug_en : d.drug), show: (d) => [lang === 'en' && d.drug_en ? d.drug_en : d.drug, d.estimated ? estBadge() : null] },
    { key: 'category', label: t('col_category'), get: (d) => catName.get(d.category) || d.category },
    { key: 'quantity', label: t('col_quantity'), num: true, get: (d) => d.quantity, show: (d) => quantity(d.quantity, lang) },
    ...sumsColumns(lang),
    { key: 'sources', label: t('col_source'), get: (d) => d.price_sources.join('+'), show: (d) => d.price_sources.map((s) => h('span', { class: 'badge src' }, t(`src_${s}`))) },
  ], r.by_drug, (d) => ({ class: d.estimated ? 'estimated' : undefined, 'data-estimated': d.estimated ? 'true' : undefined }));

  sortableTable('line', $('#line-table'), [
    { key: 'line', label: t('col_line'), num: true, get: (l) => String(l.line) },
    { key: 'drug', label: t('col_drug'), get: (l) => l.drug, show: (l) => [l.drug, l.price_source === 'estimated' ? estBadge() : null] },
    { key: 'quantity', label: t('col_quantity'), num: true, get: (l) => l.quantity, show: (l) => quantity(l.quantity, lang) },
    { key: 'baseline_unit_price', label: t('col_baseline_price'), num: true, get: (l) => l.baseline_unit_price, show: (l) => unitPrice(l.baseline_unit_price, lang) },
    { key: 'vbp_unit_price', label: t('col_vbp_unit'), num: true, get: (l) => l.vbp_unit_price, show: (l) => unitPrice(l.vbp_unit_price, lang) },
    ...sumsColumns(lang),
    { key: 'basis', label: t('col_basis'), get: (l) => l.price_source, show: (l) => h('details', { class: 'basis' }, h('summary', {}, t(`src_${l.price_source}`)), h('p', {}, sourceText(lang === 'en' ? l.price_basis : l.price_basis_zh, notes))) },
  ], r.lines, (l) => ({ class: l.price_source === 'estimated' ? 'estimated' : undefined }), LINE_PAGE);
  const omitted = r.lines.length === 0 && r.totals.lines > 0;
  $('#line-omitted').hidden = !omitted;
  fill($('#line-omitted'), omitted ? t('line_omitted', r.totals.lines) : '');

  // warnings, formulas, assumptions
  $('#warnings-section').hidden = r.warnings.length === 0;
  fill($('#warnings'), r.warnings.map((w) => h('li', {}, w.line ? `[${t('col_line')} ${w.line}] ` : '', h('code', {}, w.code), ' ', sourceText(lang === 'en' ? w.message : w.message_zh, notes))));
  fill($('#formulas'), r.formulas.map((n) => h('li', {}, h('code', {}, noteText(n)))));
  fill($('#assumptions'), r.assumptions.map((n) => h('li', {}, sourceText(noteText(n), notes))));
  fill($('#rounding-rule'), lang === 'en' ? r.rounding.rule : r.rounding.rule_zh);
  // the sources' addresses, each once (printed as the report's footnotes)
  fill($('#source-notes'), notes.list.map((a) => h('li', {}, a)));
  $('#source-notes-box').hidden = notes.list.length === 0;

  // the print header's input summary
  fill($('#print-date'), new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'long' }).format(new Date()));
  const where = state.kind === 'csv' ? `${state.file.name} (${r.input.encoding})`
    : state.kind === 'stream' ? `${state.stream.name} (${r.input.encoding})`
    : state.kind === 'rows' ? `${state.sheet.name} · ${state.sheet.sheet}`
      : state.fileName ? `${state.fileName} *` : t('from_table');
  fill($('#print-input-summary'), `${where} · ${t('counted', r.input.accepted, r.input.rejected)}${state.sample ? ` · ${t('sample_hint')}` : ''}`);
  // on screen: where the figures come from, and the way back to the rows not counted
  const rejected = r.input.rejected + (state.kind === 'lines' ? state.fileRejected.length : 0);
  fill($('#results-input-text'), t('input_note', where, r.input.accepted, rejected, r.review.length));
  $('#results-input-note').hidden = false;

  renderCharts(r, engine).catch((e) => console.error('charts:', e));
}

export function exportCsv(report, engine) {
  const lang = currentLang();
  const bytes = engine.reportCsv(report, lang);
  download(lang === 'en' ? 'vbp-savings-results.csv' : 'vbp-savings-测算结果.csv', bytes, 'text/csv;charset=utf-8');
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The results as an .xlsx workbook (real numbers with number formats), written by the spreadsheet module. */
export async function exportXlsx(report) {
  const lang = currentLang();
  const mod = await xlsx();
  const bytes = mod.reportXlsx(report, lang === 'en' ? 'en' : 'zh');
  download(lang === 'en' ? 'vbp-savings-results.xlsx' : 'vbp-savings-测算结果.xlsx', bytes, XLSX_TYPE);
}

/** Shows the results, opens every explanation and prints (A4 stylesheet). */
export function printReport(state, showTab) {
  showTab('results');
  const closed = $$('#panel-results details:not([open])');
  closed.forEach((d) => { d.open = true; });
  window.addEventListener('afterprint', () => closed.forEach((d) => { d.open = false; }), { once: true });
  requestAnimationFrame(() => window.print());
}
