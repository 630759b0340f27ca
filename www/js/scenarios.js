// Scenarios: the current inputs saved under a name in this browser (localStorage,
// with a schema version), listed, reopened, deleted, compared side by side (the
// engine computes both and their difference), exported and imported as JSON. How the
// saved data is kept safe (versions, migration, scenarios set aside) is scenario-store.js.
import { t, currentLang } from './i18n.js';
import { h, fill, $, download } from './dom.js';
import { money, percent, percentNumber } from './format.js';
import { activeCatalog, restoreCatalog } from './catalogs.js';
import { exportSettings, importSettings } from './plan-config.js';
import {
  SCHEMA, STORE_KEY, UnreadableScenario, b64encode, crc32, fileBytes, upgrade, readStore as readAll, tidy, update,
  setAside, setAsideOne, discardSetAside,
} from './scenario-store.js';

export { SCHEMA, STORE_KEY };

let ctx = null; // { engine, state, actions, status }
let writable = true; // false while scenarios that can't be read could not be set aside
let notice = null; // what the store's tidying found at start, for the status line
let shown = null; // the comparison on screen: { a, b, savedA, savedB, lang } (names, the scenarios' saved_at, language)

const readStore = () => readAll().list;

/** A scenario that can't be read, in plain words. */
function reasonText(b) {
  if (b.reason === 'json') return t('set_aside_reason_json');
  if (b.reason === 'newer') return t('set_aside_reason_newer', b.schema);
  if (b.reason === 'damaged') return t('set_aside_reason_damaged');
  return t('set_aside_reason_shape', b.message);
}

/**
 * The current inputs as a scenario document. Besides the data (a CSV file's bytes, a
 * workbook sheet's text cells — kind "rows" — or the edited lines), it keeps the match
 * decisions, the catalog used for pricing and the 供应保障 settings (all optional fields).
 */
function snapshot(name) {
  const s = ctx.state;
  const cat = activeCatalog();
  return {
    schema: SCHEMA,
    name,
    saved_at: new Date().toISOString(),
    engine_version: ctx.engine.version(),
    kind: s.kind,
    file: s.kind === 'csv' && s.file ? { name: s.file.name, base64: b64encode(s.file.bytes), size: s.file.bytes.length, crc32: crc32(s.file.bytes) } : null,
    sheet: s.kind === 'rows' && s.sheet ? { name: s.sheet.name, sheet: s.sheet.sheet, source_kind: s.sheet.source_kind, rows: s.sheet.rows } : null,
    lines: s.kind === 'lines' ? s.lines.map((l) => ({ ...l })) : [], // the engine's line objects, each with its file line
    file_rejected: s.kind === 'lines' ? s.fileRejected : [],
    file_name: s.fileName,
    estimate_cut: s.estimateCut || '',
    sample: !!s.sample,
    overrides: { ...s.overrides },
    catalog: cat ? { name: cat.name, catalog: cat.catalog } : null,
    plan: exportSettings(),
  };
}

/** Checks a scenario document (scenario@1 is migrated); throws an Error in plain words. */
export function validate(doc) {
  try {
    return upgrade(doc);
  } catch (e) {
    if (e instanceof UnreadableScenario && e.reason === 'newer') throw new Error(t('scenario_newer', e.schema));
    throw e;
  }
}

/** A scenario document as the page's inputs. */
function inputsOf(doc) {
  return {
    kind: doc.kind,
    file: doc.kind === 'csv' ? { name: doc.file.name || 'scenario.csv', bytes: fileBytes(doc) } : null,
    sheet: doc.kind === 'rows' ? { name: doc.sheet.name || 'scenario.xlsx', sheet: doc.sheet.sheet || null, source_kind: doc.sheet.source_kind || 'xlsx', rows: doc.sheet.rows } : null,
    overrides: doc.overrides || {},
    catalog: doc.catalog ? doc.catalog.catalog : null,
    lines: (doc.lines || []).map((l, i) => ({ ...l, line: Number(l.line) || i + 1 })), // saved before lines kept their file line: the row's number
    fileRejected: Array.isArray(doc.file_rejected) ? doc.file_rejected : [],
    fileName: doc.file_name || (doc.file && doc.file.name) || null,
    estimateCut: doc.estimate_cut || '',
    sample: !!doc.sample,
  };
}

