// The 供应保障 / Supply tab: 一省双供 disruption scenarios over the estimate's lines,
// agreed volumes, 结余留用, cycle tracking and the one-way sensitivity (tornado). The
// engine (plan(), see engines.js) computes every figure; this view holds what the
// pharmacist types and shows each figure with its basis. Computed only while the tab
// is shown (the plan module may be loaded lazily).
import { t, currentLang } from './i18n.js';
import { h, fill, $, keepFocus } from './dom.js';
import { money, unitPrice, quantity, percent } from './format.js';
import { plan } from './engines.js';
import { settings, newScenario, supplierConfigs, scenarioInputs, retentionGiven, retentionConfig } from './plan-config.js';
import { errText, figureCard, fillNotes, problemItems, boundInput } from './plan-ui.js';
import { renderVolumes, wireVolumes } from './volume-view.js';
import { renderRetention, wireRetention } from './retention-view.js';
import { renderCycle, wireCycle } from './cycle-view.js';
import { renderTornado, wireTornado, resizeTornado } from './tornado.js';

let ctx = null; // { state, actions }
let dirty = true;
let generation = 0;

const visible = () => !$('#panel-supply').hidden;
const input = (obj, field, key, label, attrs) => boundInput(obj, field, key, label, refreshSupply, attrs);

// ---- suppliers: per drug, the primary as the estimate priced it, the backup and fallback ----
function uniquePrices(lines, which) {
  const seen = new Map();
  for (const l of lines) {
    const p = l[which];
    const k = `${p.unit_price}|${p.basis}`;
    if (!seen.has(k)) seen.set(k, p);
  }
  return [...seen.values()];
}

/** A resolved price with its basis: a short label, the engine's full words under it. */
function priceWithBasis(p, lang) {
  return h('div', { class: 'priced', 'data-basis': p.basis },
    h('strong', {}, unitPrice(p.unit_price, lang)), ' ',
    h('details', { class: 'inline' }, h('summary', {}, t(`basis_${p.basis}`)), h('p', { class: 'hint' }, lang === 'en' ? p.basis_en : p.basis_zh)));
}

function companiesOf(engine, catalogId) {
  if (!catalogId) return [];
  const entry = engine.catalog().entries.find((e) => e.id === catalogId);
  return entry ? [...new Set(entry.products.map((p) => p.company))] : [];
}

function renderSuppliers(engine, report, scn) {
  const lang = currentLang();
  const table = $('#suppliers-table');
  fill(table.tHead, h('tr', {}, [t('col_drug'), t('sup_primary'), t('sup_backup_name'), t('sup_backup_price'), t('sup_fallback_price'), t('sup_backup_used'), t('sup_fallback_used')]
    .map((l) => h('th', { scope: 'col' }, l))));
  const byKey = new Map();
  for (const l of scn ? scn.lines : []) {
    if (!byKey.has(l.key)) byKey.set(l.key, []);
    byKey.get(l.key).push(l);
  }
  fill(table.tBodies[0], report.by_drug.map((d, i) => {
    const s = (settings.suppliers[d.drug] ||= { backup_name: '', backup_price: '', fallback_price: '' });
    const lines = byKey.get(d.key) || [];
    const primary = uniquePrices(lines, 'primary');
    const names = [...new Set(lines.map((l) => l.primary_name).filter(Boolean))];
    const listId = `backup-names-${i}`;
    const companies = companiesOf(engine, d.catalog_id);
    return h('tr', { 'data-drug': d.drug },
      h('th', { scope: 'row' }, lang === 'en' && d.drug_en ? d.drug_en : d.drug),
      h('td', {}, names.length ? h('div', {}, names.join('、')) : h('div', { class: 'hint' }, t('sup_primary_unnamed')), primary.map((p) => h('div', {}, unitPrice(p.unit_price, lang)))),
      h('td', {}, input(s, 'backup_name', `sup-name-${d.key}`, t('sup_backup_name_for', d.drug), { list: companies.length ? listId : undefined, size: 14 }),
        companies.length ? h('datalist', { id: listId }, companies.map((c) => h('option', { value: c }))) : null),
      h('td', {}, input(s, 'backup_price', `sup-price-${d.key}`, t('sup_backup_price_for', d.drug), { inputmode: 'decimal', size: 8, placeholder: t('default') })),
      h('td', {}, input(s, 'fallback_price', `sup-fallback-${d.key}`, t('sup_fallback_price_for', d.drug), { inputmode: 'decimal', size: 8, placeholder: t('default') })),
      h('td', {}, uniquePrices(lines, 'backup').map((p) => priceWithBasis(p, lang))),
      h('td', {}, uniquePrices(lines, 'fallback').map((p) => priceWithBasis(p, lang))));
  }));
}

