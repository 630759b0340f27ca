// Retained fund savings (结余留用) for the estimate's drugs: the shared inputs (fund
// payment ratio, insured share — no defaults), the retention ratio (editable, default
// 50% as the engine states) or a grade preset of the Shenzhen 2024 draft, labelled as
// that city's draft. Agreed volumes from the agreed-volume table go in; the engine says
// where every other input came from.
import { t, currentLang } from './i18n.js';
import { h, fill, $ } from './dom.js';
import { money, unitPrice, quantity, percent } from './format.js';
import { settings, retentionGiven, retentionConfig } from './plan-config.js';
import { errText, figureCard, fillNotes, problemItems } from './plan-ui.js';
import { sourceText } from './sources.js';

let rules = null;

function renderGrades(engine) {
  const lang = currentLang();
  rules ||= engine.batchRules();
  const presets = rules.retention.grade_presets;
  const sel = $('#ret-grade');
  fill(sel, h('option', { value: '' }, t('ret_no_grade')),
    presets.grades.map((g) => h('option', { value: g.grade }, t('ret_grade_option', g.grade, percent(g.ratio, lang), g.score_en))));
  sel.value = settings.retention.grade || '';
  $('#ret-fund').value = settings.retention.fund;
  $('#ret-insured').value = settings.retention.insured;
  $('#ret-ratio').value = settings.retention.grade ? '' : settings.retention.ratio;
  $('#ret-ratio').disabled = !!settings.retention.grade;
  return presets;
}

