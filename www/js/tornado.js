// One-way sensitivity (tornado charts): the engine's `sensitivity` over price cut,
// volume, disruption share and retention ratio, for the savings and for the retained
// amount. The models come from the engine too (`sensitivityForEstimate`: the estimate's
// resolved supply lines, the base disruption — a scenario over every drug — and each
// drug's retention inputs); this view passes what the pharmacist chose and draws. Bar
// lengths are plain numbers for drawing only; every figure shown is the engine's exact
// string, formatted.
import { t, currentLang } from './i18n.js';
import { h, fill, $ } from './dom.js';
import { money, percent, forChart } from './format.js';
import { settings } from './plan-config.js';
import { errText, fillNotes } from './plan-ui.js';
import { loadECharts, chartFor, base as baseOption, tip } from './charts.js';

const IDS = { savings: 'chart-tornado-savings', retained: 'chart-tornado-retained' };
const LOW = '#7fb3e0';
const HIGH = '#0b5cad';

function renderBasePicker(scn, chosen) {
  const sel = $('#tornado-base');
  fill(sel,
    h('option', { value: '' }, t('tornado_none')),
    scn ? scn.scenarios.map((s) => h('option', { value: s.id, disabled: s.drugs !== null ? true : undefined }, s.drugs === null ? s.name : `${s.name} ${t('tornado_partial')}`)) : null);
  sel.value = chosen ? chosen.id : '';
}

function rangeText(b, lang) {
  if (b.kind === 'factor') return `×${b.low_value} … ×${b.high_value}`;
  if (b.kind === 'shift') return t('tornado_shift', percent(b.low_value, lang), percent(b.high_value, lang));
  return `${percent(b.low_value, lang)} … ${percent(b.high_value, lang)}`;
}

function option(rep, lang, title) {
  const bars = rep.bars.slice().reverse(); // widest on top
  const base = rep.bars.length ? rep.bars[0].base_result : '0';
  const label = (b) => `${lang === 'en' ? b.label_en : b.label_zh}\n${rangeText(b, lang)}`;
  const far = [];
  const near = [];
  for (const b of bars) {
    const lo = { value: forChart(b.low_result) - forChart(base), itemStyle: { color: LOW } };
    const hi = { value: forChart(b.high_result) - forChart(base), itemStyle: { color: HIGH } };
    const [f, n] = Math.abs(lo.value) >= Math.abs(hi.value) ? [lo, hi] : [hi, lo];
    far.push(f);
    near.push(n);
  }
  const axis = (v) => (lang === 'en' ? v.toLocaleString('en') : Math.abs(v) >= 10000 ? `${v / 10000}万` : String(v));
  return {
    ...baseOption(title, `${t('tornado_base_result')} ${money(base, lang)} · ${t('tornado_legend')}`),
    grid: { left: 8, right: 24, top: 56, bottom: 24, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: axis }, name: t('tornado_axis'), nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'category', data: bars.map(label), axisLabel: { fontSize: 11 } },
    tooltip: {
      ...baseOption().tooltip,
      formatter: (ps) => {
        const b = bars[ps[0].dataIndex];
        return tip([lang === 'en' ? b.label_en : b.label_zh, rangeText(b, lang),
          `${t('tornado_low')}: ${money(b.low_result, lang)}`, `${t('tornado_high')}: ${money(b.high_result, lang)}`,
          `${t('tornado_base_result')}: ${money(b.base_result, lang)}`, `${t('tornado_swing')}: ${money(b.swing, lang)}`]);
      },
    },
    series: [
      { name: 'far', type: 'bar', data: far, barWidth: '55%', barGap: '-100%' },
      { name: 'near', type: 'bar', data: near, barWidth: '55%', barGap: '-100%' },
    ],
  };
}

