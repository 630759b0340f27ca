// The three charts, drawn with the page's own tree-shaken ECharts bundle
// (./vendor/echarts.js, loaded on first use so the first load stays light).
// Bar lengths need plain numbers (forChart); every figure a person reads — labels,
// tooltips, the saved image's titles — is the engine's exact string, formatted.
import { t, currentLang } from './i18n.js';
import { h, $ } from './dom.js';
import { money, percent, forChart, shiftRight } from './format.js';

let echartsPromise = null;
/** The page's ECharts bundle, loaded on first use (shared with the tornado and programme charts). */
export const loadECharts = () => (echartsPromise ??= import('../vendor/echarts.js'));

const IDS = ['chart-category', 'chart-waterfall', 'chart-cuts'];
const charts = new Map(); // id -> { chart, lang }
let pending = null; // { report, engine } waiting for a visible panel

export const COLORS = { baseline: '#7a8794', savings: '#17703a', vbp: '#0b5cad', est: '#d08a1c', known: '#0b5cad' };

export function tip(lines) {
  return h('div', {}, lines.map((l, i) => (i === 0 ? h('strong', {}, l) : h('div', {}, l))));
}

/** The chart drawn in element #id (made again when the language changed); resized and saved with the others. */
export function chartFor(echarts, id, lang) {
  const el = $(`#${id}`);
  const have = charts.get(id);
  if (have && have.lang === lang) return have.chart;
  if (have) have.chart.dispose();
  const chart = echarts.init(el, null, { renderer: 'canvas', locale: lang === 'en' ? 'EN' : 'ZH' });
  charts.set(id, { chart, lang });
  // test hook: the chart instances by element id (what they draw, read back in the e2e tests)
  (window.__vbpCharts ??= {})[id] = chart;
  return chart;
}

/** Disposes the charts whose element ids start with `prefix` (their elements are being replaced). */
export function dropCharts(prefix) {
  for (const [id, { chart }] of charts) {
    if (!id.startsWith(prefix)) continue;
    chart.dispose();
    charts.delete(id);
  }
}

/**
 * An axis tick in yuan, short: 万/亿 in Chinese, k/M in English (ticks are geometry; every
 * amount a person reads in full is the engine's exact string, formatted).
 */
export function axisMoney(v, lang) {
  const a = Math.abs(v);
  if (lang === 'en') {
    if (a >= 1e6) return `${v / 1e6}M`;
    if (a >= 1e3) return `${v / 1e3}k`;
    return String(v);
  }
  if (a >= 1e8) return `${v / 1e8}亿`;
  if (a >= 1e4) return `${v / 1e4}万`;
  return String(v);
}

/**
 * The options every chart shares. Its accessible name (ECharts' aria label) is `description`
 * — built from the same display strings as the tables — or else its title and subtitle, never
 * ECharts' own reading of the raw data (unrounded amounts, helper series).
 */
export const base = (title, sub, description) => ({
  animation: false,
  aria: { enabled: true, label: { description: description || [title, sub].filter(Boolean).join(' — ') || ' ' } },
  title: { text: title, subtext: sub, left: 'center', textStyle: { fontSize: 14 }, subtextStyle: { fontSize: 11 } },
  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'html' },
  textStyle: { fontFamily: 'system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif' },
});

function categoryOption(report, lang) {
  const cats = report.by_category.slice().reverse(); // largest on top
  const name = (c) => (lang === 'en' ? c.en : c.zh);
  const described = report.by_category.map((c) => t('chart_desc_cat_item', name(c), money(c.savings, lang), money(c.estimated_savings, lang)));
  return {
    ...base(t('chart_category'), undefined, t('chart_desc_category', t('chart_category'), described)),
    legend: { bottom: 0, data: [t('series_savings'), t('series_estimated')] },
    grid: { left: 8, right: 24, top: 48, bottom: 36, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: (v) => axisMoney(v, lang), hideOverlap: true } },
    yAxis: { type: 'category', data: cats.map(name), axisLabel: { width: 110, overflow: 'truncate', hideOverlap: true } },
    tooltip: {
      ...base().tooltip,
      formatter: (ps) => {
        const c = cats[ps[0].dataIndex];
        return tip([name(c), `${t('col_savings')}: ${money(c.savings, lang)}`, `${t('col_rate')}: ${percent(c.savings_rate, lang)}`, `${t('col_estimated_savings')}: ${money(c.estimated_savings, lang)}`]);
      },
    },
    series: [
      { name: t('series_savings'), type: 'bar', data: cats.map((c) => forChart(c.savings)), itemStyle: { color: COLORS.savings }, barWidth: '55%' },
      { name: t('series_estimated'), type: 'bar', data: cats.map((c) => forChart(c.estimated_savings)), itemStyle: { color: COLORS.est }, barGap: '-100%', barWidth: '55%' },
    ],
  };
}

