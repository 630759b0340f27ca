// The programme view (多批次总览): usage files across national batches and high-value
// consumables → the engine's savings per batch and cumulative, exact, with the batches'
// published figures and their sources. A line's batch is its 批次 cell or the batch
// chosen for its file; each batch is priced against its own catalog (the engine says which).
import { t, text, currentLang } from './i18n.js';
import { h, fill, $, download } from './dom.js';
import { money, percent, forChart } from './format.js';
import { isWorkbook, readSpreadsheet } from './workbook.js';
import { xlsx } from './engines.js';
import { activeCatalog } from './catalogs.js';
import { figureCard, errText, fillNotes } from './plan-ui.js';
import { loadECharts, chartFor, base as baseOption, tip, COLORS, axisMoney } from './charts.js';
import { XLSX_TYPE } from './results-view.js';
import { sourceText } from './sources.js';

let ctx = null; // { engine, actions }
let nextId = 1;
/** Files of the programme: { id, source, csv?, book?, sheet, batch: '' | 'N' | 'consumables' } */
export const parts = [];
/** The last programme report (or null). */
export let lastProgramme = null;
let dirty = true;

const batchNumbers = () => [...new Map(ctx.engine.batches().batches.map((b) => [b.batch, b])).values()];

function partInput(p) {
  const x = { source: p.source };
  if (p.book) {
    const sheet = p.book.sheets.find((s) => s.name === p.sheet) || p.book.sheets[p.book.default_sheet ?? 0];
    x.rows = sheet ? sheet.rows : [];
    x.sheet = sheet ? sheet.name : null;
  } else {
    x.csv = p.csv;
  }
  if (p.batch === 'consumables') x.kind = 'consumable';
  else if (p.batch) x.batch = Number(p.batch);
  return x;
}

function renderParts() {
  const table = $('#prog-parts');
  $('#prog-parts-wrap').hidden = parts.length === 0; // shown before it is filled: a shown table is fitted to the screen
  fill(table.tHead, h('tr', {}, [t('prog_file'), t('sheet'), t('prog_batch'), t('col_actions')].map((l) => h('th', { scope: 'col' }, l))));
  const batches = batchNumbers();
  fill(table.tBodies[0], parts.map((p, i) => {
    const batchSel = h('select', { 'aria-label': t('prog_batch_for', p.source), dataset: { part: p.id }, onchange: (e) => { p.batch = e.target.value; compute(); } },
      h('option', { value: '' }, t('prog_batch_column')),
      batches.map((b) => h('option', { value: String(b.batch) }, t('prog_batch_n', b.batch))),
      h('option', { value: 'consumables' }, t('prog_consumables')));
    batchSel.value = p.batch;
    const sheets = p.book ? p.book.sheets.map((s) => s.name) : [];
    const sheetSel = sheets.length > 1
      ? h('select', { 'aria-label': t('prog_sheet_for', p.source), onchange: (e) => { p.sheet = e.target.value; compute(); } }, sheets.map((n) => h('option', { value: n }, n)))
      : null;
    if (sheetSel) sheetSel.value = p.sheet;
    // a file with no 批次 column, given no batch: the engine counted it in the batch whose catalog its drugs match
    const read = !p.batch && lastProgramme ? lastProgramme.inputs[i] : null;
    const assumed = read && read.source === p.source ? read.assumed_batch : undefined;
    return h('tr', { 'data-part': p.id },
      h('td', {}, p.source),
      h('td', {}, sheetSel || (p.sheet ?? '—')),
      h('td', {}, batchSel, assumed ? h('div', { class: 'hint assumed' }, t('prog_assumed', assumed)) : null),
      h('td', {}, h('button', { type: 'button', 'aria-label': `${t('delete')} ${p.source}`, onclick: () => { parts.splice(i, 1); compute(); } }, t('delete'))));
  }));
  $('#prog-empty').hidden = parts.length > 0;
  $('#prog-export').disabled = !lastProgramme;
}

