// The pharmacist's page. Every rule and every figure comes from the engine
// (Rust → WebAssembly, loaded through ./js/engines.js); this file keeps the page's
// state and wires views.
import { core } from './js/engines.js';
import { t, setLang, currentLang, applyStatic } from './js/i18n.js';
import { $, $$, fill } from './js/dom.js';
import { renderInput, linesFromReport } from './js/input-view.js';
import { renderResults, exportCsv, exportXlsx, printReport } from './js/results-view.js';
import { renderCatalog } from './js/catalog-view.js';
import { initScenarios, renderScenarios } from './js/scenarios.js';
import { resizeCharts } from './js/charts.js';
import { readSpreadsheet, isWorkbook } from './js/workbook.js';
import { renderReview } from './js/review-view.js';
import { initCatalogs, renderCatalogs, activeCatalog } from './js/catalogs.js';

// The 供应保障 and 多批次总览 views are fetched when their tab is first shown.
let supplyView = null;
let programmeView = null;
const supply = () => (supplyView ??= import('./js/supply-view.js').then((m) => { m.initSupply(state, actions); return m; }));
const programmeTab = () => (programmeView ??= import('./js/programme-view.js').then((m) => { m.initProgramme(engine, actions); return m; }));

/** The core engine module, set once it has loaded (see main). */
let engine = null;

const LANG_KEY = 'vbp-savings/lang';

/** The page's state: the inputs (what a scenario saves) and the last report. */
export const state = {
  /**
   * 'none' | 'csv' (an imported CSV file, computed as the CLI does) | 'rows' (a sheet of an
   * imported workbook, read by the spreadsheet module, computed as the CLI does) | 'lines' (the table)
   */
  kind: 'none',
  file: null, // { name, bytes: Uint8Array }
  sheet: null, // { name (file), sheet, source_kind ("xlsx", "ods" …), rows: string[][] } for kind 'rows'
  workbook: null, // { name, format, sheets: [{ name, rows }] } the workbook the sheet came from (for the sheet picker)
  overrides: {}, // catalog match decisions: line → "entry_id#n" | "entry_id" | "none"
  seenReview: {}, // line → the review item (with its candidates) last shown for that line
  lines: [], // [{ drug, manufacturer, unit, quantity, baseline_unit_price, vbp_unit_price, category, line? }]
  fileRejected: [], // rows of an imported file that was then edited: still listed, never counted
  fileName: null,
  estimateCut: '',
  sample: false,
  report: null,
  error: null,
};

export function status(text, isError = false) {
  const el = $('#status');
  el.textContent = text;
  el.classList.toggle('error', isError);
}

/** Whether the inputs are an imported file (CSV or a workbook's sheet) computed as the CLI does. */
export const isFile = (inputs) => inputs.kind === 'csv' || inputs.kind === 'rows';

const LINE_FIELDS = ['drug', 'quantity', 'baseline_unit_price', 'vbp_unit_price', 'manufacturer', 'unit', 'specification', 'category', 'amount'];

/** The line objects the engine reads (empty cells left out). */
export function engineLines(lines) {
  return lines.map((l) => Object.fromEntries(LINE_FIELDS.filter((f) => l[f] !== undefined && l[f] !== null && l[f] !== '').map((f) => [f, String(l[f])])));
}

/** Computes the report of some inputs with the engine (for scenarios too). */
export function computeReport(inputs) {
  const opts = {};
  if (inputs.estimateCut && inputs.estimateCut.trim()) opts.estimate_cut = inputs.estimateCut.trim();
  if (inputs.overrides && Object.keys(inputs.overrides).length) opts.overrides = { ...inputs.overrides };
  if (inputs.catalog) opts.catalog = inputs.catalog;
  const given = Object.keys(opts).length ? opts : undefined;
  if (inputs.kind === 'csv' && inputs.file) return engine.estimateCsv(inputs.file.bytes, given);
  if (inputs.kind === 'rows' && inputs.sheet) {
    return engine.estimateRows(inputs.sheet.rows, { ...opts, sheet: inputs.sheet.sheet, source_kind: inputs.sheet.source_kind });
  }
  if (inputs.lines.length) return engine.estimate({ lines: engineLines(inputs.lines), options: given });
  return null;
}

/** The page's inputs as computeReport reads them (with the catalog chosen for pricing). */
function currentInputs() {
  const active = activeCatalog();
  return { ...state, catalog: active ? active.catalog : null };
}