function waterfallOption(report, lang) {
  const tot = report.totals;
  const rise = tot.savings.startsWith('-');
  const magnitude = rise ? tot.savings.slice(1) : tot.savings;
  // the savings bar floats between the VBP spend and the baseline spend
  const floor = rise ? tot.baseline_spend : tot.vbp_spend;
  const labels = [t('col_baseline'), t('col_savings'), t('col_vbp')];
  const exact = [tot.baseline_spend, tot.savings, tot.vbp_spend];
  return {
    ...base(t('chart_waterfall'), `${t('col_rate')} ${percent(tot.savings_rate, lang)}`,
      t('chart_desc_waterfall', t('chart_waterfall'), money(tot.baseline_spend, lang), money(tot.savings, lang), money(tot.vbp_spend, lang), percent(tot.savings_rate, lang))),
    grid: { left: 8, right: 16, top: 76, bottom: 24, containLabel: true },
    // every bar keeps its label (never hidden for room): long ones wrap
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, width: 90, overflow: 'break', lineHeight: 14 } },
    yAxis: { type: 'value', axisLabel: { formatter: (v) => axisMoney(v, lang), hideOverlap: true } },
    tooltip: { ...base().tooltip, formatter: (ps) => tip([labels[ps[0].dataIndex], money(exact[ps[0].dataIndex], lang)]) },
    series: [
      { type: 'bar', stack: 'w', silent: true, itemStyle: { color: 'transparent' }, data: [0, forChart(floor), 0] },
      {
        type: 'bar', stack: 'w', barWidth: '50%',
        data: [
          { value: forChart(tot.baseline_spend), itemStyle: { color: COLORS.baseline } },
          { value: forChart(magnitude), itemStyle: { color: rise ? '#a3261b' : COLORS.savings } },
          { value: forChart(tot.vbp_spend), itemStyle: { color: COLORS.vbp } },
        ],
        label: { show: true, position: 'top', fontSize: 11, formatter: (p) => money(exact[p.dataIndex], lang, { compact: true }) },
        labelLayout: { hideOverlap: true },
      },
    ],
  };
}

function cutsOption(report, engine, lang) {
  const bands = engine.cutDistribution(report);
  const labels = bands.map((b) => (b.from === null ? `<0% (${t('band_rise')})` : `${b.from}–${b.to}%`));
  const headline = report.price_cut.headline;
  // the bands are 10 points wide from the lowest (a rise: below 0%) to 100%: a value axis over
  // the same span, hidden, puts the published cut's line at its value (geometry only)
  const low = bands.length ? (bands[0].from === null ? bands[0].to - 10 : bands[0].from) : 0;
  const high = bands.length ? bands[bands.length - 1].to : 100;
  const at = headline ? forChart(shiftRight(headline, 2)) : null;
  const described = bands.map((b, i) => [b, labels[i]]).filter(([b]) => b.known || b.estimated)
    .map(([b, label]) => t('chart_desc_band_item', label, b.known, b.estimated));
  return {
    ...base(t('chart_cuts'), headline ? t('percent_of', percent(headline, lang)) : undefined, t('chart_desc_cuts', t('chart_cuts'), described, headline ? percent(headline, lang) : '')),
    legend: { bottom: 0, data: [t('series_known'), t('series_est_drugs')] },
    grid: { left: 8, right: 16, top: 76, bottom: 40, containLabel: true },
    // the bands (10 points each) on a category axis; the percentages read on a value axis over
    // the same span, at the bands' edges (no rotated band names to collide)
    xAxis: [
      { type: 'category', data: labels, axisLabel: { show: false }, axisTick: { show: false } },
      {
        type: 'value', min: low, max: high, interval: 10, position: 'bottom', splitLine: { show: false },
        axisLabel: { formatter: (v) => (v < 0 ? '' : `${v}%`), fontSize: 10, hideOverlap: true },
      },
    ],
    yAxis: { type: 'value', minInterval: 1, name: t('chart_drugs') },
    tooltip: { ...base().tooltip, formatter: (ps) => { const b = bands[ps[0].dataIndex]; return tip([labels[ps[0].dataIndex], `${t('chart_drugs')}: ${b.known + b.estimated}`, ...b.drugs.slice(0, 12)]); } },
    series: [
      { name: t('series_known'), type: 'bar', stack: 'c', data: bands.map((b) => b.known), itemStyle: { color: COLORS.known } },
      { name: t('series_est_drugs'), type: 'bar', stack: 'c', data: bands.map((b) => b.estimated), itemStyle: { color: COLORS.est } },
      // the published cut (the engine's catalog data): a dashed line at its value, labelled
      ...(at === null ? [] : [{
        type: 'line', xAxisIndex: 1, data: [[at, 0]], symbol: 'none', silent: true, lineStyle: { opacity: 0 }, tooltip: { show: false },
        markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#a3261b', width: 1.5 }, label: { formatter: percent(headline, lang), position: 'end' }, data: [{ xAxis: at }] },
      }]),
    ],
  };
}

