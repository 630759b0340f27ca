// Scenarios: the current inputs saved under a name in this browser (localStorage,
// with a schema version), listed, reopened, deleted, compared side by side (the
// engine computes both and their difference), exported and imported as JSON.
import { t, currentLang } from './i18n.js';
import { h, fill, $, download } from './dom.js';
import { money, percent } from './format.js';
import { activeCatalog, restoreCatalog } from './catalogs.js';
import { exportSettings, importSettings } from './plan-config.js';

export const STORE_KEY = 'vbp-savings/scenarios';
export const SCHEMA = 'vbp-savings/scenario@1';

let ctx = null; // { engine, state, actions, status }

const b64encode = (bytes) => { let s = ''; for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000)); return btoa(s); };
const b64decode = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

function readStore() {
  try {
    const list = JSON.parse(localStorage.getItem(STORE_KEY) || '[]');
    return Array.isArray(list) ? list.filter((s) => s && s.schema === SCHEMA && typeof s.name === 'string') : [];
  } catch {
    return [];
  }
}

function writeStore(list) {
  localStorage.setItem(STORE_KEY, JSON.stringify(list));
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
    kind: s.kind,
    file: s.kind === 'csv' && s.file ? { name: s.file.name, base64: b64encode(s.file.bytes) } : null,
    sheet: s.kind === 'rows' && s.sheet ? { name: s.sheet.name, sheet: s.sheet.sheet, source_kind: s.sheet.source_kind, rows: s.sheet.rows } : null,
    lines: s.kind === 'lines' ? s.lines.map(({ line, ...rest }) => rest) : [],
    file_rejected: s.kind === 'lines' ? s.fileRejected : [],
    file_name: s.fileName,
    estimate_cut: s.estimateCut || '',
    sample: !!s.sample,
    overrides: { ...s.overrides },
    catalog: cat ? { name: cat.name, catalog: cat.catalog } : null,
    plan: exportSettings(),
  };
}

/** Checks a scenario document; throws a plain-words Error when it is not one. */
export function validate(doc) {
  if (!doc || typeof doc !== 'object') throw new Error('not an object');
  if (doc.schema !== SCHEMA) throw new Error(`schema must be "${SCHEMA}"`);
  if (typeof doc.name !== 'string' || !doc.name.trim()) throw new Error('name is missing');
  if (!['csv', 'rows', 'lines', 'none'].includes(doc.kind)) throw new Error('kind must be csv, rows, lines or none');
  if (doc.kind === 'csv' && !(doc.file && typeof doc.file.base64 === 'string')) throw new Error('file.base64 is missing');
  if (doc.kind === 'rows') {
    const rows = doc.sheet && doc.sheet.rows;
    if (!Array.isArray(rows) || !rows.every((r) => Array.isArray(r) && r.every((c) => typeof c === 'string'))) throw new Error('sheet.rows must be rows of text cells');
  }
  if (doc.overrides !== undefined && doc.overrides !== null) {
    if (typeof doc.overrides !== 'object' || Array.isArray(doc.overrides)) throw new Error('overrides must be an object');
    for (const [k, v] of Object.entries(doc.overrides)) if (!/^\d+$/.test(k) || typeof v !== 'string') throw new Error('overrides map line numbers to product ids');
  }
  if (doc.catalog && !(typeof doc.catalog.name === 'string' && doc.catalog.catalog && typeof doc.catalog.catalog === 'object')) throw new Error('catalog must be { name, catalog }');
  if (!Array.isArray(doc.lines || [])) throw new Error('lines must be an array');
  for (const l of doc.lines || []) {
    if (!l || typeof l !== 'object') throw new Error('each line must be an object');
    for (const [k, v] of Object.entries(l)) if (v !== null && typeof v !== 'string') throw new Error(`line field ${k} must be a string`);
  }
  return doc;
}

/** A scenario document as the page's inputs. */
function inputsOf(doc) {
  return {
    kind: doc.kind,
    file: doc.kind === 'csv' ? { name: doc.file.name || 'scenario.csv', bytes: b64decode(doc.file.base64) } : null,
    sheet: doc.kind === 'rows' ? { name: doc.sheet.name || 'scenario.xlsx', sheet: doc.sheet.sheet || null, source_kind: doc.sheet.source_kind || 'xlsx', rows: doc.sheet.rows } : null,
    overrides: doc.overrides || {},
    catalog: doc.catalog ? doc.catalog.catalog : null,
    lines: (doc.lines || []).map((l) => ({ ...l })),
    fileRejected: Array.isArray(doc.file_rejected) ? doc.file_rejected : [],
    fileName: doc.file_name || (doc.file && doc.file.name) || null,
    estimateCut: doc.estimate_cut || '',
    sample: !!doc.sample,
  };
}