/** Renders the section; returns the engine's RetentionReport or null. */
export function renderRetention(engine, report, volumes) {
  const lang = currentLang();
  const presets = renderGrades(engine);
  const figs = $('#ret-figures');
  const table = $('#ret-table');
  fill($('#ret-error'), '');
  const clear = (hint) => {
    fill(figs);
    fill(table.tHead);
    fill(table.tBodies[0]);
    fill($('#ret-problems'));
    fill($('#ret-ratio-basis'), hint || '');
    fillNotes($('#ret-notes'), null, presetsTable(presets, lang));
  };
  if (!retentionGiven()) {
    clear(t('ret_fill'));
    return null;
  }
  let r;
  try {
    const agreed = volumes.filter((v) => v.result).map((v) => v.input);
    r = engine.planForEstimate(report, { agreed_volume: agreed, retention: retentionConfig() }).retained;
  } catch (e) {
    clear();
    fill($('#ret-error'), errText(e));
    return null;
  }
  const rr = r.retention_ratio;
  if (r.drugs.length === 0) {
    // nothing could be computed (an input is missing or wrong): the engine's reasons, no figures
    clear();
    fill($('#ret-problems'), problemItems(r.rejected));
    return r;
  }
  fill(figs,
    figureCard('ret-budget', t('ret_budget'), r.totals.budget),
    figureCard('ret-spend', t('ret_spend'), r.totals.actual_fund_spend),
    figureCard('ret-balance', t('ret_balance'), r.totals.balance),
    figureCard('ret-retained', t('ret_retained'), r.retained, { hint: t('ret_retained_hint', percent(rr.value, lang)) }));
  fill($('#ret-ratio-basis'), h('span', { 'data-testid': 'ret-ratio', 'data-value': rr.value }, `${t('ret_ratio_used')} ${percent(rr.value, lang)}`), ' — ',
    lang === 'en' ? rr.en : rr.zh,
    rr.source ? h('span', { class: 'source' }, ' ', sourceText(rr.source)) : null,
    rr.confidence ? h('span', { class: `conf conf-${rr.confidence}` }, rr.confidence) : null);
  fill(table.tHead, h('tr', {}, [t('col_drug'), t('ret_agreed'), t('ret_pre_price'), t('ret_fund_short'), t('ret_insured_short'), t('ret_budget'), t('ret_spend'), t('ret_non_winning'), t('ret_balance'), t('ret_inputs')]
    .map((l, i) => h('th', { scope: 'col', class: i && i < 9 ? 'num' : undefined, title: i === 7 ? t('ret_non_winning_hint') : undefined }, l))));
  fill(table.tBodies[0], r.drugs.map((d) => h('tr', { 'data-drug': d.drug || '' },
    h('th', { scope: 'row' }, d.drug || `#${d.line}`),
    h('td', { class: 'num' }, quantity(d.agreed_volume, lang)),
    h('td', { class: 'num' }, unitPrice(d.pre_vbp_unit_price, lang)),
    h('td', { class: 'num' }, percent(d.fund_payment_ratio, lang)),
    h('td', { class: 'num' }, percent(d.insured_share, lang)),
    h('td', { class: 'num', 'data-value': d.budget }, money(d.budget, lang)),
    h('td', { class: 'num', 'data-value': d.actual_fund_spend }, money(d.actual_fund_spend, lang)),
    h('td', { class: 'num', 'data-value': d.non_winning_fund_spend ?? '' },
      h('input', { type: 'text', inputmode: 'decimal', size: 10, class: 'ret-non-winning', 'data-drug': d.drug || '',
        'aria-label': t('ret_non_winning_label', d.drug || `#${d.line}`), value: (d.drug && settings.nonWinning[d.drug]) || '' })),
    h('td', { class: 'num', 'data-value': d.balance }, money(d.balance, lang)),
    h('td', {}, h('details', {}, h('summary', {}, t('ret_inputs')),
      h('ul', {},
        d.inputs.map((i) => h('li', {}, h('code', {}, i.field), ` = ${i.value ?? '—'} `, h('span', { class: 'hint' }, lang === 'en' ? i.basis_en : i.basis_zh))),
        h('li', {}, h('code', {}, 'actual_fund_spend'), ` = ${d.actual_fund_spend} `, h('span', { class: 'hint' }, lang === 'en' ? d.actual_fund_spend_basis_en : d.actual_fund_spend_basis_zh))))))));
  fill($('#ret-problems'), problemItems(r.rejected));
  fillNotes($('#ret-notes'), r,
    h('p', {}, h('strong', {}, t('ret_policy')), ' ', lang === 'en' ? r.policy.en : r.policy.zh, h('span', { class: 'source' }, ' ', sourceText(r.policy.source)), h('span', { class: `conf conf-${r.policy.confidence}` }, r.policy.confidence)),
    h('p', {}, h('strong', {}, t('ret_formula')), ' ', lang === 'en' ? r.formula.en : r.formula.zh, h('span', { class: 'source' }, ' ', sourceText(r.formula.source)), h('span', { class: `conf conf-${r.formula.confidence}` }, r.formula.confidence)),
    presetsTable(r.presets, lang));
  return r;
}

function presetsTable(p, lang) {
  return h('table', { class: 'data compact', 'data-testid': 'ret-presets' },
    h('caption', {}, lang === 'en' ? p.label_en : p.label_zh, ' ', h('span', { class: 'source' }, sourceText(p.source)), h('span', { class: `conf conf-${p.confidence}` }, p.confidence)),
    h('thead', {}, h('tr', {}, [t('ret_grade_col'), t('ret_score'), t('ret_ratio_col')].map((l) => h('th', { scope: 'col' }, l)))),
    h('tbody', {}, p.grades.map((g) => h('tr', {}, h('td', {}, g.grade), h('td', {}, g.score_en), h('td', {}, percent(g.ratio, lang))))));
}

export function wireRetention(refresh) {
  $('#ret-table').addEventListener('change', (e) => {
    if (!e.target.classList.contains('ret-non-winning') || !e.target.dataset.drug) return;
    settings.nonWinning[e.target.dataset.drug] = e.target.value;
    refresh();
  });
  const bind = (id, field) => $(id).addEventListener('change', (e) => { settings.retention[field] = e.target.value; refresh(); });
  bind('#ret-fund', 'fund');
  bind('#ret-insured', 'insured');
  bind('#ret-ratio', 'ratio');
  bind('#ret-grade', 'grade');
}
