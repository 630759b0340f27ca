// Procurement-cycle tracking: a monthly consumption CSV (月份, 数量, optionally 药品名称)
// against the agreed volume → completion to date, the projected completion month at the
// current rate and the engine's warning when the hospital is on course to miss it. The
// batch-7 cycle end is not public: the pharmacist gives it.
import { t, currentLang } from './i18n.js';
import { h, fill, $ } from './dom.js';
import { quantity, percent, averageQuantity } from './format.js';
import { settings, cycleOptions } from './plan-config.js';
import { errText, figureCard, fillNotes, problemItems } from './plan-ui.js';

const STATUS = { completed: 'cyc_completed', on_track: 'cyc_on_track', at_risk: 'cyc_at_risk', no_consumption: 'cyc_no_consumption' };

/** The agreed volume computed above for the drug named in the cycle fields, if any. */
function agreedFor(volumes) {
  const name = settings.cycle.drug.trim();
  if (!name) return null;
  const row = volumes.find((v) => v.result && (v.drug === name || v.result.drug === name));
  return row ? row.result.agreed_volume : null;
}

/** Renders the section; returns the engine's CycleReport or null. */
export function renderCycle(engine, report, volumes) {
  const lang = currentLang();
  const c = settings.cycle;
  fill($('#cyc-drugs'), report.by_drug.map((d) => h('option', { value: d.drug })));
  for (const [id, field] of [['#cyc-drug', 'drug'], ['#cyc-agreed', 'agreed'], ['#cyc-start', 'start'], ['#cyc-end', 'end'], ['#cyc-asof', 'asof']]) {
    if (document.activeElement !== $(id)) $(id).value = c[field];
  }
  const derived = agreedFor(volumes);
  $('#cyc-agreed').placeholder = derived ? t('cyc_agreed_from', quantity(derived, lang)) : '';
  const figs = $('#cyc-figures');
  const table = $('#cyc-table');
  const warning = $('#cyc-warning');
  const clear = (hint) => {
    fill(figs);
    fill(table.tHead);
    fill(table.tBodies[0]);
    fill($('#cyc-problems'));
    warning.hidden = true;
    fill($('#cyc-error'), '');
    fill($('#cyc-source'), hint || '');
    fillNotes($('#cyc-notes'), null);
  };
  if (!c.file) { clear(t('cyc_need_file')); return null; }
  const options = cycleOptions(derived);
  if (!options.cycle_end) { clear(t('cyc_need_end', c.file.name)); return null; }
  if (!options.agreed_volume) { clear(t('cyc_need_agreed', c.file.name)); return null; }
  let r;
  try {
    r = engine.cycleCsv(c.file.bytes, options);
  } catch (e) {
    clear(t('cyc_file', c.file.name));
    fill($('#cyc-error'), errText(e));
    return null;
  }
  fill($('#cyc-error'), '');
  fill($('#cyc-source'), t('cyc_file', c.file.name), !settings.cycle.agreed.trim() && derived ? ` ${t('cyc_agreed_used', quantity(derived, lang))}` : '');
  const risk = r.warnings.find((w) => w.code === 'agreed_volume_at_risk');
  warning.hidden = !risk;
  fill(warning, risk ? [h('strong', {}, t('cyc_at_risk')), ' ', lang === 'en' ? risk.message : risk.message_zh] : '');
  fill(figs,
    figureCard('cyc-completion', t('cyc_completion'), r.completion, { kind: 'percent', hint: t('cyc_consumed_of', quantity(r.consumed, lang), quantity(r.agreed_volume, lang)) }),
    figureCard('cyc-remaining', t('cyc_remaining'), r.remaining, { kind: 'quantity', hint: t('cyc_months_left', r.months_remaining) }),
    figureCard('cyc-rate', t('cyc_rate'), r.average_monthly, { kind: 'average', hint: r.required_monthly === null ? '' : t('cyc_required', averageQuantity(r.required_monthly, lang)) }),
    figureCard('cyc-projected', t('cyc_projected'), r.projected_completion_month, { kind: 'text', hint: `${t(STATUS[r.status])} · ${t('cyc_period', r.cycle_start, r.cycle_end, r.as_of)}` }));
  $('#cyc-figures').dataset.status = r.status;
  fill(table.tHead, h('tr', {}, [t('cyc_month'), t('cyc_rows'), t('col_quantity'), t('cyc_cumulative'), t('cyc_note')].map((l, i) => h('th', { scope: 'col', class: i && i < 4 ? 'num' : undefined }, l))));
  fill(table.tBodies[0], r.months.map((m) => h('tr', { class: m.rows === 0 ? 'estimated' : undefined },
    h('td', {}, m.month), h('td', { class: 'num' }, String(m.rows)), h('td', { class: 'num' }, quantity(m.quantity, lang)), h('td', { class: 'num' }, quantity(m.cumulative, lang)),
    h('td', {}, m.rows === 0 ? t('cyc_no_rows') : ''))));
  fill($('#cyc-problems'), problemItems(r.rejected));
  fillNotes($('#cyc-notes'), { ...r, warnings: r.warnings.filter((w) => w !== risk) });
  return r;
}

export function wireCycle(refresh) {
  for (const [id, field] of [['#cyc-drug', 'drug'], ['#cyc-agreed', 'agreed'], ['#cyc-start', 'start'], ['#cyc-end', 'end'], ['#cyc-asof', 'asof']]) {
    $(id).addEventListener('change', (e) => { settings.cycle[field] = e.target.value; refresh(); });
  }
  $('#cyc-file').addEventListener('change', async (e) => {
    const f = e.target.files[0];
    e.target.value = '';
    if (!f) return;
    settings.cycle.file = { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) };
    refresh();
  });
}