function save(name) {
  const list = readStore().filter((s) => s.name !== name);
  list.push(snapshot(name));
  try {
    writeStore(list);
    ctx.status(t('saved', name));
  } catch {
    ctx.status(t('storage_error'), true);
  }
  renderScenarios();
}

function open(doc) {
  restoreCatalog(doc.catalog || null);
  if (doc.plan) importSettings(doc.plan);
  ctx.actions.load(inputsOf(doc));
  ctx.status(t('opened', doc.name));
  ctx.actions.showTab('results');
}

function remove(name) {
  writeStore(readStore().filter((s) => s.name !== name));
  ctx.status(t('deleted', name));
  renderScenarios();
}

function compare(nameA, nameB) {
  const list = readStore();
  const a = list.find((s) => s.name === nameA), b = list.find((s) => s.name === nameB);
  const table = $('#compare-table');
  if (!a || !b) { ctx.status(t('need_two'), true); return; }
  const ra = ctx.actions.computeReport(inputsOf(a)), rb = ctx.actions.computeReport(inputsOf(b));
  if (!ra || !rb) { ctx.status(t('need_two'), true); return; }
  const c = ctx.engine.compareEstimates(ra, rb);
  const lang = currentLang();
  const m = (s) => money(s, lang);
  const signed = (s, f) => (s && !s.startsWith('-') && s !== '0' ? `+${f(s)}` : f(s));
  const row = (label, x, y, d, f) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', { class: 'num' }, x === null ? '—' : f(x)), h('td', { class: 'num' }, y === null ? '—' : f(y)), h('td', { class: 'num' }, d === null ? '—' : signed(d, f)));
  fill(table.tHead, h('tr', {}, h('th', { scope: 'col' }, t('figure')), h('th', { scope: 'col', class: 'num' }, `A: ${a.name}`), h('th', { scope: 'col', class: 'num' }, `B: ${b.name}`), h('th', { scope: 'col', class: 'num' }, t('delta'))));
  fill(table.tBodies[0],
    row(t('col_baseline'), c.a.baseline_spend, c.b.baseline_spend, c.delta.baseline_spend, m),
    row(t('col_vbp'), c.a.vbp_spend, c.b.vbp_spend, c.delta.vbp_spend, m),
    row(t('col_savings'), c.a.savings, c.b.savings, c.delta.savings, m),
    row(t('col_rate'), c.a.savings_rate, c.b.savings_rate, c.delta.savings_rate, (s) => percent(s, lang)),
    row(t('compare_estimated'), String(c.estimated_lines[0]), String(c.estimated_lines[1]), null, (s) => s),
    c.by_category.map((r) => row(`${t('col_savings')} · ${lang === 'en' ? r.en : r.zh}`, r.a ? r.a.savings : null, r.b ? r.b.savings : null, r.delta.savings, m)));
  table.hidden = false;
}

export function renderScenarios() {
  if (!ctx) return;
  const list = readStore();
  const lang = currentLang();
  const table = $('#scenario-table');
  fill(table.tHead, h('tr', {}, [t('name'), t('saved_at'), t('lines_n'), t('col_actions')].map((l) => h('th', { scope: 'col' }, l))));
  fill(table.tBodies[0], list.map((s) => h('tr', { 'data-name': s.name },
    h('td', {}, s.name),
    h('td', {}, new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(s.saved_at))),
    h('td', { class: 'num' }, s.kind === 'csv' ? (s.file && s.file.name) || 'CSV' : s.kind === 'rows' ? `${(s.sheet && s.sheet.name) || ''} · ${(s.sheet && s.sheet.sheet) || ''}` : String((s.lines || []).length)),
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
    try {
      const doc = validate(JSON.parse(await f.text()));
      const list = readStore().filter((s) => s.name !== doc.name);
      list.push(doc);
      writeStore(list);
      status(t('scenario_imported', doc.name));
      renderScenarios();
    } catch (err) {
      status(t('scenario_bad', err.message), true);
    }
  });
}
