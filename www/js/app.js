// The pharmacist's page. Every rule and every figure comes from the engine
// (Rust → WebAssembly, loaded through ./engines.js); this file keeps the page's
// state and wires views.
import { core, batches, coreCompiled } from './engines.js';
import { t, setLang, currentLang, applyStatic } from './i18n.js';
import { $, $$, fill, fieldError } from './dom.js';
import { percent } from './format.js';
import { fitTables } from './fit.js';
import { renderInput } from './input-view.js';
import { focusCell, focusedLine } from './grid-view.js';
import { renderResults, renderTotals, renderTotalsFirst, exportCsv, exportXlsx, printReport } from './results-view.js';
import { renderCatalog } from './catalog-view.js';
import { initScenarios, renderScenarios, scenarioNotice } from './scenarios.js';
import { resizeCharts } from './charts.js';
import { readSpreadsheet, isWorkbook } from './workbook.js';
import { renderReview } from './review-view.js';
import { initCatalogs, renderCatalogs, activeCatalog } from './catalogs.js';
import { streamImport, streamThreshold, cancelImport, wireLargeImport } from './large-import.js';

// The 供应保障, 监测与评价 and 多批次总览 views are set up when their tab is first shown (their
// code is in the page's one script, www/dist/app.js, as `import()` bundled by esbuild).
let supplyView = null;
let programmeView = null;
let monitoringView = null;
const supply = () => (supplyView ??= import('./supply-view.js')
  .then((m) => { m.initSupply(state, actions); return m; })
  .catch((e) => { supplyView = null; throw e; })); // a failed set-up may be retried
const monitoring = () => (monitoringView ??= import('./monitoring-view.js')
  .then((m) => { m.initMonitoring(engine, actions); return m; })
  .catch((e) => { monitoringView = null; throw e; })); // a failed set-up may be retried
const programmeTab = () => (programmeView ??= Promise.all([import('./programme-view.js'), batches()])
  .then(([m, withBatches]) => { m.initProgramme(withBatches, actions); return m; })
  .catch((e) => { programmeView = null; throw e; })); // a failed set-up may be retried

/** The core engine module, set once it has loaded (see main). */
let engine = null;

const LANG_KEY = 'vbp-savings/lang';