function fact(f, show) {
  const lang = currentLang();
  if (!f || f.value === null || f.value === undefined) return h('span', { class: 'hint' }, t('unknown'), f ? h('span', { class: `conf conf-${f.confidence}` }, f.confidence === 'unknown' ? '?' : f.confidence) : null);
  return h('span', {}, show(f.value, lang), h('span', { class: `conf conf-${f.confidence}`, title: `${t('confidence')} ${f.confidence}` }, f.confidence), f.source ? h('div', { class: 'source' }, sourceText(f.source)) : null);
}

function renderBatches() {
  const lang = currentLang();
  const data = ctx.engine.batches();
  const table = $('#batches-table');
  fill(table.tHead, h('tr', {}, [t('prog_batch'), t('name'), t('prog_date'), t('prog_drugs'), t('prog_cut'), t('prog_expected')].map((l) => h('th', { scope: 'col' }, l))));
  fill(table.tBodies[0], data.batches.map((b) => h('tr', { 'data-batch': String(b.batch) },
    h('td', {}, String(b.batch)),
    h('td', {}, lang === 'en' ? b.name_en : b.name_zh, b.notes.length ? h('div', { class: 'hint' }, text(b, 'notes', lang).join(lang === 'en' ? ' ' : '；')) : null),
    h('td', {}, fact(b.date, (v) => v)),
    h('td', {}, fact(b.drug_count, (v) => String(v))),
    h('td', {}, fact(b.average_price_cut, (v, l) => percent(v, l))),
    h('td', {}, fact(b.expected_yearly_savings, (v, l) => money(v, l, { compact: true }))))));
}

async function drawChart(report) {
  const lang = currentLang();
  const el = $('#chart-programme');
  if (el.offsetWidth === 0) return;
  const echarts = await loadECharts();
  const steps = report.cumulative;
  const label = (c) => (lang === 'en' ? c.label_en : c.label_zh);
  // a batch none of whose lines could be counted draws no bar (not the cumulative figure again)
  const counted = new Map(report.parts.map((p) => [p.key, p.totals.lines > 0]));
  const bar = (c, v) => (counted.get(c.key) ? forChart(v) : '-');
  const drawn = steps.filter((c) => counted.get(c.key));
  const chart = chartFor(echarts, 'chart-programme', lang);
  chart.setOption({
    ...baseOption(t('prog_chart'), `${t('prog_total')} ${money(report.totals.savings, lang)}`,
      [t('prog_chart'), ...drawn.map((c) => `${label(c)}: ${t('prog_part_savings')} ${money(c.savings, lang)}, ${t('prog_cumulative')} ${money(c.cumulative_savings, lang)}`)].join('; ')),
    legend: { bottom: 0, data: [t('prog_part_savings'), t('prog_cumulative')] },
    grid: { left: 8, right: 16, top: 56, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: steps.map(label), axisLabel: { interval: 0, width: 120, overflow: 'truncate', fontSize: 10 } },
    yAxis: { type: 'value', axisLabel: { formatter: (v) => axisMoney(v, lang), hideOverlap: true } },
    tooltip: { ...baseOption().tooltip, formatter: (ps) => { const c = steps[ps[0].dataIndex]; return tip([label(c), `${t('prog_part_savings')}: ${money(c.savings, lang)}`, `${t('prog_cumulative')}: ${money(c.cumulative_savings, lang)}`]); } },
    series: [
      { name: t('prog_part_savings'), type: 'bar', data: steps.map((c) => bar(c, c.savings)), itemStyle: { color: COLORS.savings } },
      { name: t('prog_cumulative'), type: 'bar', data: steps.map((c) => bar(c, c.cumulative_savings)), itemStyle: { color: COLORS.vbp } },
    ],
  }, { notMerge: true });
  chart.resize();
  el.dataset.drawn = 'true';
}

