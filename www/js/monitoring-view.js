// The 监测与评价 / Monitoring view: purchase records (and, optionally, agreed volumes) →
// the engine's `evaluate` (src/evaluation): each agreed volume's completion against 序时进度,
// the VBP drugs' before/after figures and shares, and the decomposition of the change in
// spending. The page checks the fields with the engine (checkEvaluateOptions), calls it once
// per change, and shows its exact strings formatted for display (format.js); it computes
// nothing. Fetched when the tab is first shown (app.js).
import { t, currentLang } from './i18n.js';
import { h, fill, $, download, fieldError } from './dom.js';
import { money, quantity, averageQuantity, percent, indexValue, forChart } from './format.js';
import { isWorkbook, readSpreadsheet } from './workbook.js';
import { xlsx } from './engines.js';
import { errText, noteText } from './plan-ui.js';
import { loadECharts, chartFor, dropCharts, base as baseOption, tip, COLORS } from './charts.js';
import { XLSX_TYPE } from './results-view.js';

let ctx = null; // { engine, actions }

/** The tables given: { name, bytes } for a CSV file, { name, book, sheet } for a workbook. */
const files = { purchases: null, agreed: null };
/** The field values the last evaluation used (each valid by the engine), blank = the engine's default. */
const applied = { pre: '', post: '', as_of: '' };
/** Per field, the engine's objection to what is typed in it (or null). */
const fieldErrors = { pre: null, post: null, as_of: null };
const FIELDS = [['pre', 'mon-pre'], ['post', 'mon-post'], ['as_of', 'mon-as-of']];
let sample = false;
/** The last evaluation (the engine's document) and the error of the last call. */
export let lastEvaluation = null;
let lastError = null;
let gen = 0; // bumped per evaluation: the item charts' elements are new

const SAMPLE = {
  purchases: './samples/evaluation-purchases.csv',
  agreed: './samples/evaluation-agreed.csv',
  // the page's choice for the sample: the two years around batch 7's start, as of mid-cycle
  fields: { pre: '2021-11:2022-10', post: '2022-11:2023-10', as_of: '2023-06' },
};

const STATUS_CLASS = { zero_purchase: 'st-zero', completed: 'st-done', behind: 'st-behind', on_track: 'st-ok' };
const STATUS_MARK = { zero_purchase: '✕', completed: '✓', behind: '▼', on_track: '●' };
const STATUS_COLOR = { zero_purchase: '#a3261b', completed: '#17703a', behind: '#9a5b00', on_track: '#0b5cad' };

// --- inputs ---

function sheetOf(f) {
  return f.book.sheets.find((s) => s.name === f.sheet) || f.book.sheets[f.book.default_sheet ?? 0] || null;
}

/** What the engine reads of a file: its bytes (a CSV, decoded by the engine) or a sheet's text cells. */
function tableOf(f) {
  if (!f) return undefined;
  if (f.book) {
    const s = sheetOf(f);
    return s ? s.rows : [];
  }
  return f.bytes;
}

/** The options as given to the engine: blank fields left out (the engine's defaults). */
function optionsOf(values) {
  const o = {};
  for (const [key] of FIELDS) if (values[key] && values[key].trim()) o[key] = values[key].trim();
  return o;
}

/** Reads a chosen file: a workbook through the spreadsheet module, anything else as bytes for the engine. */
async function readFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!isWorkbook(bytes)) return { name: file.name, bytes };
  const book = await readSpreadsheet(file.name, bytes);
  const first = book.sheets[book.default_sheet ?? 0];
  return { name: file.name, book, sheet: first ? first.name : null };
}

/** Evaluates the current tables with the applied options (the engine, once) and draws. */
function compute() {
  lastEvaluation = null;
  lastError = null;
  if (files.purchases) {
    const input = { purchases: tableOf(files.purchases), ...optionsOf(applied) };
    if (files.agreed) input.agreed = tableOf(files.agreed);
    try {
      lastEvaluation = ctx.engine.evaluate(input);
    } catch (e) {
      lastError = e;
    }
  }
  gen += 1;
  hooks();
  render();
  if (lastEvaluation) ctx.actions.status(t('mon_computed', lastEvaluation.input.purchases.accepted, lastEvaluation.input.purchases.rejected));
  else if (lastError) ctx.actions.status(t('mon_failed', errText(lastError)), true);
}