// ---- scenarios: what fails, how much, how likely ----
function renderScenarioInputs(report) {
  const table = $('#scn-table');
  const cols = [t('scn_name'), t('scn_drug'), t('scn_share'), t('scn_months'), t('scn_cycle_months'), t('scn_backup_share'), t('scn_probability'), t('col_actions')];
  fill(table.tHead, h('tr', {}, cols.map((l) => h('th', { scope: 'col' }, l))));
  const drugs = report.by_drug.map((d) => d.drug);
  fill(table.tBodies[0], settings.scenarios.map((s, i) => {
    const n = i + 1;
    const drugSel = h('select', {
      'aria-label': t('scn_field', n, t('scn_drug')), dataset: { key: `scn-drug-${s.id}` },
      onchange: (e) => { s.drug = e.target.value; refreshSupply(); },
    }, h('option', { value: '' }, t('all_drugs')), drugs.map((d) => h('option', { value: d }, d)),
    s.drug && !drugs.includes(s.drug) ? h('option', { value: s.drug }, s.drug) : null);
    drugSel.value = s.drug;
    const cell = (field, label, attrs) => h('td', {}, input(s, field, `scn-${field}-${s.id}`, t('scn_field', n, label), attrs));
    return h('tr', { 'data-scenario': s.id },
      cell('name', t('scn_name'), { placeholder: t('scn_default_name', n), size: 14 }),
      h('td', {}, drugSel),
      cell('share', t('scn_share'), { inputmode: 'decimal', size: 6, placeholder: '0.25' }),
      cell('months', t('scn_months'), { inputmode: 'decimal', size: 4, placeholder: '3' }),
      cell('cycle_months', t('scn_cycle_months'), { inputmode: 'decimal', size: 4, placeholder: '12' }),
      cell('backup_share', t('scn_backup_share'), { inputmode: 'decimal', size: 6, placeholder: '0' }),
      cell('probability', t('scn_probability'), { inputmode: 'decimal', size: 6, placeholder: '0.1' }),
      h('td', {}, h('button', { type: 'button', 'aria-label': t('scn_delete', s.name || t('scn_default_name', n)), onclick: () => { settings.scenarios.splice(i, 1); refreshSupply(); } }, t('delete'))));
  }));
}

function renderScenarioResults(scn, error) {
  const lang = currentLang();
  fill($('#scn-error'), error ? errText(error) : '');
  const figs = $('#scn-figures');
  const table = $('#scn-results');
  if (!scn) {
    fill(figs);
    fill(table.tHead);
    fill(table.tBodies[0]);
    fillNotes($('#scn-notes'), null);
    return;
  }
  fill(figs,
    figureCard('supply-no-disruption', t('scn_no_disruption_savings'), scn.no_disruption.savings),
    scn.expected ? figureCard('supply-expected', t('scn_expected_savings'), scn.expected.savings, { hint: t('scn_prob_none', percent(scn.expected.probability_no_disruption, lang)) }) : figureCard('supply-expected', t('scn_expected_savings'), null, { hint: t('scn_no_probabilities') }),
    scn.expected ? figureCard('supply-expected-risk', t('scn_expected_risk'), scn.expected.savings_at_risk) : figureCard('supply-expected-risk', t('scn_expected_risk'), null));
  const cols = [t('scn_name'), t('scn_drug'), t('scn_disruption'), t('scn_probability'), t('col_savings'), t('scn_at_risk'), t('scn_primary_volume'), t('scn_backup_volume'), t('scn_fallback_volume')];
  fill(table.tHead, h('tr', {}, cols.map((l, i) => h('th', { scope: 'col', class: i >= 3 ? 'num' : undefined }, l))));
  const row = (id, name, drugs, basis, prob, f, cls) => h('tr', { 'data-scenario': id, class: cls },
    h('th', { scope: 'row' }, name),
    h('td', {}, drugs),
    h('td', {}, basis),
    h('td', { class: 'num' }, prob === null ? '—' : percent(prob, lang)),
    h('td', { class: 'num', 'data-value': f.savings }, money(f.savings, lang)),
    h('td', { class: 'num', 'data-value': f.savings_at_risk }, money(f.savings_at_risk, lang)),
    h('td', { class: 'num' }, quantity(f.primary_volume, lang)),
    h('td', { class: 'num' }, quantity(f.backup_volume, lang)),
    h('td', { class: 'num' }, quantity(f.fallback_volume, lang)));
  fill(table.tBodies[0],
    row('none', t('scn_none'), t('all_drugs'), '—', scn.expected ? scn.expected.probability_no_disruption : null, scn.no_disruption),
    scn.scenarios.map((s) => row(s.id, s.name, s.drugs ? s.drugs.join('、') : t('all_drugs'),
      [t('scn_primary_fails', percent(s.primary_failure_share, lang)), t('scn_backup_fails', percent(s.backup_failure_share, lang)), h('div', { class: 'hint' }, lang === 'en' ? s.share_basis_en : s.share_basis_zh)],
      s.probability, s.totals)));
  fillNotes($('#scn-notes'), scn,
    scn.rejected.length ? h('ul', { class: 'problems' }, problemItems(scn.rejected)) : null,
    scn.scenarios.map((s) => h('div', {}, h('h4', {}, t('scn_by_drug', s.name)),
      h('table', { class: 'data' }, h('thead', {}, h('tr', {}, [t('col_drug'), t('col_savings'), t('scn_at_risk'), t('scn_backup_volume'), t('scn_fallback_volume')].map((l, i) => h('th', { scope: 'col', class: i ? 'num' : undefined }, l)))),
        h('tbody', {}, s.by_drug.map((d) => h('tr', { class: d.affected ? 'estimated' : undefined },
          h('td', {}, d.drug, d.affected ? h('span', { class: 'badge est' }, t('scn_hit')) : null),
          h('td', { class: 'num' }, money(d.savings, lang)), h('td', { class: 'num' }, money(d.savings_at_risk, lang)),
          h('td', { class: 'num' }, quantity(d.backup_volume, lang)), h('td', { class: 'num' }, quantity(d.fallback_volume, lang)))))))));
}