/** Writes a change to the list; false (with the reason in the status line) when it could not be written. */
function change(fn) {
  try {
    update(fn);
    writable = true;
    return true;
  } catch (e) {
    if (e instanceof UnreadableScenario) {
      writable = false;
      ctx.status(t('storage_readonly'), true);
    } else {
      ctx.status(t('storage_error'), true);
    }
    return false;
  } finally {
    renderScenarios();
  }
}

function save(name) {
  if (ctx.state.kind === 'stream') {
    ctx.status(t('scenario_stream'), true);
    return;
  }
  // the same name again replaces that scenario: only when the user says so (asked as 清空 asks)
  if (readStore().some((s) => s.name === name) && !confirm(t('confirm_overwrite', name))) {
    ctx.status(t('not_overwritten', name));
    return;
  }
  const doc = snapshot(name);
  if (change((list) => [...list.filter((s) => s.name !== name), doc])) {
    ctx.actions.markSaved();
    ctx.status(t('saved', name));
  }
}

/** The inputs of a saved scenario, or null (reported, and the scenario set aside) when its data is damaged. */
function checkedInputs(doc) {
  try {
    return inputsOf(doc);
  } catch (e) {
    if (!(e instanceof UnreadableScenario)) throw e;
    try {
      setAsideOne(doc, e);
    } catch {
      /* storage full: the scenario stays listed, and is still not opened */
    }
    ctx.status(t('scenario_damaged', doc.name), true);
    renderScenarios();
    return null;
  }
}

function open(doc) {
  const inputs = checkedInputs(doc);
  if (!inputs) return;
  restoreCatalog(doc.catalog || null);
  if (doc.plan) importSettings(doc.plan);
  ctx.actions.load(inputs);
  ctx.status(t('opened', doc.name));
  ctx.actions.showTab('results');
}

function remove(name) {
  if (!confirm(t('confirm_delete', name))) return;
  if (change((list) => list.filter((s) => s.name !== name))) ctx.status(t('deleted', name));
}

/** Hides the comparison table. */
function clearComparison() {
  shown = null;
  const table = $('#compare-table');
  table.hidden = true;
  fill(table.tHead);
  fill(table.tBodies[0]);
}

/**
 * Keeps the comparison on screen true to the list: cleared when one of its scenarios is
 * gone, drawn again when one was saved again or the language changed.
 */
function refreshComparison() {
  if (!shown) return;
  const list = readStore();
  const a = list.find((s) => s.name === shown.a), b = list.find((s) => s.name === shown.b);
  if (!a || !b) {
    clearComparison();
    ctx.status(t('compare_cleared'));
    return;
  }
  if (a.saved_at !== shown.savedA || b.saved_at !== shown.savedB || shown.lang !== currentLang()) {
    const { a: nameA, b: nameB } = shown;
    shown = null; // no loop if the redraw finds a damaged scenario (which re-renders the list)
    compare(nameA, nameB);
  }
}