async function draw(reports) {
  const echarts = await loadECharts();
  const lang = currentLang();
  for (const [metric, id] of Object.entries(IDS)) {
    const el = $(`#${id}`);
    const rep = reports[metric];
    el.hidden = !rep;
    const save = document.querySelector(`button.save-chart[data-chart="${id}"]`);
    if (save) save.hidden = !rep;
    if (!rep) {
      delete el.dataset.base;
      el.dataset.drawn = 'false';
      continue;
    }
    const chart = chartFor(echarts, id, lang);
    chart.setOption(option(rep, lang, metric === 'savings' ? t('tornado_savings_title') : t('tornado_retained_title')), { notMerge: true });
    chart.resize();
    el.dataset.base = rep.base[metric] ?? '';
    el.dataset.drawn = 'true';
  }
}

function renderTable(reports) {
  const lang = currentLang();
  const table = $('#tornado-table');
  fill(table.tHead, h('tr', {}, [t('tornado_metric'), t('tornado_param'), t('tornado_range'), t('tornado_low'), t('tornado_high'), t('tornado_swing'), t('tornado_range_basis')]
    .map((l, i) => h('th', { scope: 'col', class: i >= 3 && i <= 5 ? 'num' : undefined }, l))));
  fill(table.tBodies[0], Object.entries(reports).filter(([, r]) => r).flatMap(([metric, r]) => r.bars.map((b) => h('tr', { 'data-metric': metric, 'data-parameter': b.parameter },
    h('td', {}, t(`tornado_metric_${metric}`)),
    h('th', { scope: 'row' }, lang === 'en' ? b.label_en : b.label_zh),
    h('td', {}, rangeText(b, lang)),
    h('td', { class: 'num', 'data-value': b.low_result }, money(b.low_result, lang)),
    h('td', { class: 'num', 'data-value': b.high_result }, money(b.high_result, lang)),
    h('td', { class: 'num', 'data-value': b.swing }, money(b.swing, lang)),
    h('td', {}, t(`tornado_basis_${b.range_basis}`))))));
}

/**
 * Computes and draws both tornados; returns { savings, retained } (SensitivityReports or null).
 * `config` is the tab's plan configuration (suppliers, scenarios, agreed volumes, retention).
 */
export async function renderTornado(engine, report, scn, config, current) {
  const note = $('#tornado-note');
  const emptyRetained = $('#tornado-retained-empty');
  if (!scn) {
    renderBasePicker(null, null);
    fill(note, t('tornado_needs_scenarios'));
    await draw({ savings: null, retained: null });
    renderTable({});
    return null;
  }
  const reports = { savings: null, retained: null };
  let error = null;
  let model = null;
  try {
    model = engine.sensitivityForEstimate(report, { ...config, base_scenario: settings.tornadoBase });
  } catch (e) {
    error = e;
  }
  const chosen = model && model.base_scenario;
  renderBasePicker(scn, chosen);
  if (model) {
    try {
      reports.savings = engine.sensitivity(model.savings);
    } catch (e) {
      error = e;
    }
  }
  const retainedReady = !!(model && model.retained);
  if (retainedReady) {
    try {
      reports.retained = engine.sensitivity(model.retained);
    } catch (e) {
      error = error || e;
    }
  }
  const multi = model ? model.multi_line_drugs : [];
  emptyRetained.hidden = !!reports.retained;
  fill(emptyRetained, reports.retained ? '' : t('tornado_retained_needs'));
  const lang = currentLang();
  fill(note,
    chosen ? t('tornado_base_is', chosen.name, percent(chosen.primary_failure_share, lang), percent(chosen.backup_failure_share, lang)) : t('tornado_base_none'),
    multi.length && retainedReady ? ` ${t('tornado_multi', multi.join('、'))}` : '',
    error ? h('span', { class: 'error', role: 'alert' }, ` ${errText(error)}`) : '');
  if (!current()) return reports;
  renderTable(reports);
  fillNotes($('#tornado-notes'), reports.savings);
  await draw(reports);
  return reports;
}

/** Redraws at the new size (the tab was hidden while the window changed). */
export function resizeTornado() {
  window.dispatchEvent(new Event('resize'));
}

export function wireTornado(refresh) {
  $('#tornado-base').addEventListener('change', (e) => { settings.tornadoBase = e.target.value; refresh(); });
}