async function refresh() {
  const mine = ++generation;
  dirty = false;
  const report = ctx.state.report;
  $('#supply').hidden = !report;
  $('#supply-empty').hidden = !!report;
  if (!report) return;
  let engine;
  try {
    engine = await plan();
  } catch (e) {
    fill($('#scn-error'), `${t('engine_failed')}: ${e.message}`);
    dirty = true; // shown again, the tab retries the load
    return;
  }
  if (mine !== generation) return;
  const drugs = report.by_drug.map((d) => d.drug);
  let scn = null;
  let scnError = null;
  try {
    scn = engine.planForEstimate(report, { suppliers: supplierConfigs(drugs), scenarios: scenarioInputs((n) => t('scn_default_name', n)) }).scenarios;
  } catch (e) {
    scnError = e;
  }
  let volumes = [];
  keepFocus(() => {
    renderSuppliers(engine, report, scn);
    renderScenarioInputs(report);
    renderScenarioResults(scn, scnError);
    volumes = renderVolumes(engine, report);
    renderRetention(engine, report, volumes);
    renderCycle(engine, report, volumes);
  });
  // the tornado's models are built by the engine from the same settings as the sections above
  const config = {
    suppliers: supplierConfigs(drugs),
    scenarios: scenarioInputs((n) => t('scn_default_name', n)),
    agreed_volume: volumes.filter((v) => v.result).map((v) => v.input),
    retention: retentionGiven() ? retentionConfig() : null,
  };
  await renderTornado(engine, report, scn, config, () => mine === generation);
  if (mine === generation) $('#supply').dataset.computed = String(mine);
}

/**
 * Recomputes the tab if it is shown, else when it is next shown. The work waits for the
 * next task, so that a change made by Tab has moved the focus before the controls are
 * drawn again (keepFocus then finds the control the user went to).
 */
export function refreshSupply() {
  dirty = true;
  if (!visible()) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, 0)).then(() => refresh()).catch((e) => console.error('supply:', e));
}

/** Called on every page render: the estimate changed. */
export function renderSupply() {
  refreshSupply();
}

/** Called when the tab is shown. */
export function showSupply() {
  if (dirty) refresh().catch((e) => console.error('supply:', e));
  else resizeTornado();
}

export function initSupply(state, actions) {
  ctx = { state, actions };
  $('#scn-add').addEventListener('click', () => {
    const s = newScenario();
    settings.scenarios.push(s);
    // the new scenario's first field takes the focus once drawn
    refreshSupply().then(() => { const el = document.querySelector(`[data-key="scn-name-${s.id}"]`); if (el) el.focus(); });
  });
  wireVolumes(refreshSupply);
  wireRetention(refreshSupply);
  wireCycle(refreshSupply);
  wireTornado(refreshSupply);
}