function compare(nameA, nameB) {
  const list = readStore();
  const a = list.find((s) => s.name === nameA), b = list.find((s) => s.name === nameB);
  const table = $('#compare-table');
  if (!a || !b) { clearComparison(); ctx.status(t('need_two'), true); return; }
  const ia = checkedInputs(a);
  const ib = ia && checkedInputs(b);
  if (!ia || !ib) return;
  const ra = ctx.actions.computeReport(ia), rb = ctx.actions.computeReport(ib);
  if (!ra || !rb) { ctx.status(t('need_two'), true); return; }
  const c = ctx.engine.compareEstimates(ra, rb);
  const lang = currentLang();
  const m = (s) => money(s, lang);
  const signed = (s, f) => (s && !s.startsWith('-') && s !== '0' ? `+${f(s)}` : f(s));
  const row = (label, x, y, d, f, df = f) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', { class: 'num' }, x === null ? '—' : f(x)), h('td', { class: 'num' }, y === null ? '—' : f(y)), h('td', { class: 'num' }, d === null ? '—' : signed(d, df)));
  fill(table.tHead, h('tr', {}, h('th', { scope: 'col' }, t('figure')), h('th', { scope: 'col', class: 'num' }, `A: ${a.name}`), h('th', { scope: 'col', class: 'num' }, `B: ${b.name}`), h('th', { scope: 'col', class: 'num' }, t('delta'))));
  fill(table.tBodies[0],
    row(t('col_baseline'), c.a.baseline_spend, c.b.baseline_spend, c.delta.baseline_spend, m),
    row(t('col_vbp'), c.a.vbp_spend, c.b.vbp_spend, c.delta.vbp_spend, m),
    row(t('col_savings'), c.a.savings, c.b.savings, c.delta.savings, m),
    // a difference of two rates is in percentage points (个百分点), not a percentage
    row(t('col_rate'), c.a.savings_rate, c.b.savings_rate, c.delta.savings_rate, (s) => percent(s, lang), (s) => t('points', percentNumber(s, lang))),
    row(t('compare_estimated'), String(c.estimated_lines[0]), String(c.estimated_lines[1]), null, (s) => s),
    c.by_category.map((r) => row(`${t('col_savings')} · ${lang === 'en' ? r.en : r.zh}`, r.a ? r.a.savings : null, r.b ? r.b.savings : null, r.delta.savings, m)));
  table.hidden = false;
  shown = { a: nameA, b: nameB, savedA: a.saved_at, savedB: b.saved_at, lang };
}

/** The scenarios set aside: a notice with each one's name and reason, an export and a delete. */
function renderSetAside() {
  const items = setAside();
  const box = $('#scenarios-set-aside');
  box.hidden = items.length === 0;
  if (!items.length) return;
  fill($('#set-aside-text'), t('scenarios_set_aside', items.length));
  fill($('#set-aside-list'), items.map((b) => h('li', { 'data-reason': b.reason }, b.name ? `“${b.name}”：` : '', reasonText(b))));
}

const counted = new Map(); // name|saved_at → the scenario's data lines, as the engine reads them

/** How many data lines a saved scenario holds: a file's or a sheet's as the engine reads them (readLines), or its edited lines; null when its data can't be read. */
function lineCount(s) {
  const key = `${s.name}|${s.saved_at}`;
  if (!counted.has(key)) {
    let n = null;
    try {
      if (s.kind === 'csv') n = ctx.engine.readLines(fileBytes(s)).lines.length;
      else if (s.kind === 'rows' && s.sheet) n = ctx.engine.readLines(s.sheet.rows, { sheet: s.sheet.sheet, source_kind: s.sheet.source_kind || 'xlsx' }).lines.length;
      else n = (s.lines || []).length;
    } catch { /* damaged: found and set aside when opened */ }
    counted.set(key, n);
  }
  return counted.get(key);
}

