// Catalogs of one's own: the official result table (中选结果表) imported into a catalog
// by the engine (price per smallest unit = pack price ÷ pack quantity; a row whose pack
// quantity can't be read is listed and asked for, never guessed), saved in this browser
// (localStorage), exported/imported as JSON, and chosen for pricing on the input tab.
import { t, currentLang } from './i18n.js';
import { h, fill, $, download } from './dom.js';
import { unitPrice, quantity } from './format.js';
import { fileRows } from './workbook.js';
import { batches } from './engines.js';

export const CATALOGS_KEY = 'vbp-savings/catalogs';
export const CATALOG_SCHEMA = 'vbp-savings/saved-catalog@1';

let ctx = null; // { engine, actions }; engine: the core's functions, then the batches module's beside them once loaded
let active = null; // name of the saved catalog used for pricing, or null (the embedded batch-7 catalog)
const rt = { name: null, rows: null, sheets: [], sheet: null, book: null, packs: {}, result: null };

export function readCatalogs() {
  try {
    const list = JSON.parse(localStorage.getItem(CATALOGS_KEY) || '[]');
    return Array.isArray(list) ? list.filter((c) => c && c.schema === CATALOG_SCHEMA && typeof c.name === 'string' && c.catalog) : [];
  } catch {
    return [];
  }
}

function writeCatalogs(list) {
  localStorage.setItem(CATALOGS_KEY, JSON.stringify(list));
}

/** The saved catalog chosen for pricing ({ name, catalog }), or null for the embedded one. */
export function activeCatalog() {
  if (!active) return null;
  return readCatalogs().find((c) => c.name === active) || sessionOnly.get(active) || null;
}
const sessionOnly = new Map(); // catalogs the storage refused, kept for this session

/**
 * Makes `saved` ({ name, catalog }) the pricing catalog without recomputing (a 方案 being
 * opened recomputes itself): kept in the saved list, added when absent. null = the built-in one.
 */
export function restoreCatalog(saved) {
  if (!saved) {
    active = null;
  } else {
    const list = readCatalogs();
    if (!list.some((c) => c.name === saved.name)) {
      list.push({ schema: CATALOG_SCHEMA, name: saved.name, saved_at: new Date().toISOString(), source: saved.name, catalog: saved.catalog });
      try { writeCatalogs(list); } catch { sessionOnly.set(saved.name, { name: saved.name, catalog: saved.catalog }); }
    }
    active = saved.name;
  }
  renderCatalogs();
}

/** Chooses the catalog for pricing (null: the embedded batch-7 catalog) and recomputes. */
export function useCatalog(name) {
  active = name || null;
  renderCatalogs();
  ctx.actions.catalogChanged();
}

const errText = (e) => `${e.code || 'error'}: ${currentLang() === 'en' ? (e.message || '').replace(/^[a-z_]+: /, '') : e.messageZh || e.message}`;
const productCount = (catalog) => catalog.entries.reduce((n, e) => n + (e.products ? e.products.length : 0), 0);

function options() {
  const batchText = $('#rt-batch').value.trim();
  const o = { label: rt.name, pack_quantities: { ...rt.packs } };
  // a batch number goes over as a number; anything else as typed, for the engine to refuse
  if (batchText) o.batch = /^\d+$/.test(batchText) ? Number(batchText) : batchText;
  return o;
}

function build() {
  fill($('#rt-error'), '');
  if (!rt.rows) return;
  try {
    rt.result = ctx.engine.resultTableCatalog(rt.rows, options());
  } catch (e) {
    rt.result = null;
    fill($('#rt-error'), errText(e));
  }
  renderImport();
}

async function openTable(file) {
  fill($('#rt-error'), '');
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    ctx.engine = await batches(); // resultTableCatalog is the batches module's
    const got = await fileRows(ctx.engine, file.name, bytes, null);
    Object.assign(rt, { name: file.name, rows: got.rows, sheets: got.sheets, sheet: got.sheet, book: got.book || null, packs: {} });
  } catch (e) {
    Object.assign(rt, { name: null, rows: null, result: null });
    fill($('#rt-error'), errText(e));
    renderImport();
    return;
  }
  $('#rt-name').value = file.name.replace(/\.[^.]+$/, '');
  build();
}

function pickSheet(name) {
  const sheet = rt.book && rt.book.sheets.find((s) => s.name === name);
  if (!sheet) return;
  Object.assign(rt, { rows: sheet.rows, sheet: sheet.name, packs: {} });
  build();
}