function hooks() {
  // test hooks: the document shown, or the error reported
  window.__vbpLastEvaluation = lastEvaluation;
  window.__vbpLastEvaluationError = lastError ? { code: lastError.code, message: lastError.message } : null;
}

/** The engine's objection to one field's value alone, or null (blank = the default: no objection). */
function fieldProblem(key, value) {
  const v = value.trim();
  if (!v) return null;
  try {
    ctx.engine.checkEvaluateOptions({ [key]: v });
    return null;
  } catch (e) {
    return e;
  }
}

/**
 * The fields as typed: each checked by the engine alone, then together (the periods' order);
 * all valid → applied and evaluated; otherwise each objection is shown by its field and the
 * last results stay (they state the periods they are for).
 */
function fieldsChanged() {
  const typed = {};
  for (const [key, id] of FIELDS) {
    typed[key] = $(`#${id}`).value;
    fieldErrors[key] = fieldProblem(key, typed[key]);
  }
  if (!fieldErrors.pre && !fieldErrors.post && !fieldErrors.as_of) {
    try {
      ctx.engine.checkEvaluateOptions(optionsOf(typed));
    } catch (e) {
      // only the two periods together can be wrong here (the pre period must end before the post one starts)
      fieldErrors.pre = e;
      fieldErrors.post = e;
    }
  }
  renderFieldErrors();
  if (fieldErrors.pre || fieldErrors.post || fieldErrors.as_of) {
    ctx.actions.status(t('mon_options_invalid'), true);
    return;
  }
  Object.assign(applied, typed);
  compute();
}

function renderFieldErrors() {
  let any = false;
  for (const [key, id] of FIELDS) {
    const input = $(`#${id}`);
    const box = $(`#${id}-error`);
    const e = fieldErrors[key];
    any ||= !!e;
    fieldError(input, box, e ? errText(e) : null);
  }
  $('#mon-options-kept').hidden = !any || !lastEvaluation;
}

function setFields(values) {
  for (const [key, id] of FIELDS) $(`#${id}`).value = values[key] || '';
  Object.assign(applied, { pre: '', post: '', as_of: '' }, values);
  for (const [key] of FIELDS) fieldErrors[key] = null;
  renderFieldErrors();
}

async function chooseFile(which, file) {
  try {
    files[which] = await readFile(file);
  } catch (e) {
    // a workbook the spreadsheet module can't read: said, and the previous file stays
    ctx.actions.status(`${file.name}: ${errText(e)}`, true);
    fill($('#mon-error'), `${file.name}: ${errText(e)}`);
    return;
  }
  sample = false;
  compute();
}

async function loadSample() {
  const [p, a] = await Promise.all([SAMPLE.purchases, SAMPLE.agreed].map(async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  }));
  files.purchases = { name: SAMPLE.purchases.split('/').pop(), bytes: p };
  files.agreed = { name: SAMPLE.agreed.split('/').pop(), bytes: a };
  setFields(SAMPLE.fields);
  sample = true;
  compute();
  if (lastEvaluation) ctx.actions.status(t('mon_sample_loaded'));
}

// --- drawing ---

const lang = () => currentLang();
const msg = (p) => (lang() === 'en' ? p.message : p.message_zh);
const num = (text, exact, field) => h('td', { class: 'num', 'data-field': field, 'data-value': exact ?? '' }, text);

function statusBadge(status) {
  const words = t('mon_status');
  return h('span', { class: `mon-status ${STATUS_CLASS[status] || ''}`, 'data-status': status }, h('span', { 'aria-hidden': 'true' }, STATUS_MARK[status] || ''), ' ', words[status] || status);
}

/** The cycle's months, each kept whole: the cell breaks only between them. */
function cycleCell(c) {
  const [before, between, after] = t('mon_cycle', '\u0000', '\u0001').split(/[\u0000\u0001]/);
  return [before, h('span', { class: 'nowrap' }, c.cycle_start), between, h('span', { class: 'nowrap' }, c.cycle_end), after];
}