function visible() {
  // the panel's hidden flag first: asking a hidden panel's size would lay out the whole page
  const panel = $('#panel-results');
  if (panel && panel.hidden) return false;
  const el = $('#chart-category');
  return el && el.offsetWidth > 0;
}

async function draw({ report, engine }) {
  const echarts = await loadECharts();
  const lang = currentLang();
  const options = { 'chart-category': categoryOption(report, lang), 'chart-waterfall': waterfallOption(report, lang), 'chart-cuts': cutsOption(report, engine, lang) };
  for (const id of IDS) {
    // a chart per task: drawing all three at once held the page for 100 ms after a large import
    await new Promise((resolve) => { setTimeout(resolve, 0); });
    const chart = chartFor(echarts, id, lang);
    chart.setOption(options[id], { notMerge: true });
    chart.resize();
    $(`#${id}`).dataset.drawn = 'true';
  }
}

/** Draws the charts of a report now, or when the results panel is next shown. */
export async function renderCharts(report, engine) {
  pending = { report, engine };
  if (!visible()) return;
  const job = pending;
  pending = null;
  await draw(job);
}

/** Called when the results panel is shown: draws what waited, resizes the rest. */
export function resizeCharts() {
  if (pending && visible()) {
    const job = pending;
    pending = null;
    draw(job).catch((e) => console.error('charts:', e));
    return;
  }
  for (const { chart } of charts.values()) chart.resize();
}

/** The chart as a PNG (white background, twice the screen resolution), downloaded. */
export function saveChart(id) {
  const have = charts.get(id);
  if (!have) return;
  const url = have.chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
  const a = h('a', { href: url, download: `${id.replace('chart-', 'vbp-savings-')}.png`, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
}

window.addEventListener('resize', () => { for (const { chart } of charts.values()) chart.resize(); });
/**
 * Resized and painted now: ECharts paints a resized chart's new layout on the next animation
 * frame, and a print takes the canvas before that frame (the old drawing, cut at the new width).
 */
function resizeNow() {
  for (const { chart } of charts.values()) {
    chart.resize();
    const zr = chart.getZr && chart.getZr();
    if (zr && zr.flush) zr.flush();
  }
}
window.addEventListener('beforeprint', resizeNow);
// print media lays the page out at the paper's width without a resize event: redraw at the
// print size (the print stylesheet scales a chart to its box meanwhile), and back for the screen
window.addEventListener('afterprint', resizeNow);
const printMedia = window.matchMedia ? window.matchMedia('print') : null;
if (printMedia && printMedia.addEventListener) printMedia.addEventListener('change', resizeNow);
document.addEventListener('click', (e) => {
  const btn = e.target.closest && e.target.closest('.save-chart');
  if (btn) saveChart(btn.dataset.chart);
});