function renderReport(r) {
  const lang = currentLang();
  $('#prog-results').hidden = !r;
  if (!r) return;
  fill($('#prog-figures'),
    figureCard('prog-savings', t('prog_total'), r.totals.savings),
    figureCard('prog-baseline', t('col_baseline'), r.totals.baseline_spend),
    figureCard('prog-vbp', t('col_vbp'), r.totals.vbp_spend),
    figureCard('prog-rate', t('col_rate'), r.totals.savings_rate, { kind: 'percent', hint: t('prog_kinds', money(r.by_kind.drug.savings, lang), money(r.by_kind.consumable.savings, lang)) }));
  const table = $('#prog-table');
  const CATALOG = { yours: 'prog_catalog_yours', embedded: 'prog_catalog_embedded', facts_only: 'prog_catalog_facts' };
  fill(table.tHead, h('tr', {}, [t('prog_part'), t('prog_priced'), t('prog_lines'), t('col_baseline'), t('col_vbp'), t('col_savings'), t('col_rate'), t('prog_estimated'), t('prog_cumulative'), t('prog_cumulative_rate')]
    .map((l, i) => h('th', { scope: 'col', class: i >= 2 ? 'num' : undefined }, l))));
  const cum = new Map(r.cumulative.map((c) => [c.key, c]));
  fill(table.tBodies[0], r.parts.map((p) => {
    const c = cum.get(p.key);
    const facts = p.facts[0];
    return h('tr', { 'data-key': p.key },
      h('th', { scope: 'row' }, lang === 'en' ? p.label_en : p.label_zh,
        facts ? h('div', { class: 'hint' }, t('prog_published_cut'), ' ', fact(facts.average_price_cut, (v, l) => percent(v, l))) : null),
      h('td', {}, t(CATALOG[p.catalog] || p.catalog)),
      h('td', { class: 'num' }, String(p.totals.lines)),
      h('td', { class: 'num' }, money(p.totals.baseline_spend, lang)),
      h('td', { class: 'num' }, money(p.totals.vbp_spend, lang)),
      h('td', { class: 'num', 'data-value': p.totals.savings }, money(p.totals.savings, lang)),
      h('td', { class: 'num' }, percent(p.totals.savings_rate, lang)),
      h('td', { class: 'num' }, money(p.by_price_source.estimated.savings, lang)),
      h('td', { class: 'num', 'data-value': c ? c.cumulative_savings : '' }, c ? money(c.cumulative_savings, lang) : '—'),
      h('td', { class: 'num' }, c ? percent(c.cumulative_savings_rate, lang) : '—'));
  }), h('tr', { class: 'total', 'data-key': 'total' },
    h('th', { scope: 'row' }, t('prog_total')), h('td', {}, ''), h('td', { class: 'num' }, String(r.totals.lines)),
    h('td', { class: 'num' }, money(r.totals.baseline_spend, lang)), h('td', { class: 'num' }, money(r.totals.vbp_spend, lang)),
    h('td', { class: 'num', 'data-value': r.totals.savings }, money(r.totals.savings, lang)), h('td', { class: 'num' }, percent(r.totals.savings_rate, lang)),
    h('td', { class: 'num' }, money(r.by_price_source.estimated.savings, lang)), h('td', {}, ''), h('td', {}, '')));
  const rej = $('#prog-rejected');
  fill(rej.tHead, h('tr', {}, [t('col_where'), t('col_line'), t('col_column'), t('col_code'), t('col_reason'), t('col_value')].map((l, i) => h('th', { scope: 'col', class: i === 1 ? 'num' : i === 4 ? 'reason' : undefined }, l))));
  fill(rej.tBodies[0], r.rejected.map((p) => h('tr', {},
    h('td', {}, p.source), h('td', { class: 'num' }, String(p.line)), h('td', {}, p.column ? t('column_n', p.column, p.header) : '—'),
    h('td', {}, h('code', {}, p.code)), h('td', { class: 'reason' }, lang === 'en' ? p.message : p.message_zh), h('td', { class: 'value' }, p.value ?? ''))));
  // every part's warnings (units to check, uncertain matches, decisions not applied), with the file and line
  $('#prog-warnings-section').hidden = r.warnings.length === 0;
  fill($('#prog-warnings'), r.warnings.map((w) => h('li', { 'data-code': w.code },
    `[${w.source}${w.line != null ? ` · ${t('col_line')} ${w.line}` : ''}] `, h('code', {}, w.code), ' ', lang === 'en' ? w.message : w.message_zh)));
  fill($('#prog-context'), r.context.map((c) => h('li', {}, h('strong', {}, c.scope), ' ', text(c, 'fact', lang), c.value ? ` (${c.value})` : '', h('span', { class: `conf conf-${c.confidence}` }, c.confidence), h('div', { class: 'source' }, sourceText(c.source)))));
  fillNotes($('#prog-notes'), { ...r, warnings: [] }, h('ul', {}, r.inputs.map((i) => h('li', {}, `${i.source}: ${i.input.kind}${i.input.sheet ? ` · ${i.input.sheet}` : ''}${i.input.encoding ? ` · ${i.input.encoding}` : ''} · ${t('counted', i.input.accepted, i.input.rejected)}`))));
  drawChart(r).catch((e) => console.error('programme chart:', e));
}