function periodText(p) {
  return p ? t('mon_period', p.start, p.end, p.months) : t('mon_none');
}

function fileText(f, info) {
  if (!f) return null;
  const where = f.book ? `${f.book.format} · ${f.sheet ?? '—'}` : (info && info.encoding) || 'CSV';
  return info ? t('mon_file_info', f.name, where, info.accepted, info.rejected) : f.name;
}

function renderSheetPicker(which) {
  const f = files[which];
  const label = $(`#mon-sheet-${which}-label`);
  const sel = $(`#mon-sheet-${which}`);
  const sheets = f && f.book ? f.book.sheets.map((s) => s.name) : [];
  label.hidden = sheets.length < 2;
  fill(sel, sheets.map((n) => h('option', { value: n }, n)));
  if (f && f.book) sel.value = f.sheet;
}

/** The formulas and assumptions of a part of the document, by their codes, next to its figures. */
function fillNotesOf(id, e, formulaCodes, assumptionCodes) {
  const f = e.formulas.filter((n) => formulaCodes.includes(n.code));
  const a = e.assumptions.filter((n) => assumptionCodes.includes(n.code));
  fill($(`#${id}`).querySelector('div'),
    h('ul', {}, f.map((n) => h('li', {}, h('code', {}, noteText(n))))),
    a.length ? h('ul', {}, a.map((n) => h('li', {}, noteText(n)))) : null);
}

function renderCompletion(e) {
  const l = lang();
  const table = $('#mon-completion');
  const empty = $('#mon-completion-empty');
  const rows = e.completion;
  const noAgreed = !files.agreed;
  empty.hidden = rows.length > 0;
  fill(empty, noAgreed ? t('mon_no_agreed') : t('mon_no_completion'));
  table.hidden = rows.length === 0;
  $('#mon-item-charts-section').hidden = rows.length === 0;
  fill(table.tHead, h('tr', {}, [
    ['mon_col_drug'], ['mon_col_manufacturer'], ['mon_col_cycle'], ['mon_col_agreed', 1], ['mon_col_purchased', 1], ['mon_col_completion', 1],
    ['mon_col_time', 1], ['mon_col_lag', 1], ['mon_col_status'], ['mon_col_required', 1], ['mon_col_projected', 1],
  ].map(([k, isNum]) => h('th', { scope: 'col', class: isNum ? 'num' : undefined }, t(k)))));
  fill(table.tBodies[0], rows.map((c) => h('tr', { 'data-line': String(c.line), class: STATUS_CLASS[c.status] },
    h('th', { scope: 'row' }, c.drug),
    h('td', {}, c.manufacturer ?? '—'),
    h('td', { class: 'mon-cycle' }, cycleCell(c)),
    num(`${quantity(c.agreed_volume, l)}${c.unit ? ` ${c.unit}` : ''}`, c.agreed_volume, 'agreed_volume'),
    num(quantity(c.purchased, l), c.purchased, 'purchased'),
    num(percent(c.completion, l), c.completion, 'completion'),
    num(percent(c.time_elapsed, l), c.time_elapsed, 'time_elapsed'),
    num(percent(c.lag, l), c.lag, 'lag'),
    h('td', { 'data-field': 'status', 'data-value': c.status }, statusBadge(c.status)),
    num(averageQuantity(c.required_monthly, l), c.required_monthly, 'required_monthly'),
    num(percent(c.projected_completion, l), c.projected_completion, 'projected_completion'))));
  fillNotesOf('mon-completion-notes', e, ['purchased', 'completion', 'time_elapsed', 'lag', 'status', 'required_monthly', 'projected_completion'], ['units', 'as_of_complete', 'as_of_from_data']);
  // a chart per item: new elements for a new document
  dropCharts('chart-mon-item-');
  fill($('#mon-item-charts'), rows.map((c, i) => h('figure', { class: 'chart-box' },
    h('div', { class: 'chart mon-item-chart', id: `chart-mon-item-${gen}-${i}`, role: 'img', 'data-line': String(c.line) }),
    h('figcaption', {}, h('button', { type: 'button', class: 'save-chart', 'data-chart': `chart-mon-item-${gen}-${i}` }, t('save_image'))))));
}