export function renderScenarios() {
  if (!ctx) return;
  renderSetAside();
  const list = readStore();
  const lang = currentLang();
  const table = $('#scenario-table');
  $('#scenario-wrap').hidden = list.length === 0;
  $('#compare-form').hidden = list.length === 0;
  fill(table.tHead, h('tr', {}, [t('name'), t('saved_at'), t('lines_n'), t('col_actions')].map((l) => h('th', { scope: 'col' }, l))));
  const fileOf = (s) => (s.kind === 'csv' ? (s.file && s.file.name) || 'CSV' : s.kind === 'rows' ? `${(s.sheet && s.sheet.name) || ''} · ${(s.sheet && s.sheet.sheet) || ''}` : s.file_name ? `${s.file_name} *` : null);
  fill(table.tBodies[0], list.map((s) => h('tr', { 'data-name': s.name },
    h('td', {}, s.name, fileOf(s) ? h('div', { class: 'hint' }, fileOf(s)) : null),
    h('td', {}, Number.isNaN(new Date(s.saved_at).getTime()) ? '—' : new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(s.saved_at))),
    h('td', { class: 'num' }, lineCount(s) ?? '—'),
    h('td', {},
      h('button', { type: 'button', 'aria-label': `${t('open')} ${s.name}`, onclick: () => open(s) }, t('open')), ' ',
      h('button', { type: 'button', 'aria-label': `${t('export_json')} ${s.name}`, onclick: () => download(`${s.name}.vbp-scenario.json`, JSON.stringify(s, null, 2), 'application/json') }, t('export_json')), ' ',
      h('button', { type: 'button', 'aria-label': `${t('delete')} ${s.name}`, onclick: () => remove(s.name) }, t('delete'))))));
  $('#scenarios-empty').hidden = list.length > 0;
  for (const [id, pick] of [['#compare-a', 0], ['#compare-b', 1]]) {
    const sel = $(id);
    const keep = sel.value;
    fill(sel, list.map((s) => h('option', { value: s.name }, s.name)));
    sel.value = list.some((s) => s.name === keep) ? keep : (list[Math.min(pick, list.length - 1)] || {}).name || '';
  }
  refreshComparison();
}

export function initScenarios(engine, state, actions, status) {
  ctx = { engine, state, actions, status };
  $('#save-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const name = $('#scenario-name').value.trim();
    if (name) save(name);
  });
  $('#compare-form').addEventListener('submit', (e) => {
    e.preventDefault();
    compare($('#compare-a').value, $('#compare-b').value);
  });
  $('#scenario-file').addEventListener('change', async (e) => {
    const f = e.target.files[0];
    e.target.value = '';
    if (!f) return;
    let doc;
    try {
      doc = validate(JSON.parse(await f.text()));
      if (doc.kind === 'csv') fileBytes(doc);
    } catch (err) {
      status(t('scenario_bad', err.message), true);
      return;
    }
    // a scenario of the same name is replaced only when the user says so, as when saving
    if (readStore().some((s) => s.name === doc.name) && !confirm(t('confirm_overwrite', doc.name))) return;
    if (change((list) => [...list.filter((s) => s.name !== doc.name), doc])) status(t('scenario_imported', doc.name));
  });
  $('#set-aside-export').addEventListener('click', () => download('vbp-savings-scenarios-set-aside.json', JSON.stringify(setAside(), null, 2), 'application/json'));
  $('#set-aside-discard').addEventListener('click', () => {
    if (!confirm(t('scenarios_set_aside_confirm'))) return;
    discardSetAside();
    renderScenarios();
  });
  // put the store in order now: what can't be read is set aside (and said), older scenarios migrated
  const tidied = tidy();
  writable = tidied.writable;
  const parts = [];
  if (tidied.setAside.length || !writable) parts.push(writable ? `${t('scenarios_set_aside', tidied.setAside.length)} ${tidied.setAside.map((b) => `${b.name ? `“${b.name}”：` : ''}${reasonText(b)}`).join('；')}` : t('storage_readonly'));
  if (tidied.migrated && writable) parts.push(t('scenario_migrated', tidied.migrated));
  notice = parts.length ? { text: parts.join(' '), error: tidied.setAside.length > 0 || !writable } : null;
  renderScenarios();
}

/** What putting the store in order found at start ({ text, error }), or null: the page shows it once it is ready. */
export const scenarioNotice = () => notice;