/** Recomputes and re-renders everything that depends on the inputs. */
export function recompute() {
  state.error = null;
  try {
    state.report = computeReport(currentInputs());
  } catch (e) {
    state.report = null;
    state.error = e;
    status(t('read_error', e.code || 'error', currentLang() === 'en' ? e.message : e.messageZh || e.message), true);
  }
  if (state.report && isFile(state)) state.lines = linesFromReport(state.report);
  if (state.report) for (const r of state.report.review) state.seenReview[r.line] = r;
  render();
  return state.report;
}

export function render() {
  renderInput(state, actions);
  renderReview(state, actions);
  renderResults(state, engine);
  renderScenarios();
  if (supplyView) supplyView.then((m) => m.renderSupply());
}

/** Renumbers line-keyed decisions when the file becomes the table (file line → table row). */
function remapLines(mapping) {
  const move = (obj) => Object.fromEntries(Object.entries(obj).flatMap(([k, v]) => (mapping.has(Number(k)) ? [[String(mapping.get(Number(k))), v]] : [])));
  state.overrides = move(state.overrides);
  state.seenReview = Object.fromEntries(Object.entries(move(state.seenReview)).map(([k, r]) => [k, { ...r, line: Number(k) }]));
}

/** An imported file, once edited, becomes the table; its rejected rows stay listed. */
function becomeLines() {
  if (!isFile(state)) return;
  state.fileRejected = state.report ? state.report.rejected.slice() : [];
  remapLines(new Map(state.lines.map((l, i) => [l.line, i + 1])));
  state.kind = 'lines';
}

/** What the views may ask of the page. */
export const actions = {
  editLine(i, field, value) {
    becomeLines();
    state.lines[i][field] = value;
    recompute();
  },
  deleteLine(i) {
    becomeLines();
    state.lines.splice(i, 1);
    // rows after the deleted one move up by one
    remapLines(new Map(state.lines.map((_, j) => [j >= i ? j + 2 : j + 1, j + 1])));
    if (!state.lines.length && !state.fileRejected.length) state.kind = 'none';
    recompute();
  },
  addLine(drug = '') {
    becomeLines();
    state.kind = 'lines';
    state.lines.push({ drug, manufacturer: '', unit: '', quantity: '', baseline_unit_price: '', vbp_unit_price: '' });
    recompute();
  },
  clear() {
    Object.assign(state, { kind: 'none', file: null, sheet: null, workbook: null, lines: [], fileRejected: [], fileName: null, sample: false, overrides: {}, seenReview: {} });
    recompute();
  },
  /** Replaces the inputs (a file, a workbook's sheet, the sample, a scenario). */
  load(inputs) {
    Object.assign(state, {
      kind: inputs.kind, file: inputs.file || null, sheet: inputs.sheet || null, workbook: inputs.workbook || null,
      lines: inputs.lines ? inputs.lines.map((l) => ({ ...l })) : [],
      fileRejected: inputs.fileRejected || [], fileName: inputs.fileName || null,
      estimateCut: inputs.estimateCut || '', sample: !!inputs.sample,
      overrides: { ...(inputs.overrides || {}) }, seenReview: {},
    });
    $('#estimate-cut').value = state.estimateCut;
    return recompute();
  },
  /** Sets (product) or clears (null) the catalog match of a line, and recomputes. */
  override(line, product) {
    if (product) state.overrides[String(line)] = product;
    else delete state.overrides[String(line)];
    return recompute();
  },
  /** The catalog used for pricing changed: earlier match decisions named its products, so they go. */
  catalogChanged() {
    state.overrides = {};
    state.seenReview = {};
    if (programmeView) programmeView.then((m) => m.renderProgramme());
    return recompute();
  },
  /** Shows another sheet of the workbook the current sheet came from. */
  pickSheet(name) {
    const wb = state.workbook;
    const sheet = wb && wb.sheets.find((s) => s.name === name);
    if (!sheet) return null;
    const report = actions.load({
      kind: 'rows', workbook: wb, fileName: wb.name, estimateCut: state.estimateCut,
      sheet: { name: wb.name, sheet: sheet.name, source_kind: wb.format, rows: sheet.rows },
    });
    if (report) status(t('imported_sheet', wb.name, sheet.name, report.input.accepted, report.input.rejected));
    return report;
  },
  recompute,
  showTab,
  computeReport,
  engineLines,
  status,
};

async function importFile(file, { sample = false } = {}) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (isWorkbook(bytes)) {
    // a workbook: the spreadsheet module is loaded now (and only now), its sheets read
    let book;
    try {
      book = await readSpreadsheet(file.name, bytes);
    } catch (e) {
      status(t('read_error', e.code || 'error', currentLang() === 'en' ? e.message : e.messageZh || e.message), true);
      return null;
    }
    const pick = book.sheets[book.default_sheet ?? 0];
    if (!pick) {
      status(t('read_error', 'empty_input', t('no_sheets')), true);
      return null;
    }
    state.workbook = book;
    return actions.pickSheet(pick.name);
  }
  const report = actions.load({ kind: 'csv', file: { name: file.name, bytes }, fileName: file.name, sample, estimateCut: state.estimateCut });
  if (report) {
    status(sample ? t('sample_loaded') : t('imported', file.name, report.input.accepted, report.input.rejected));
  }
  return report;
}