function metricsCells(m, basis) {
  const l = lang();
  if (!m) return [h('td', { colspan: '9', class: 'hint' }, t('mon_none'))];
  return [
    h('td', {}, t('mon_basis')[basis] || basis),
    num(money(m.spend, l), m.spend, 'spend'),
    num(quantity(m.quantity, l), m.quantity, 'quantity'),
    num(quantity(m.ddds, l), m.ddds, 'ddds'),
    num(money(m.dddc, l), m.dddc, 'dddc'),
    num(percent(m.winning_share, l), m.winning_share, 'winning_share'),
    num(percent(m.non_winning_share, l), m.non_winning_share, 'non_winning_share'),
    num(percent(m.alternative_share, l), m.alternative_share, 'alternative_share'),
  ];
}

const groupName = (g) => (lang() === 'en' && g.group_en ? g.group_en : g.group);

function renderGroups(e) {
  const table = $('#mon-groups');
  fill(table.tHead, h('tr', {}, [
    ['mon_col_group'], ['mon_col_period'], ['mon_col_basis'], ['mon_col_spend', 1], ['mon_col_quantity', 1], ['mon_col_ddds', 1], ['mon_col_dddc', 1],
    ['mon_col_winning', 1], ['mon_col_non_winning', 1], ['mon_col_alternative', 1],
  ].map(([k, isNum]) => h('th', { scope: 'col', class: isNum ? 'num' : undefined }, t(k)))));
  const periodRows = (key, name, item, total) => [['pre', 'mon_pre_label'], ['post', 'mon_post_label']].map(([p, label], i) => h('tr',
    { 'data-group': key, 'data-period': p, class: [total ? 'total' : '', i === 0 ? 'mon-first' : ''].filter(Boolean).join(' ') || undefined },
    i === 0 ? h('th', { scope: 'rowgroup', rowspan: '2' }, name) : null,
    h('td', {}, t(label)),
    ...metricsCells(item[p], item.share_basis)));
  fill(table.tBodies[0],
    e.groups.flatMap((g) => periodRows(g.key, groupName(g), g, false)),
    e.groups.length ? periodRows('total', t('mon_total'), e.total, true) : h('tr', {}, h('td', { colspan: '10', class: 'hint' }, t('mon_no_groups'))));
  fillNotesOf('mon-groups-notes', e, ['spend', 'quantity', 'ddds', 'dddc', 'share'], ['roles_by_rule', 'roles_from_data', 'units', 'products']);
}

function renderDecomposition(e) {
  const l = lang();
  const table = $('#mon-decomp');
  fill(table.tHead, h('tr', {}, [['mon_col_group'], ['mon_col_expenditure', 1], ['mon_col_volume', 1], ['mon_col_price', 1], ['mon_col_structure', 1], ['mon_col_matched', 1]]
    .map(([k, isNum]) => h('th', { scope: 'col', class: isNum ? 'num' : undefined }, t(k)))));
  const row = (key, name, d, total) => h('tr', { 'data-group': key, class: total ? 'total' : undefined },
    h('th', { scope: 'row' }, name),
    ...(d ? [
      num(indexValue(d.expenditure_index, l), d.expenditure_index, 'expenditure_index'),
      num(indexValue(d.volume_index, l), d.volume_index, 'volume_index'),
      num(indexValue(d.price_index, l), d.price_index, 'price_index'),
      num(indexValue(d.structure_index, l), d.structure_index, 'structure_index'),
      num(String(d.matched_products), String(d.matched_products), 'matched_products'),
    ] : [h('td', { colspan: '5', class: 'hint' }, t('mon_none'))]));
  fill(table.tBodies[0], e.groups.map((g) => row(g.key, groupName(g), g.decomposition, false)),
    e.groups.length ? row('total', t('mon_total'), e.total.decomposition, true) : null);
  fillNotesOf('mon-decomp-notes', e, ['decomposition', 'decomposition_source'], ['products']);
}