function compute() {
  dirty = false;
  fill($('#prog-error'), '');
  lastProgramme = null;
  if (parts.length) {
    const active = activeCatalog();
    try {
      lastProgramme = ctx.engine.programme({ parts: parts.map(partInput), catalogs: active ? [active.catalog] : [], options: {} });
    } catch (e) {
      fill($('#prog-error'), errText(e));
    }
  }
  renderParts();
  renderReport(lastProgramme);
  renderBatches();
  const active = activeCatalog();
  fill($('#prog-catalog-note'), active ? t('prog_catalog_active', active.name, active.catalog.batch ? active.catalog.batch.batch : '?') : t('prog_catalog_builtin'));
}

async function addFiles(files) {
  for (const f of files) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    const p = { id: `p${nextId++}`, source: f.name, batch: '' };
    if (isWorkbook(bytes)) {
      try {
        p.book = await readSpreadsheet(f.name, bytes);
      } catch (e) {
        fill($('#prog-error'), `${f.name}: ${errText(e)}`);
        continue;
      }
      const s = p.book.sheets[p.book.default_sheet ?? 0];
      p.sheet = s ? s.name : null;
    } else {
      p.csv = bytes;
      p.sheet = null;
    }
    parts.push(p);
  }
  compute();
}

/** Called when the tab is shown (and when the language changes while it is shown). */
export function showProgramme() {
  if (dirty) compute();
  else if (lastProgramme) drawChart(lastProgramme).catch(() => {});
}

/** Marks the view for a redraw (language change); draws now if it is shown. */
export function renderProgramme() {
  dirty = true;
  if (!$('#panel-programme').hidden) compute();
}

export function initProgramme(engine, actions) {
  ctx = { engine, actions };
  $('#prog-file').addEventListener('change', async (e) => {
    const files = [...e.target.files];
    e.target.value = '';
    await addFiles(files);
  });
  $('#prog-clear').addEventListener('click', () => { parts.splice(0); compute(); });
  $('#prog-export').addEventListener('click', async () => {
    if (!lastProgramme) return;
    const lang = currentLang();
    try {
      const mod = await xlsx();
      download(lang === 'en' ? 'vbp-savings-programme.xlsx' : 'vbp-savings-多批次.xlsx', mod.programmeXlsx(lastProgramme, lang === 'en' ? 'en' : 'zh'), XLSX_TYPE);
      actions.status(t('xlsx_done'));
    } catch (err) {
      actions.status(t('xlsx_failed', err.code || 'error', errText(err)), true);
    }
  });
}