async function loadSample() {
  const res = await fetch('./sample.csv');
  const blob = await res.blob();
  await importFile(new File([blob], 'sample.csv'), { sample: true });
  showTab('results');
}

// --- tabs (keyboard: arrows, Home, End) ---
function showTab(name) {
  for (const tab of $$('[role=tab]')) {
    const on = tab.id === `tab-${name}`;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`#${tab.getAttribute('aria-controls')}`).hidden = !on;
  }
  if (name === 'results') resizeCharts();
  if (name === 'supply') supply().then((m) => m.showSupply()).catch((e) => status(`${t('engine_failed')}: ${e.message}`, true));
  if (name === 'programme') programmeTab().then((m) => m.showProgramme()).catch((e) => status(`${t('engine_failed')}: ${e.message}`, true));
}

function wireTabs() {
  const tabs = $$('[role=tab]');
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => showTab(tab.id.slice(4)));
    tab.addEventListener('keydown', (e) => {
      let j = null;
      if (e.key === 'ArrowRight') j = (i + 1) % tabs.length;
      else if (e.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
      else if (e.key === 'Home') j = 0;
      else if (e.key === 'End') j = tabs.length - 1;
      if (j !== null) {
        e.preventDefault();
        showTab(tabs[j].id.slice(4));
        tabs[j].focus();
      }
    });
  });
}

function applyLang() {
  applyStatic();
  const btn = $('#lang-toggle');
  btn.textContent = t('lang_toggle');
  btn.setAttribute('aria-label', t('lang_toggle_aria'));
  btn.lang = currentLang() === 'en' ? 'zh-CN' : 'en';
  renderCatalog(engine, actions);
  renderCatalogs();
  if (programmeView) programmeView.then((m) => m.renderProgramme());
  render();
  status(state.report ? t('counted', state.report.input.accepted, state.report.input.rejected) : t('ready'));
}

function wire() {
  wireTabs();
  $('#lang-toggle').addEventListener('click', () => {
    setLang(currentLang() === 'en' ? 'zh' : 'en');
    try { localStorage.setItem(LANG_KEY, currentLang()); } catch { /* storage off: the toggle still works */ }
    applyLang();
  });
  $('#import-file').addEventListener('change', async (ev) => {
    const f = ev.target.files[0];
    if (f) await importFile(f);
    ev.target.value = '';
  });
  const zone = $('#dropzone');
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', async (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const f = e.dataTransfer && e.dataTransfer.files[0];
    if (f) await importFile(f);
  });
  // a file dropped outside the zone must not navigate away from the page
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  $('#load-sample').addEventListener('click', loadSample);
  $('#add-line').addEventListener('click', () => { actions.addLine(); const inputs = $$('#lines-table tbody tr:last-child input'); if (inputs[0]) inputs[0].focus(); });
  $('#clear-lines').addEventListener('click', () => { if (!state.lines.length || confirm(t('confirm_clear'))) actions.clear(); });
  $('#estimate-cut').addEventListener('change', (e) => { state.estimateCut = e.target.value; recompute(); });
  $('#export-csv').addEventListener('click', () => { if (state.report) { exportCsv(state.report, engine); status(t('csv_done')); } });
  $('#export-xlsx').addEventListener('click', async () => {
    if (!state.report) return;
    status(t('xlsx_working'));
    try {
      await exportXlsx(state.report);
      status(t('xlsx_done'));
    } catch (e) {
      status(t('xlsx_failed', e.code || 'error', currentLang() === 'en' ? e.message : e.messageZh || e.message), true);
    }
  });
  $('#sheet-pick').addEventListener('change', (e) => actions.pickSheet(e.target.value));
  $('#print-report').addEventListener('click', () => printReport(state, showTab));
}

async function main() {
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved) setLang(saved);
  } catch { /* storage off */ }
  applyStatic();
  status(t('loading'));
  try {
    engine = await core();
  } catch (e) {
    status(`${t('engine_failed')}: ${e.message}`, true);
    return;
  }
  fill($('#version'), `v${engine.version()}`);
  wire();
  initScenarios(engine, state, actions, status);
  initCatalogs(engine, actions);
  applyLang();
  document.body.dataset.ready = 'true';
}

main();