function renderRejected(e) {
  const table = $('#mon-rejected');
  const all = [...e.rejected.map((p) => ['purchases', p]), ...e.rejected_agreed.map((p) => ['agreed', p])];
  fill($('#mon-rejected-count'), `(${all.length})`);
  fill(table.tHead, h('tr', {}, [t('col_where'), t('col_line'), t('col_column'), t('col_code'), t('col_reason'), t('col_value')]
    .map((label, i) => h('th', { scope: 'col', class: i === 1 ? 'num' : i === 4 ? 'reason' : undefined }, label))));
  fill(table.tBodies[0], all.length ? all.map(([src, p]) => h('tr', { 'data-source': src, 'data-line': String(p.line), 'data-code': p.code },
    h('td', {}, t(src === 'agreed' ? 'mon_src_agreed' : 'mon_src_purchases')),
    h('td', { class: 'num' }, String(p.line)),
    h('td', {}, p.column ? t('column_n', p.column, p.header) : '—'),
    h('td', {}, h('code', {}, p.code)),
    h('td', { class: 'reason' }, msg(p)),
    h('td', { class: 'value' }, p.value ?? ''))) : h('tr', {}, h('td', { colspan: '6', class: 'hint' }, t('mon_no_rejected'))));
  $('#mon-warnings-section').hidden = e.warnings.length === 0;
  fill($('#mon-warnings'), e.warnings.map((w) => h('li', { 'data-code': w.code }, w.line != null ? `[${t('col_line')} ${w.line}] ` : '', h('code', {}, w.code), ' ', msg(w))));
  fill($('#mon-formulas'), e.formulas.map((n) => h('li', { 'data-code': n.code }, h('code', {}, noteText(n)))));
  fill($('#mon-assumptions'), e.assumptions.map((n) => h('li', { 'data-code': n.code }, noteText(n))));
  fill($('#mon-rounding'), lang() === 'en' ? e.rounding.rule : e.rounding.rule_zh);
}

function render() {
  if (!ctx) return;
  const e = lastEvaluation;
  const l = lang();
  $('#mon-sample-banner').hidden = !sample;
  $('#mon-empty').hidden = !!files.purchases;
  $('#mon-drop-agreed').hidden = !files.agreed;
  renderSheetPicker('purchases');
  renderSheetPicker('agreed');
  // a workbook opens on its default sheet (the first with an estimate's header, else the first with
  // data): when that is not the records, the picker is the way to the right sheet
  const manySheets = ['purchases', 'agreed'].some((w) => files[w] && files[w].book && files[w].book.sheets.length > 1);
  fill($('#mon-error'), lastError ? [t('mon_failed', errText(lastError)), manySheets ? ` ${t('mon_pick_sheet')}` : ''] : '');
  $('#mon-results').hidden = !e;
  renderFieldErrors();
  if (!e) {
    dropCharts('chart-mon-');
    return;
  }
  const filesLine = t('mon_files', fileText(files.purchases, e.input.purchases), fileText(files.agreed, e.input.agreed));
  fill($('#mon-files'), filesLine);
  fill($('#mon-periods'), t('mon_periods', periodText(e.periods.pre), periodText(e.periods.post), e.as_of ?? t('mon_none')));
  fill($('#mon-print-date'), new Intl.DateTimeFormat(l === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'long' }).format(new Date()));
  fill($('#mon-print-input'), `${filesLine}${sample ? ` · ${t('mon_sample_hint')}` : ''}`);
  renderCompletion(e);
  renderGroups(e);
  renderDecomposition(e);
  renderRejected(e);
  drawCharts().catch((err) => console.error('monitoring charts:', err));
}

// --- charts (ECharts: plain numbers for geometry only; every figure read is the engine's string, formatted) ---