const FROM = { packaging: 'from_packaging', specification: 'from_specification', given: 'from_given', per_unit: 'from_per_unit' };

function renderImport() {
  const lang = currentLang();
  const r = rt.result;
  $('#rt-sheet-label').hidden = rt.sheets.length < 2;
  if (rt.sheets.length >= 2) {
    fill($('#rt-sheet'), rt.sheets.map((n) => h('option', { value: n }, n)));
    $('#rt-sheet').value = rt.sheet;
  }
  $('#rt-result').hidden = !r;
  if (!r) return;
  fill($('#rt-summary'), t('rt_summary', rt.name, r.products.length, r.catalog.entries.length, r.needs_pack_quantity.length, r.rejected.length));

  // rows whose pack quantity can't be read: one input each
  $('#rt-packs').hidden = r.needs_pack_quantity.length === 0 && Object.keys(rt.packs).length === 0;
  const packs = $('#rt-packs-table');
  fill(packs.tHead, h('tr', {}, h('th', { scope: 'col', class: 'num' }, t('col_line')), h('th', { scope: 'col' }, t('rt_row')), h('th', { scope: 'col', class: 'reason' }, t('col_reason')), h('th', { scope: 'col' }, t('rt_units_per_pack'))));
  fill(packs.tBodies[0], r.needs_pack_quantity.map((p) => h('tr', {},
    h('td', { class: 'num' }, String(p.line)),
    h('td', {}, (rt.rows[p.line - 1] || []).filter((c) => c !== '').join(' · ')),
    h('td', { class: 'reason' }, lang === 'en' ? p.message : p.message_zh),
    h('td', {}, h('input', {
      type: 'text', inputmode: 'decimal', size: 6, value: rt.packs[p.line] ?? '',
      'aria-label': t('pack_for', p.line), dataset: { line: String(p.line) },
      onchange: (e) => { const v = e.target.value.trim(); if (v) rt.packs[p.line] = v; else delete rt.packs[p.line]; },
    })))));

  const table = $('#rt-products');
  const cols = [t('rt_product'), t('col_line'), t('col_drug'), t('rt_form'), t('col_spec'), t('rt_pack'), t('col_manufacturer'), t('rt_price'), t('rt_units_per_pack'), t('rt_unit_price'), t('rt_from'), t('rt_provinces')];
  fill(table.tHead, h('tr', {}, cols.map((c, i) => h('th', { scope: 'col', class: [1, 7, 8, 9].includes(i) ? 'num' : undefined }, c))));
  fill(table.tBodies[0], r.products.map((p) => h('tr', { 'data-product': p.product },
    h('td', {}, h('code', {}, p.product)),
    h('td', { class: 'num' }, String(p.line)),
    h('td', {}, p.generic_name),
    h('td', {}, p.dosage_form || '—'),
    h('td', {}, p.specification || '—'),
    h('td', {}, p.packaging || '—'),
    h('td', {}, p.manufacturer || '—'),
    h('td', { class: 'num' }, `${unitPrice(p.price, lang)}${p.price_unit ? `/${p.price_unit}` : ''}`),
    h('td', { class: 'num' }, quantity(p.units_per_pack, lang)),
    h('td', { class: 'num' }, p.unit_price === null ? t('unknown') : `${unitPrice(p.unit_price, lang)}/${p.unit || t('rt_unit_unstated')}`),
    h('td', {}, t(FROM[p.pack_quantity_from] || p.pack_quantity_from)),
    h('td', {}, [p.primary_provinces.length ? `${t('primary_short')} ${p.primary_provinces.join('、')}` : '', p.backup_provinces.length ? `${t('backup_short')} ${p.backup_provinces.join('、')}` : ''].filter(Boolean).join('；') || '—'))));
  fill($('#rt-problems'),
    r.rejected.map((p) => h('li', {}, `${t('col_line')} ${p.line}: `, h('code', {}, p.code), ' ', lang === 'en' ? p.message : p.message_zh)),
    r.warnings.map((w) => h('li', {}, w.line ? `${t('col_line')} ${w.line}: ` : '', h('code', {}, w.code), ' ', lang === 'en' ? w.message : w.message_zh)),
    r.assumptions.map((n) => h('li', { class: 'hint' }, lang === 'en' ? n.en : n.zh)));
}

