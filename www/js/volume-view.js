// Agreed volumes (约定采购量): for each drug of the estimate, the hospital's reported
// demand base and the number of winning companies → the engine's agreed volume, with the
// batch-7 rule (ratios and cycles as data, with their source) and the rounding rule the
// engine states as inferred from the published worked examples.
import { t, text, currentLang } from './i18n.js';
import { h, fill, $ } from './dom.js';
import { quantity, percent } from './format.js';
import { settings, volumeInput } from './plan-config.js';
import { errText, fillNotes, boundInput, noteText } from './plan-ui.js';
import { sourceText } from './sources.js';

let onChange = () => {};
let rules = null;

function tiersTable(set, lang) {
  return h('table', { class: 'data compact' },
    h('caption', {}, lang === 'en' ? set.label_en : set.label_zh),
    h('thead', {}, h('tr', {}, [t('av_winners'), t('av_ratio'), t('av_cycle')].map((l) => h('th', { scope: 'col', class: 'num' }, l)))),
    h('tbody', {}, set.tiers.map((x) => h('tr', {},
      h('td', { class: 'num' }, x.winners_max === null ? `≥${x.winners_min}` : x.winners_min === x.winners_max ? String(x.winners_min) : `${x.winners_min}–${x.winners_max}`),
      h('td', { class: 'num' }, percent(x.ratio, lang)),
      h('td', { class: 'num' }, t('years', x.cycle_years))))));
}

function renderRules(engine) {
  const lang = currentLang();
  rules ||= engine.batchRules();
  const av = rules.agreed_volume;
  fill($('#av-rules'),
    h('p', { class: 'hint' }, lang === 'en' ? av.basis_en : av.basis_zh, ' ', h('span', { class: 'source' }, `${t('f_sources')}: `, sourceText(av.source)), h('span', { class: `conf conf-${av.confidence}`, title: `${t('confidence')} ${av.confidence}` }, av.confidence)),
    h('div', { class: 'tiers' }, tiersTable(av.general, lang), tiersTable(av.special_anti_infective, lang)),
    h('p', { class: 'banner', 'data-testid': 'av-rounding' }, h('strong', {}, t('av_rounding_title', av.rounding.status === 'inferred' ? t('inferred') : av.rounding.status)), ' ', lang === 'en' ? av.rounding.en : av.rounding.zh),
    h('details', {}, h('summary', {}, t('av_evidence')),
      h('p', {}, lang === 'en' ? av.rounding.evidence_en : av.rounding.evidence_zh),
      h('p', {}, lang === 'en' ? av.rounding.part_bound_en : av.rounding.part_bound_zh),
      h('table', { class: 'data compact' },
        h('thead', {}, h('tr', {}, [t('col_drug'), t('av_base'), t('av_winners'), t('av_published'), t('f_sources')].map((l, i) => h('th', { scope: 'col', class: i && i < 4 ? 'num' : undefined }, l)))),
        h('tbody', {}, av.worked_examples.map((w) => h('tr', {},
          h('td', {}, (lang === 'en' ? w.drug_en : w.drug_zh) || w.drug), h('td', { class: 'num' }, `${quantity(w.demand_base, lang)} ${text(w, 'unit', lang)}`), h('td', { class: 'num' }, String(w.winners)),
          h('td', { class: 'num' }, quantity(w.published, lang)), h('td', { class: 'source' }, sourceText(w.source), h('span', { class: `conf conf-${w.confidence}` }, w.confidence))))))),
    h('p', { class: 'hint', 'data-testid': 'av-cycle-end' }, `${t('av_cycle_end')}: `, av.cycle_end.value ?? t('unknown'), ' — ', text(av.cycle_end, 'note', lang)));
}

/**
 * Renders the table and returns each drug's row: { drug, key, input, result, error }
 * (result = the engine's AgreedVolume when the row is filled and valid).
 */
export function renderVolumes(engine, report) {
  const lang = currentLang();
  renderRules(engine);
  const rows = report.by_drug.map((d) => {
    const input = volumeInput(d.drug);
    if (!input) return { drug: d.drug, key: d.key, input: null, result: null, error: null };
    try {
      return { drug: d.drug, key: d.key, input, result: engine.agreedVolume(input), error: null };
    } catch (e) {
      return { drug: d.drug, key: d.key, input, result: null, error: e };
    }
  });
  const table = $('#av-table');
  fill(table.tHead, h('tr', {}, [t('col_drug'), t('av_base_input'), t('av_winners'), t('av_rule'), t('av_ratio'), t('av_cycle'), t('av_exact'), t('av_volume'), t('av_rounding_diff')]
    .map((l, i) => h('th', { scope: 'col', class: i >= 4 ? 'num' : undefined }, l))));
  fill(table.tBodies[0], report.by_drug.map((d, i) => {
    const s = (settings.volumes[d.drug] ||= { demand_base: '', winners: '' });
    const row = rows[i];
    const a = row.result;
    const cells = a
      ? [
        h('td', {}, lang === 'en' ? a.rule_class : a.rule_class_zh, h('div', { class: 'hint' }, lang === 'en' ? a.demand_base_basis : a.demand_base_basis_zh)),
        h('td', { class: 'num' }, percent(a.ratio, lang)),
        h('td', { class: 'num' }, a.cycle_years === null ? '—' : t('years', a.cycle_years)),
        h('td', { class: 'num' }, quantity(a.exact, lang)),
        h('td', { class: 'num', 'data-value': a.agreed_volume }, h('strong', {}, quantity(a.agreed_volume, lang))),
        h('td', { class: 'num' }, a.rounding_difference),
      ]
      : [h('td', { colspan: 6, class: row.error ? 'error' : 'hint', role: row.error ? 'alert' : undefined }, row.error ? errText(row.error) : t('av_fill'))];
    return h('tr', { 'data-drug': d.drug },
      h('th', { scope: 'row' }, lang === 'en' && d.drug_en ? d.drug_en : d.drug),
      h('td', {}, boundInput(s, 'demand_base', `av-base-${d.key}`, t('av_base_for', d.drug), onChange, { inputmode: 'decimal', size: 10, placeholder: t('av_base_placeholder') })),
      h('td', {}, boundInput(s, 'winners', `av-winners-${d.key}`, t('av_winners_for', d.drug), onChange, { inputmode: 'numeric', size: 3 })),
      cells);
  }));
  const first = rows.find((r) => r.result);
  fillNotes($('#av-notes'), null,
    first ? [h('h4', {}, t('formulas')), h('ul', {}, h('li', {}, h('code', {}, noteText(first.result.formula))))] : null,
    rows.filter((r) => r.result).map((r) => h('div', {}, h('h4', {}, r.drug),
      h('ul', {}, r.result.assumptions.map((n) => h('li', {}, noteText(n)))),
      h('p', { class: 'source' }, sourceText(r.result.source), ` (${t('confidence')} ${r.result.confidence})`))));
  return rows;
}

export function wireVolumes(refresh) {
  onChange = refresh;
}