function itemOption(c) {
  const l = lang();
  const status = t('mon_status')[c.status] || c.status;
  const unit = c.unit ? ` ${c.unit}` : '';
  const agreed = `${quantity(c.agreed_volume, l)}${unit}`;
  const n = c.cycle_months;
  // points at the end of each month of the cycle (x = months elapsed); the cycle starts at 0
  const cumulative = [[0, 0], ...c.months.map((m, i) => [i + 1, forChart(m.cumulative)])];
  const b = baseOption(c.drug, `${c.manufacturer ?? ''}  ${percent(c.completion, l)} · ${status}`,
    t('mon_chart_desc', `${c.drug}${c.manufacturer ? ` (${c.manufacturer})` : ''}`, `${quantity(c.purchased, l)}${unit}`, agreed, percent(c.completion, l), percent(c.time_elapsed, l), status));
  return {
    ...b,
    title: { ...b.title, textStyle: { fontSize: 13 }, subtextStyle: { fontSize: 11, color: STATUS_COLOR[c.status] } },
    legend: { bottom: 0, itemWidth: 18, textStyle: { fontSize: 10 }, data: [t('mon_series_cumulative'), t('mon_series_schedule'), t('mon_series_agreed')] },
    grid: { left: 8, right: 16, top: 52, bottom: 44, containLabel: true },
    xAxis: { type: 'value', min: 0, max: n, minInterval: 1, name: t('mon_axis_month'), nameLocation: 'middle', nameGap: 22, nameTextStyle: { fontSize: 10 }, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', axisLabel: { fontSize: 10 } },
    tooltip: {
      trigger: 'item', renderMode: 'html',
      formatter: (p) => {
        if (p.seriesIndex !== 0 || p.dataIndex === 0) return tip([p.seriesName === t('mon_series_agreed') ? `${t('mon_series_agreed')}: ${agreed}` : p.seriesName]);
        const m = c.months[p.dataIndex - 1];
        return tip([t('mon_tip_month', m.month, p.dataIndex), t('mon_tip_month_qty', quantity(m.quantity, l)), t('mon_tip_cumulative', `${quantity(m.cumulative, l)}${unit}`)]);
      },
    },
    series: [
      { name: t('mon_series_cumulative'), type: 'line', data: cumulative, symbolSize: 5, lineStyle: { width: 2, color: STATUS_COLOR[c.status] }, itemStyle: { color: STATUS_COLOR[c.status] } },
      // 序时进度: the straight line from nothing at the cycle start to the agreed volume at its end
      { name: t('mon_series_schedule'), type: 'line', data: [[0, 0], [n, forChart(c.agreed_volume)]], symbol: 'none', lineStyle: { type: 'dashed', width: 1.5, color: COLORS.baseline }, itemStyle: { color: COLORS.baseline } },
      { name: t('mon_series_agreed'), type: 'line', data: [[0, forChart(c.agreed_volume)], [n, forChart(c.agreed_volume)]], symbol: 'none', lineStyle: { type: 'dotted', width: 1.5, color: '#444' }, itemStyle: { color: '#444' } },
    ],
  };
}

function decompositionOption(e) {
  const l = lang();
  const items = [...e.groups.map((g) => ({ name: groupName(g), d: g.decomposition })), ...(e.groups.length ? [{ name: t('mon_total'), d: e.total.decomposition }] : [])]
    .filter((x) => x.d);
  const keys = [['expenditure_index', 'mon_col_expenditure', COLORS.vbp], ['volume_index', 'mon_col_volume', COLORS.baseline], ['price_index', 'mon_col_price', COLORS.savings], ['structure_index', 'mon_col_structure', COLORS.est]];
  const reversed = items.slice().reverse(); // first group on top
  const described = items.map((x) => t('mon_chart_decomp_item', x.name, ...keys.map(([k]) => indexValue(x.d[k], l))));
  return {
    ...baseOption(t('mon_chart_decomp'), t('mon_chart_decomp_sub'), t('mon_chart_decomp_desc', described)),
    legend: { bottom: 0, data: keys.map(([, label]) => t(label)) },
    grid: { left: 8, right: 24, top: 56, bottom: 36, containLabel: true },
    xAxis: { type: 'value', min: 0, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'category', data: reversed.map((x) => x.name), axisLabel: { width: 130, overflow: 'truncate' } },
    tooltip: {
      ...baseOption().tooltip,
      formatter: (ps) => { const x = reversed[ps[0].dataIndex]; return tip([x.name, ...keys.map(([k, label]) => `${t(label)}: ${indexValue(x.d[k], l)}`)]); },
    },
    series: [
      ...keys.map(([k, label, color]) => ({ name: t(label), type: 'bar', data: reversed.map((x) => forChart(x.d[k])), itemStyle: { color } })),
      // the line of "no change" (an index of 1) across the groups
      { name: '1', type: 'line', data: reversed.map(() => 1), symbol: 'none', silent: true, z: 5, lineStyle: { type: 'dashed', width: 1.5, color: '#a3261b' }, tooltip: { show: false } },
    ],
  };
}

/** Draws the charts of the document shown, when the tab is visible (ECharts needs a size). */
async function drawCharts() {
  const e = lastEvaluation;
  const panel = $('#panel-monitoring');
  if (!e || panel.hidden) return;
  const echarts = await loadECharts();
  if (e !== lastEvaluation || panel.hidden) return; // replaced or hidden meanwhile
  const l = lang();
  e.completion.forEach((c, i) => {
    const id = `chart-mon-item-${gen}-${i}`;
    const el = $(`#${id}`);
    if (!el) return;
    const chart = chartFor(echarts, id, l);
    chart.setOption(itemOption(c), { notMerge: true });
    chart.resize();
    el.dataset.drawn = 'true';
  });
  const el = $('#chart-mon-decomposition');
  el.style.height = `${Math.max(300, 60 + (e.groups.length + 1) * 64)}px`;
  const chart = chartFor(echarts, 'chart-mon-decomposition', l);
  chart.setOption(decompositionOption(e), { notMerge: true });
  chart.resize();
  el.dataset.drawn = 'true';
}

// --- exports ---

function exportCsv() {
  if (!lastEvaluation) return;
  const l = lang();
  download(t('mon_csv_name'), ctx.engine.evaluationCsv(lastEvaluation, l), 'text/csv;charset=utf-8');
  ctx.actions.status(t('csv_done'));
}

async function exportXlsx() {
  if (!lastEvaluation) return;
  const l = lang();
  ctx.actions.status(t('xlsx_working'));
  try {
    const mod = await xlsx();
    download(t('mon_xlsx_name'), mod.evaluationXlsx(lastEvaluation, l === 'en' ? 'en' : 'zh'), XLSX_TYPE);
    ctx.actions.status(t('xlsx_done'));
  } catch (err) {
    ctx.actions.status(t('xlsx_failed', err.code || 'error', errText(err)), true);
  }
}

/** Shows this tab, opens every explanation and prints (the A4 stylesheet prints the tab shown). */
function printReport() {
  ctx.actions.showTab('monitoring');
  const closed = [...document.querySelectorAll('#panel-monitoring details:not([open])')];
  closed.forEach((d) => { d.open = true; });
  window.addEventListener('afterprint', () => closed.forEach((d) => { d.open = false; }), { once: true });
  requestAnimationFrame(() => window.print());
}

// --- the tab ---

/** Called when the tab is shown: draws the charts that waited for a size. */
export function showMonitoring() {
  return drawCharts().catch((err) => console.error('monitoring charts:', err));
}

/** Draws again (the language changed). */
export function renderMonitoring() {
  render();
}

export function initMonitoring(engine, actions) {
  ctx = { engine, actions };
  for (const which of ['purchases', 'agreed']) {
    $(`#mon-${which}`).addEventListener('change', async (ev) => {
      const f = ev.target.files[0];
      ev.target.value = '';
      if (f) await chooseFile(which, f);
    });
    $(`#mon-sheet-${which}`).addEventListener('change', (ev) => {
      if (!files[which] || !files[which].book) return;
      files[which].sheet = ev.target.value;
      compute();
    });
  }
  for (const [, id] of FIELDS) $(`#${id}`).addEventListener('change', fieldsChanged);
  $('#mon-sample').addEventListener('click', () => loadSample().catch((err) => actions.status(t('mon_failed', err.message), true)));
  $('#mon-drop-agreed').addEventListener('click', () => { files.agreed = null; compute(); });
  $('#mon-clear').addEventListener('click', () => {
    files.purchases = null;
    files.agreed = null;
    sample = false;
    setFields({});
    compute();
    actions.status(t('ready'));
  });
  $('#mon-export-csv').addEventListener('click', exportCsv);
  $('#mon-export-xlsx').addEventListener('click', exportXlsx);
  $('#mon-print').addEventListener('click', printReport);
  render();
  $('#panel-monitoring').dataset.ready = 'true';
}