function save(name) {
  if (!rt.result) return;
  const list = readCatalogs().filter((c) => c.name !== name);
  list.push({ schema: CATALOG_SCHEMA, name, saved_at: new Date().toISOString(), source: rt.name, catalog: rt.result.catalog });
  try {
    writeCatalogs(list);
  } catch {
    ctx.actions.status(t('storage_error'), true);
    return;
  }
  ctx.actions.status(t('catalog_saved', name));
  useCatalog(name);
}

function remove(name) {
  writeCatalogs(readCatalogs().filter((c) => c.name !== name));
  if (active === name) useCatalog(null);
  else renderCatalogs();
  ctx.actions.status(t('catalog_deleted', name));
}

/** Renders the saved catalogs, the pricing-catalog picker and the current import. */
export function renderCatalogs() {
  if (!ctx) return;
  const lang = currentLang();
  const list = readCatalogs();
  if (active && !list.some((c) => c.name === active)) active = null;
  const pick = $('#catalog-pick');
  fill(pick, h('option', { value: '' }, t('builtin_catalog')), list.map((c) => h('option', { value: c.name }, c.name)));
  pick.value = active || '';
  const table = $('#catalogs-table');
  $('#catalogs-wrap').hidden = list.length === 0; // shown before it is filled (fitted to the screen)
  fill(table.tHead, h('tr', {}, [t('name'), t('rt_batch'), t('rt_products_n'), t('saved_at'), t('col_actions')].map((l, i) => h('th', { scope: 'col', class: i === 1 || i === 2 ? 'num' : undefined }, l))));
  fill(table.tBodies[0], list.map((c) => h('tr', { 'data-name': c.name, class: c.name === active ? 'active' : undefined },
    h('td', {}, c.name, c.name === active ? h('span', { class: 'badge src' }, t('in_use')) : null),
    h('td', { class: 'num' }, String(c.catalog.batch ? c.catalog.batch.batch : '—')),
    h('td', { class: 'num' }, String(productCount(c.catalog))),
    h('td', {}, new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(c.saved_at))),
    h('td', {},
      c.name === active
        ? h('button', { type: 'button', 'aria-label': `${t('stop_using')} ${c.name}`, onclick: () => useCatalog(null) }, t('stop_using'))
        : h('button', { type: 'button', 'aria-label': `${t('use_catalog')} ${c.name}`, onclick: () => { useCatalog(c.name); ctx.actions.status(t('catalog_in_use', c.name)); } }, t('use_catalog')), ' ',
      h('button', { type: 'button', 'aria-label': `${t('export_json')} ${c.name}`, onclick: () => download(`${c.name}.vbp-catalog.json`, JSON.stringify(c.catalog, null, 2), 'application/json') }, t('export_json')), ' ',
      h('button', { type: 'button', 'aria-label': `${t('delete')} ${c.name}`, onclick: () => remove(c.name) }, t('delete'))))));
  $('#catalogs-empty').hidden = list.length > 0;
  renderImport();
}

export function initCatalogs(engine, actions) {
  ctx = { engine, actions };
  $('#rt-file').addEventListener('change', async (e) => {
    const f = e.target.files[0];
    e.target.value = '';
    if (f) await openTable(f);
  });
  $('#rt-sheet').addEventListener('change', (e) => pickSheet(e.target.value));
  $('#rt-batch').addEventListener('change', build);
  $('#rt-apply').addEventListener('click', build);
  $('#rt-save-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const name = $('#rt-name').value.trim();
    if (name) save(name);
  });
  $('#catalog-pick').addEventListener('change', (e) => {
    useCatalog(e.target.value);
    actions.status(e.target.value ? t('catalog_in_use', e.target.value) : t('catalog_builtin_in_use'));
  });
  $('#catalog-file').addEventListener('change', async (e) => {
    const f = e.target.files[0];
    e.target.value = '';
    if (!f) return;
    try {
      const doc = JSON.parse(await f.text());
      const wrapped = doc && doc.schema === CATALOG_SCHEMA;
      ctx.engine = await batches();
      const catalog = ctx.engine.checkCatalog(wrapped ? doc.catalog : doc);
      const name = (wrapped && doc.name) || f.name.replace(/(\.vbp-catalog)?\.json$/i, '');
      const list = readCatalogs().filter((c) => c.name !== name);
      list.push({ schema: CATALOG_SCHEMA, name, saved_at: new Date().toISOString(), source: f.name, catalog });
      writeCatalogs(list);
      renderCatalogs();
      actions.status(t('catalog_imported', name));
    } catch (err) {
      actions.status(t('catalog_bad', err.code ? errText(err) : err.message), true);
    }
  });
}