/** The page's state: the inputs (what a scenario saves) and the last report. */
export const state = {
  /**
   * 'none' | 'csv' (an imported CSV file, computed as the CLI does) | 'rows' (a sheet of an
   * imported workbook, read by the spreadsheet module, computed as the CLI does) | 'lines' (the table)
   * | 'stream' (a large CSV file, read in a worker piece by piece: aggregates only, see large-import.js)
   */
  kind: 'none',
  file: null, // { name, bytes: Uint8Array }
  stream: null, // { name, file: File, size } for kind 'stream' (the File, not its bytes)
  sheet: null, // { name (file), sheet, source_kind ("xlsx", "ods" …), rows: string[][] } for kind 'rows'
  workbook: null, // { name, format, sheets: [{ name, rows }] } the workbook the sheet came from (for the sheet picker)
  overrides: {}, // catalog match decisions: line → "entry_id#n" | "entry_id" | "none"
  seenReview: {}, // line → the review item (with its candidates) last shown for that line
  /**
   * The user's data: line objects as the engine's readLines read them from the file (every
   * field the engine reads, as written, each with its file line) or as typed (line = the
   * row's number), with the user's edits. Recomputed from; never rebuilt from a report.
   */
  lines: [],
  linesGen: 0, // bumped when the lines are replaced (a file, a scenario, clear): the grid is built again
  fileRejected: [], // rows of the imported file that are not lines (unreadable, totals rows): listed, never counted
  fileWarnings: [], // the reader's warnings about the file's rows (malformed quotes, cells beyond the header)
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
export const isFile = (inputs) => inputs.kind === 'csv' || inputs.kind === 'rows' || inputs.kind === 'stream';

const LINE_FIELDS = ['drug', 'quantity', 'baseline_unit_price', 'vbp_unit_price', 'manufacturer', 'unit', 'specification', 'category', 'amount', 'kind', 'batch'];

const filled = (l) => LINE_FIELDS.some((f) => l[f] !== undefined && l[f] !== null && l[f] !== '');

/** The line objects the engine reads, each with its line: a row with nothing typed in it yet is left out (not wrong, just empty). */
export function engineLines(lines) {
  return lines.filter(filled).map((l) => {
    const o = { line: l.line };
    for (const f of LINE_FIELDS) if (l[f] !== undefined && l[f] !== null && l[f] !== '') o[f] = String(l[f]);
    return o;
  });
}

/**
 * The file's rows as line objects, read by the engine (readLines: the same header search
 * and columns as the estimate): the lines, the rows that are not lines, the reader's warnings.
 */
function readFileLines(inputs) {
  try {
    if (inputs.kind === 'csv' && inputs.file) return engine.readLines(inputs.file.bytes);
    if (inputs.kind === 'rows' && inputs.sheet) return engine.readLines(inputs.sheet.rows, { sheet: inputs.sheet.sheet, source_kind: inputs.sheet.source_kind });
  } catch { /* the file can't be read: the estimate reports why */ }
  return { lines: [], rejected: [], warnings: [] };
}

/** The engine options of some inputs: estimate cut, match decisions, pricing catalog. */
function engineOptions(inputs) {
  const opts = {};
  if (inputs.estimateCut && inputs.estimateCut.trim()) opts.estimate_cut = inputs.estimateCut.trim();
  if (inputs.overrides && Object.keys(inputs.overrides).length) opts.overrides = { ...inputs.overrides };
  if (inputs.catalog) opts.catalog = inputs.catalog;
  return opts;
}

/**
 * The options a newly chosen file is estimated with before it becomes the input: the estimate
 * cut and pricing catalog in force, no match decisions (they named another file's lines, as
 * actions.load drops them), and no per-line list (only the sums, tables and lists are shown).
 */
function newFileOptions() {
  return { ...engineOptions({ ...currentInputs(), overrides: {} }), omit_lines: true };
}

/** Computes the report of some inputs with the engine (for scenarios too; a large file is computed in its worker). */
export function computeReport(inputs) {
  const opts = engineOptions(inputs);
  const given = Object.keys(opts).length ? opts : undefined;
  if (inputs.kind === 'stream') return null;
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
  if (state.kind === 'stream') {
    // a large file is read again in its worker with the new settings; the report comes later
    restream();
    return state.report;
  }
  inputsGen += 1;
  state.error = null;
  try {
    state.report = computeReport(currentInputs());
  } catch (e) {
    state.report = null;
    state.error = e;
    status(t('read_error', e.code || 'error', currentLang() === 'en' ? e.message : e.messageZh || e.message), true);
  }
  if (state.report) for (const r of state.report.review) state.seenReview[r.line] = r;
  render();
  prepareSession();
  return state.report;
}

// --- edits of many lines: an EstimateSession in a worker (js/estimate-worker.js) ---
// A table of thousands of lines is estimated in the worker, which holds the table's
// EstimateSession: started with every line once (in the background after a file is read),
// then given only the lines each edit changed. The session's report has the sums, tables,
// warnings and review of every line; its per-line list is the last one with the edited
// lines' outcomes put in their places (by line number). The page stays responsive.
/** From this many lines edits are estimated by the worker's session. */
export const WORKER_LINES = 2000;
let inputsGen = 0; // bumped by every whole recompute: the worker's session is started again for the new inputs
let estimator = null; // the worker
let running = false;
let sessionKey = -1; // the inputsGen the worker's session was started for
let sessionReport = null; // the session's last report, with its per-line list
const pending = { set: new Map(), remove: new Set() }; // the edits not yet sent: line → line object | removed line numbers

function ask(message) {
  estimator ??= new Worker(new URL('./estimate-worker.js', import.meta.url), { type: 'module' });
  return new Promise((resolve) => {
    estimator.onmessage = (e) => resolve(e.data);
    estimator.onerror = (e) => resolve({ error: { code: 'worker', message: String(e.message || e), messageZh: String(e.message || e) } });
    estimator.postMessage(message);
  });
}

/** The index in `lines` (sorted by line number) where line `n` is or would go. */
function placeOf(lines, n) {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid].line < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The session's report after an edit: its per-line list is the last one with the edited
 * lines' outcomes in their places; its review and rejected rows the last ones when the
 * worker left them out as unchanged (`lists` false).
 */
function withLines(report, last, outcomes, removed, lists) {
  const lines = last.lines.slice();
  const drop = (n) => {
    const i = placeOf(lines, n);
    if (i < lines.length && lines[i].line === n) lines.splice(i, 1);
  };
  for (const n of removed) drop(n);
  for (const o of outcomes) {
    drop(o.line);
    if (o.priced) lines.splice(placeOf(lines, o.line), 0, o.priced);
  }
  return lists ? { ...report, lines } : { ...report, lines, review: last.review, rejected: last.rejected };
}

/** Starts the worker's session for the current inputs (the lines of a large table); the edits made so far are in it. */
async function startSession() {
  const key = inputsGen;
  sessionKey = key;
  sessionReport = null;
  pending.set.clear();
  pending.remove.clear();
  const opts = engineOptions(currentInputs());
  const module = await coreCompiled().catch(() => null);
  const out = await ask({ start: { key, lines: engineLines(state.lines), options: Object.keys(opts).length ? opts : undefined }, module });
  if (out.key === sessionKey && !out.error) sessionReport = out.report;
  return out;
}

/** After a file or a scenario is loaded: a large table's session is started in the worker now, so the first edit is already quick. */
function prepareSession() {
  if (state.kind === 'stream' || state.lines.length < WORKER_LINES || running) return;
  running = true;
  startSession().finally(() => {
    running = false;
    // edits made meanwhile (queued), or new inputs: the loop takes them (and clears data-computing)
    if (pending.set.size || pending.remove.size || sessionKey !== inputsGen || document.body.dataset.computing === 'true') recomputeEdited();
  });
}

/** Recomputes after an edit: at once for a small table, by the worker's session for a large one (every edit applied, in order). */
function recomputeEdited() {
  if (state.lines.length < WORKER_LINES) {
    recompute();
    return;
  }
  document.body.dataset.computing = 'true';
  if (running) return; // the running loop sends what is pending
  (async () => {
    running = true;
    try {
      for (;;) {
        let out;
        if (sessionKey !== inputsGen || !sessionReport) {
          out = await startSession();
        } else if (pending.set.size || pending.remove.size) {
          const set = engineLines([...pending.set.values()]);
          const remove = [...pending.remove];
          pending.set.clear();
          pending.remove.clear();
          const last = sessionReport;
          out = await ask({ edit: { key: sessionKey, set, remove } });
          if (out.key === sessionKey && out.report) sessionReport = withLines(out.report, last, out.outcomes, out.remove, out.lists);
          else sessionReport = null; // started again on the next round
        } else {
          break;
        }
        if (out.key !== inputsGen) continue; // the inputs were replaced meanwhile: their report is recompute's
        if (out.stale) continue;
        if (out.error) {
          state.report = null;
          state.error = out.error;
          sessionReport = null;
          status(readError(out.error), true);
          render();
          break; // the next edit tries again
        } else if (!pending.set.size && !pending.remove.size) {
          state.report = sessionReport;
          state.error = null;
          for (const r of state.report.review) state.seenReview[r.line] = r;
          renderEdited();
        }
      }
    } finally {
      running = false;
      document.body.dataset.computing = 'false';
    }
  })();
}

/** Lines changed in the table: queued for the worker's session (a row left with nothing in it is no line). */
function queueEdits(lines) {
  for (const l of lines) {
    if (filled(l)) {
      pending.set.set(l.line, l);
      pending.remove.delete(l.line);
    } else {
      pending.set.delete(l.line);
      pending.remove.add(l.line);
    }
  }
}

/** The views that show the inputs and the report, in drawing order. */
const VIEWS = [
  () => renderInput(state, actions),
  () => renderReview(state, actions),
  () => renderResults(state, engine),
  () => renderScenarios(),
  () => { if (supplyView) supplyView.then((m) => m.renderSupply()); },
];

function hooks() {
  // test hooks: the report the page shows, or the error it reports
  window.__vbpLastReport = state.report;
  window.__vbpLastError = state.error ? { code: state.error.code, message: state.error.message } : null;
}

/** Draws one view (timed as the user-timing measure `vbp:render`: the edit bench reads it). */
function draw(view) {
  const t0 = performance.now();
  view();
  performance.measure('vbp:render', { start: t0, end: performance.now() });
}

let resultsStale = false; // the results tab was not redrawn after an edit (it was hidden): drawn when shown

export function render() {
  hooks();
  resultsStale = false;
  for (const view of VIEWS) draw(view);
}

/** render(), each view in its own task: after a large file's report no task holds the page for long. */
async function renderInSteps(views = VIEWS) {
  hooks();
  if (views.includes(VIEWS[2])) resultsStale = false;
  for (const view of views) {
    draw(view);
    await new Promise((resolve) => { setTimeout(resolve, 0); });
  }
}

/**
 * After an edit of a large table: the totals first, then the other views, each in a task of
 * its own — the results tab's tables and charts only when it is shown (else when it is next
 * shown); the grid refreshes only the rows whose marks changed.
 */
function renderEdited() {
  hooks();
  draw(() => renderTotals(state));
  const shown = !$('#panel-results').hidden;
  resultsStale = !shown;
  return renderInSteps(shown ? [VIEWS[2], VIEWS[0], VIEWS[1], VIEWS[3], VIEWS[4]] : [VIEWS[0], VIEWS[1], VIEWS[3], VIEWS[4]]);
}

// --- edits not saved as a scenario: leaving the page asks first ---
let unsaved = false;
let newLines = 0; // new line objects handed out for one paste (numbered apart until added)
function warnUnload(e) {
  e.preventDefault();
  e.returnValue = t('unsaved_warning'); // older browsers show (or need) a text
  return e.returnValue;
}
/** Marks the inputs as edited since they were loaded or saved (on) or as saved (off): sets or removes the beforeunload warning. */
function setUnsaved(on) {
  if (on === unsaved) return;
  unsaved = on;
  if (on) window.addEventListener('beforeunload', warnUnload);
  else window.removeEventListener('beforeunload', warnUnload);
  document.body.dataset.unsaved = String(on);
}

// --- the estimate cut field: a value the engine refuses is the field's error, not the file's ---
let cutError = null; // { value, error } while the field holds a value the engine refuses

/** The engine's objection to an estimate cut (validateOptions: no file is involved), or null. */
function cutProblem(value) {
  const v = value.trim();
  if (!v) return null;
  try {
    engine.validateOptions({ estimate_cut: v });
    return null;
  } catch (e) {
    return e;
  }
}

/** Shows (or clears) the field's error next to it, in the page language. */
function renderCutError() {
  const input = $('#estimate-cut');
  const box = $('#estimate-cut-error');
  if (!cutError) {
    fieldError(input, box, null);
    return;
  }
  const e = cutError.error;
  const msg = currentLang() === 'en' ? (e.message || '').replace(/^[a-z_]+: /, '') : e.messageZh || e.message;
  const used = state.estimateCut.trim() ? t('cut_used_value', state.estimateCut.trim()) : t('cut_used_default');
  fieldError(input, box, t('cut_invalid', msg, used));
}

/** A value typed in the estimate cut field: a valid one recomputes; another one is reported by the field and the last results stay. */
function setEstimateCut(value) {
  const e = cutProblem(value);
  cutError = e ? { value, error: e } : null;
  renderCutError();
  if (e) {
    status(t('cut_invalid_status'), true);
    return;
  }
  const changed = value.trim() !== state.estimateCut.trim();
  state.estimateCut = value;
  if (changed && state.kind !== 'none') setUnsaved(true);
  recompute();
  if (state.kind !== 'stream' && !state.error) status(state.report ? t('counted', state.report.input.accepted, state.report.input.rejected) : t('ready'));
}

/**
 * The report to export: the engine's report, and — when an imported file was edited into
 * the table — the file's rejected rows too (as the page lists them), which the table's
 * estimate no longer sees. Rejected rows are counted by row, the file's and the table's apart.
 */
export function exportReport() {
  const r = state.report;
  if (!r || state.kind !== 'lines' || (!state.fileRejected.length && !state.fileWarnings.length)) return r;
  const rejected = [...state.fileRejected, ...r.rejected].sort((a, b) => a.line - b.line);
  const rows = new Set([...state.fileRejected.map((p) => `file:${p.line}`), ...r.rejected.map((p) => `table:${p.line}`)]);
  const warnings = [...state.fileWarnings, ...r.warnings];
  return { ...r, rejected, warnings, input: { ...r.input, rejected: rows.size } };
}

/**
 * An imported file, once edited, is its lines with the edits: the same line objects (every
 * field the file gave, each under its file line, so match decisions stay where they were);
 * the rows that are not lines stay listed.
 */
function becomeLines() {
  if (!isFile(state)) return;
  state.kind = 'lines';
}

/** The line number of a new row: after every line there is (the row's number in a typed table). */
const nextLine = () => state.lines.reduce((m, l) => Math.max(m, l.line || 0), 0) + 1;

/** What the views may ask of the page. */
export const actions = {
  /** Lines edited in the grid (their objects changed in place), and rows it added at the end (a paste past the last row). */
  linesEdited(edited, added = []) {
    if (state.kind === 'stream') return;
    setUnsaved(true);
    becomeLines();
    if (added.length) state.lines = [...state.lines, ...added];
    newLines = 0;
    queueEdits([...edited, ...added]);
    recomputeEdited();
  },
  /** A new empty line object with the next line number (not added yet). */
  newLine() {
    return { line: nextLine() + newLines++ };
  },
  /** Deletes lines (by line number); the others keep their numbers. */
  deleteLines(lines) {
    const gone = new Set(lines);
    if (!gone.size) return;
    setUnsaved(true);
    becomeLines();
    state.lines = state.lines.filter((l) => !gone.has(l.line));
    for (const n of gone) {
      // a match decision for a deleted line goes with it: the session's options change, it is started again
      if (state.overrides[String(n)] !== undefined) inputsGen += 1;
      delete state.overrides[String(n)];
      delete state.seenReview[String(n)];
      pending.set.delete(n);
      pending.remove.add(n);
    }
    if (!state.lines.length && !state.fileRejected.length) { state.kind = 'none'; state.linesGen += 1; }
    recomputeEdited();
  },
  addLine(drug = '') {
    if (state.kind === 'stream') {
      status(t('stream_no_edit'), true);
      return null;
    }
    setUnsaved(true);
    becomeLines();
    state.kind = 'lines';
    const line = { line: nextLine() };
    if (drug) line.drug = drug;
    state.lines = [...state.lines, line];
    recomputeEdited();
    return line;
  },
  clear() {
    stopStream();
    Object.assign(state, { kind: 'none', file: null, stream: null, sheet: null, workbook: null, lines: [], linesGen: state.linesGen + 1, fileRejected: [], fileWarnings: [], fileName: null, sample: false, overrides: {}, seenReview: {} });
    setUnsaved(false); // nothing left to lose
    recompute();
  },
  /** Replaces the inputs (a file, a workbook's sheet, the sample, a scenario). */
  load(inputs) {
    stopStream();
    const read = isFile(inputs) ? readFileLines(inputs) : null;
    Object.assign(state, {
      kind: inputs.kind, file: inputs.file || null, stream: null, sheet: inputs.sheet || null, workbook: inputs.workbook || null,
      lines: read ? read.lines : (inputs.lines || []).map((l, i) => ({ ...l, line: l.line || i + 1 })),
      linesGen: state.linesGen + 1,
      fileRejected: read ? read.rejected : inputs.fileRejected || [], fileWarnings: read ? read.warnings : inputs.fileWarnings || [],
      fileName: inputs.fileName || null,
      estimateCut: inputs.estimateCut || '', sample: !!inputs.sample,
      overrides: { ...(inputs.overrides || {}) }, seenReview: {},
    });
    $('#estimate-cut').value = state.estimateCut;
    cutError = null;
    renderCutError();
    setUnsaved(false); // loaded, not edited
    return recompute();
  },
  /** Sets (product) or clears (null) the catalog match of a line, and recomputes. */
  override(line, product) {
    setUnsaved(true);
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
  /** The inputs were saved as a scenario: leaving the page no longer asks. */
  markSaved() { setUnsaved(false); },
  showTab,
  computeReport,
  engineLines,
  status,
};

// --- large CSV files: read in a worker (js/large-import.js) ---
let streamGen = 0; // bumped whenever the inputs are replaced: a late report of an older import is dropped

/** Forgets a running large-file import (the inputs are being replaced). */
function stopStream() {
  streamGen += 1;
  cancelImport();
}

const readError = (e) => t('read_error', e.code || 'error', currentLang() === 'en' ? e.message : e.messageZh || e.message);
const megabytes = (n) => new Intl.NumberFormat(currentLang() === 'en' ? 'en' : 'zh-CN', { maximumFractionDigits: 1 }).format(n / 1e6);

/**
 * Imports a large CSV file in the worker. The page's inputs stay as they were until the
 * report has arrived (a cancelled import changes nothing); then the file becomes the input,
 * with the estimate cut and pricing catalog in force and no match decisions (a new file).
 */
async function importLarge(file) { // → { report, error }, or null when cancelled or replaced
  const gen = ++streamGen;
  status(t('stream_started', file.name, megabytes(file.size)));
  let report = null;
  let error = null;
  try {
    report = await streamImport(file, newFileOptions());
  } catch (e) {
    if (gen !== streamGen) return null;
    if (e.code === 'cancelled') {
      status(t('stream_cancelled', file.name));
      return null;
    }
    error = e;
  }
  if (gen !== streamGen) return null;
  Object.assign(state, {
    kind: 'stream', file: null, stream: { name: file.name, file, size: file.size }, sheet: null, workbook: null,
    lines: [], linesGen: state.linesGen + 1, fileRejected: [], fileWarnings: [], fileName: file.name, sample: false, overrides: {}, seenReview: {}, report, error,
  });
  setUnsaved(false); // a new file, not edited
  await afterReport();
  if (error) status(readError(error), true);
  else {
    status(t('imported', file.name, report.input.accepted, report.input.rejected));
    showTab('results'); // the answer, as after the sample
  }
  return { report, error };
}

/** Reads the large file again with the current settings (the estimate cut, a match decision or the catalog changed). */
async function restream() {
  const gen = ++streamGen;
  const s = state.stream;
  status(t('stream_recomputing', s.name));
  let said;
  try {
    const report = await streamImport(s.file, { ...engineOptions(currentInputs()), omit_lines: true });
    if (gen !== streamGen) return;
    state.report = report;
    state.error = null;
    said = [t('counted', report.input.accepted, report.input.rejected), false];
  } catch (e) {
    if (gen !== streamGen) return;
    state.report = null;
    state.error = e;
    said = [e.code === 'cancelled' ? t('stream_cancelled_recompute', s.name) : readError(e), true];
  }
  await afterReport();
  status(...said);
}

/** What follows a large file's report: the review items seen, the views (drawn a view per task). */
async function afterReport() {
  if (state.report) for (const r of state.report.review) state.seenReview[r.line] = r;
  await renderInSteps();
}

/**
 * Imports a file: a workbook (its default sheet), a large CSV file (in the worker) or a
 * CSV file (at once). Resolves with the report, or null when the file can't be read (the
 * status says why) or its import was cancelled.
 */
async function importFile(file, { sample = false } = {}) {
  // a file large enough to be streamed is streamed unless its first bytes are a workbook's
  // (read apart only then: a smaller file is read once, below)
  if (!sample && file.size >= streamThreshold() && !isWorkbook(new Uint8Array(await file.slice(0, 8).arrayBuffer()))) {
    const out = await importLarge(file);
    if (out) noteImport(file.name, out.report, out.error);
    return out ? out.report : null;
  }
  stopStream();
  const gen = streamGen; // a file, the sample or a scenario loaded meanwhile replaces this import
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (gen !== streamGen) return null;
  if (!sample && !isWorkbook(bytes) && bytes.length >= TOTALS_FIRST_BYTES && totalsFirst(file.name, bytes)) {
    await nextFrame();
    if (gen !== streamGen) return null;
  }
  if (isWorkbook(bytes)) {
    // a workbook: the spreadsheet module is loaded now (and only now), its sheets read
    let book;
    try {
      book = await readSpreadsheet(file.name, bytes);
    } catch (e) {
      status(readError(e), true);
      noteImport(file.name, null, e);
      return null;
    }
    const pick = book.sheets[book.default_sheet ?? 0];
    if (!pick) {
      status(t('read_error', 'empty_input', t('no_sheets')), true);
      noteImport(file.name, null, { code: 'empty_input', message: t('no_sheets') });
      return null;
    }
    state.workbook = book;
    const report = actions.pickSheet(pick.name);
    noteImport(file.name, report, state.error);
    if (report) showTab('results');
    return report;
  }
  const report = actions.load({ kind: 'csv', file: { name: file.name, bytes }, fileName: file.name, sample, estimateCut: state.estimateCut });
  if (report) {
    status(sample ? t('sample_loaded') : t('imported', file.name, report.input.accepted, report.input.rejected));
    if (!sample) showTab('results'); // the answer, as after the sample
  }
  noteImport(file.name, report, state.error);
  return report;
}

/**
 * From this size a CSV file's lines take longer to read into the table and draw than a frame
 * or two (about 2,000 lines and up), so the answer is shown first: see totalsFirst.
 */
const TOTALS_FIRST_BYTES = 64 * 1024;

const nextFrame = () => new Promise((resolve) => { requestAnimationFrame(() => setTimeout(resolve, 0)); });

/**
 * The answer first: the file's totals, from the engine's report without its per-line list
 * (the same engine, options and bytes as the whole import that follows, so the same exact
 * sums), drawn on the results tab with the rest of the tab marked as still being drawn; the
 * page paints before the lines are read into the table and every view is drawn. False when
 * the file can't be estimated (the whole import then says why).
 */
function totalsFirst(name, bytes) {
  let report;
  try {
    performance.mark('vbp:totals-estimate');
    report = engine.estimateCsv(bytes, newFileOptions());
    performance.mark('vbp:totals-estimated');
  } catch {
    return false;
  }
  resultsStale = false; // the whole import draws the tab next
  renderTotalsFirst(report);
  selectTab('results');
  status(t('totals_first', name, report.input.accepted, report.input.rejected));
  performance.mark('vbp:totals-drawn');
  return true;
}

/** Test hook: what the last file import gave ({ name, report } or { name, error: { code, message } }). */
function noteImport(name, report, error) {
  window.__vbpLastImport = report ? { name, report } : { name, error: { code: (error && error.code) || 'error', message: (error && error.message) || '' } };
}

async function loadSample() {
  const res = await fetch('./sample.csv');
  const blob = await res.blob();
  await importFile(new File([blob], 'sample.csv'), { sample: true });
  showTab('results');
  $('#tab-results').focus(); // the button pressed is now hidden: the keyboard goes on from the results tab
}

// --- tabs (keyboard: arrows, Home, End) ---
/** Marks tab `name` selected and shows its panel (nothing drawn). */
function selectTab(name) {
  for (const tab of $$('[role=tab]')) {
    const on = tab.id === `tab-${name}`;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`#${tab.getAttribute('aria-controls')}`).hidden = !on;
  }
  document.body.dataset.tab = name; // the A4 stylesheet prints the results, or the monitoring tab when it is shown
}

function showTab(name) {
  selectTab(name);
  if (name === 'catalog' && catalogStale) drawCatalog();
  if (name === 'results' && resultsStale) {
    resultsStale = false;
    draw(VIEWS[2]);
  }
  fitTables($(`#panel-${name}`));
  if (name === 'results') resizeCharts();
  if (name === 'supply') supply().then((m) => m.showSupply()).catch((e) => status(`${t('engine_failed')}: ${e.message}`, true));
  if (name === 'monitoring') monitoring().then((m) => m.showMonitoring()).catch((e) => status(`${t('engine_failed')}: ${e.message}`, true));
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

/** The batch's published cut as the engine's catalog states it (the estimate cut's default), for the field's placeholder. */
let headlineCut;
let catalogStale = false; // the catalog tab was not drawn in the current language: drawn when shown

/** The catalog tab (60 entries with their sources): drawn when shown, not at start. */
function drawCatalog() {
  catalogStale = $('#panel-catalog').hidden;
  if (!catalogStale) renderCatalog(engine, actions);
}

function applyLang() {
  applyStatic();
  headlineCut ??= engine.batchFacts().average_price_cut.value;
  $('#estimate-cut').placeholder = headlineCut ? t('cut_placeholder', percent(headlineCut, currentLang())) : '';
  const btn = $('#lang-toggle');
  btn.textContent = t('lang_toggle');
  btn.setAttribute('aria-label', t('lang_toggle_aria'));
  btn.lang = currentLang() === 'en' ? 'zh-CN' : 'en';
  drawCatalog();
  renderCatalogs();
  if (programmeView) programmeView.then((m) => m.renderProgramme());
  if (monitoringView) monitoringView.then((m) => m.renderMonitoring());
  render();
  renderCutError();
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
  wireLargeImport();
  $('#add-line').addEventListener('click', async () => {
    const line = actions.addLine();
    if (!line) return;
    // the grid may still be loading its library: focus the new row's first cell once it is there
    for (let i = 0; i < 50 && document.body.dataset.grid !== 'ready'; i++) await new Promise((r) => { setTimeout(r, 20); });
    focusCell(line.line, 'drug');
  });
  $('#delete-line').addEventListener('click', () => {
    const line = focusedLine();
    if (line == null) { status(t('delete_pick'), true); return; }
    actions.deleteLines([line]);
    status(t('deleted_line', line));
  });
  $('#clear-lines').addEventListener('click', () => { if (!state.lines.length || confirm(t('confirm_clear'))) actions.clear(); });
  $('#estimate-cut').addEventListener('change', (e) => setEstimateCut(e.target.value));
  $('#export-csv').addEventListener('click', () => { if (state.report) { exportCsv(exportReport(), engine); status(t('csv_done')); } });
  $('#export-xlsx').addEventListener('click', async () => {
    if (!state.report) return;
    status(t('xlsx_working'));
    try {
      await exportXlsx(exportReport());
      status(t('xlsx_done'));
    } catch (e) {
      status(t('xlsx_failed', e.code || 'error', currentLang() === 'en' ? e.message : e.messageZh || e.message), true);
    }
  });
  $('#sheet-pick').addEventListener('change', (e) => actions.pickSheet(e.target.value));
  $('#print-report').addEventListener('click', () => printReport(state, showTab));
  $('#results-to-input').addEventListener('click', () => { showTab('input'); $('#tab-input').focus(); });
}

// User Timing marks of a page load (bench/page.mjs prints them, DevTools shows them): vbp:start
// (this script runs), vbp:engine (the engine compiled and instantiated), vbp:ready (the page
// answers); for a file's totals first, vbp:totals-estimate, vbp:totals-estimated, vbp:totals-drawn.
async function main() {
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved) setLang(saved);
  } catch { /* storage off */ }
  performance.mark('vbp:start');
  const loading = core(); // the engine's script and WebAssembly (preloaded), compiled while the page is set up
  applyStatic();
  status(t('loading'));
  try {
    engine = await loading;
    performance.mark('vbp:engine');
  } catch (e) {
    status(`${t('engine_failed')}: ${e.message}`, true);
    return;
  }
  fill($('#version'), `v${engine.version()}`);
  wire();
  initScenarios(engine, state, actions, status);
  initCatalogs(engine, actions);
  applyLang();
  const notice = scenarioNotice();
  if (notice) status(notice.text, notice.error);
  document.body.dataset.unsaved = String(unsaved);
  performance.mark('vbp:ready');
  document.body.dataset.ready = 'true';
}

main();
