// The pharmacist's page. Every rule and every figure comes from the engine
// (Rust → WebAssembly, ./pkg); this file keeps the page's state and wires views.
import init, * as engine from './pkg/vbp_savings.js';
import { t, setLang, currentLang, applyStatic } from './js/i18n.js';
import { $, $$, fill } from './js/dom.js';
import { renderInput, linesFromReport } from './js/input-view.js';
import { renderResults, exportCsv, printReport } from './js/results-view.js';
import { renderCatalog } from './js/catalog-view.js';
import { initScenarios, renderScenarios } from './js/scenarios.js';
import { resizeCharts } from './js/charts.js';

const LANG_KEY = 'vbp-savings/lang';

/** The page's state: the inputs (what a scenario saves) and the last report. */
export const state = {
  /** 'none' | 'csv' (an imported file, computed as the CLI does) | 'lines' (the table) */
  kind: 'none',
  file: null, // { name, bytes: Uint8Array }
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

function options() {
  const cut = state.estimateCut.trim();
  return cut ? { estimate_cut: cut } : undefined;
}

const LINE_FIELDS = ['drug', 'quantity', 'baseline_unit_price', 'vbp_unit_price', 'manufacturer', 'unit', 'specification', 'category', 'amount'];

/** The line objects the engine reads (empty cells left out). */
export function engineLines(lines) {
  return lines.map((l) => Object.fromEntries(LINE_FIELDS.filter((f) => l[f] !== undefined && l[f] !== null && l[f] !== '').map((f) => [f, String(l[f])])));
}

/** Computes the report of some inputs with the engine (for scenarios too). */
export function computeReport(inputs) {
  const opts = inputs.estimateCut && inputs.estimateCut.trim() ? { estimate_cut: inputs.estimateCut.trim() } : undefined;
  if (inputs.kind === 'csv' && inputs.file) return engine.estimateCsv(inputs.file.bytes, opts);
  if (inputs.lines.length) return engine.estimate({ lines: engineLines(inputs.lines), options: opts });
  return null;
}

/** Recomputes and re-renders everything that depends on the inputs. */
export function recompute() {
  state.error = null;
  try {
    state.report = computeReport(state);
  } catch (e) {
    state.report = null;
    state.error = e;
    status(t('read_error', e.code || 'error', currentLang() === 'en' ? e.message : e.messageZh || e.message), true);
  }
  if (state.report && state.kind === 'csv') state.lines = linesFromReport(state.report);
  render();
  return state.report;
}

export function render() {
  renderInput(state, actions);
  renderResults(state, engine);
  renderScenarios();
}

/** What the views may ask of the page. */
export const actions = {
  editLine(i, field, value) {
    if (state.kind === 'csv') {
      // the file becomes a table: its rejected rows stay listed
      state.fileRejected = state.report ? state.report.rejected.slice() : [];
      state.kind = 'lines';
    }
    state.lines[i][field] = value;
    recompute();
  },
  deleteLine(i) {
    if (state.kind === 'csv') {
      state.fileRejected = state.report ? state.report.rejected.slice() : [];
      state.kind = 'lines';
    }
    state.lines.splice(i, 1);
    if (!state.lines.length && !state.fileRejected.length) state.kind = 'none';
    recompute();
  },
  addLine(drug = '') {
    if (state.kind === 'csv') {
      state.fileRejected = state.report ? state.report.rejected.slice() : [];
    }
    state.kind = 'lines';
    state.lines.push({ drug, manufacturer: '', unit: '', quantity: '', baseline_unit_price: '', vbp_unit_price: '' });
    recompute();
  },
  clear() {
    Object.assign(state, { kind: 'none', file: null, lines: [], fileRejected: [], fileName: null, sample: false });
    recompute();
  },
  /** Replaces the inputs (a file, the sample, a scenario). */
  load(inputs) {
    Object.assign(state, {
      kind: inputs.kind, file: inputs.file || null, lines: inputs.lines ? inputs.lines.map((l) => ({ ...l })) : [],
      fileRejected: inputs.fileRejected || [], fileName: inputs.fileName || null,
      estimateCut: inputs.estimateCut || '', sample: !!inputs.sample,
    });
    $('#estimate-cut').value = state.estimateCut;
    return recompute();
  },
  showTab,
  computeReport,
  engineLines,
};

async function importFile(file, { sample = false } = {}) {
  const bytes = new Uint8Array(await file.arrayBuffer());
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
    await init({ module_or_path: new URL('./pkg/vbp_savings_bg.wasm', import.meta.url) });
  } catch (e) {
    status(`${t('engine_failed')}: ${e.message}`, true);
    return;
  }
  fill($('#version'), `v${engine.version()}`);
  wire();
  initScenarios(engine, state, actions, status);
  applyLang();
  document.body.dataset.ready = 'true';
}

main();
