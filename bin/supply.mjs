// Commands for agreed volumes, 一省双供 supply scenarios, procurement-cycle tracking,
// retained fund savings (结余留用) and sensitivity: reading arguments and files, and
// printing. Every rule lives in the engine (Rust, pkg/node); this file computes nothing.
import { readFileSync } from 'node:fs';

/** Options these commands take: name → whether it takes a value. */
export const SUPPLY_OPTIONS = new Map([
  ['config', true],
  ['base', true],
  ['winners', true],
  ['drug', true],
  ['special', false],
  ['no-special', false],
  ['ratio', true],
  ['rounding', true],
  ['parts', true],
  ['agreed-volume', true],
  ['cycle-start', true],
  ['cycle-end', true],
  ['as-of', true],
  ['grade', true],
  ['retention-ratio', true],
  ['metric', true],
]);

export const SUPPLY_COMMANDS = new Set(['agreed-volume', 'scenarios', 'cycle', 'retained', 'sensitivity', 'rules']);

export const SUPPLY_USAGE = `  vbp-savings estimate FILE.csv --config PLAN.json [--json]
  vbp-savings agreed-volume --winners N (--base UNITS | --parts A,B,… | --drug NAME) [--drug NAME]
              [--special | --no-special] [--ratio F] [--rounding half_up|down|up|none] [--json]
  vbp-savings scenarios SUPPLY.json [--json]
  vbp-savings cycle MONTHS.csv --agreed-volume N --cycle-end YYYY-MM [--cycle-start YYYY-MM]
              [--as-of YYYY-MM] [--drug NAME] [--config PLAN.json] [--json]
  vbp-savings retained RETENTION.json [--grade A|B|C|D | --retention-ratio F] [--json]
  vbp-savings sensitivity SENSITIVITY.json [--metric savings|retained] [--json]
  vbp-savings rules [--json]
`;

export const SUPPLY_HELP = `
--config PLAN.json   with estimate: adds the sections "scenarios" (supply disruption over the
                     file's lines), "agreed_volume" and "retained" (结余留用) to the output. Keys:
                     suppliers, scenarios, agreed_volume, retention, cycle, comment (see README).
agreed-volume        agreed volume = demand base × the batch-7 ratio for the number of winners
                     (50/60/70/80%; special anti-infectives 30/40/50%), rounded half up to whole
                     units (rule inferred from the published worked examples, and said so).
scenarios            一省双供 disruption scenarios from a JSON file {lines, suppliers, scenarios}:
                     savings per scenario, savings at risk, expected savings.
cycle                monthly consumption (a month/月份 column and a quantity/数量 column) against
                     the agreed volume: completion, projected completion month, a warning when
                     the cycle's end will be missed. The batch-7 cycle end is not public: give it.
retained             结余留用 from a JSON file {drugs, fund_payment_ratio, insured_share,
                     retention_ratio | grade}: budget, balance, retained amount.
sensitivity          one-way sensitivity (tornado data) from a JSON file {lines, …, ranges}.
rules                the batch-7 rules as data (agreed-volume tiers, rounding evidence,
                     retention formula and the Shenzhen 2024 draft's grade presets), with sources.
`;

const zh = (args) => args.lang !== 'en';

/** Reads and parses a JSON file; a problem ends the program with status 1. */
export function readJson(path, fail) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    fail(`cannot read ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    fail(`${path}: invalid_input: not valid JSON (${e.message})`);
  }
  return undefined;
}

function call(fail, args, what, f) {
  try {
    return f();
  } catch (e) {
    fail(`${what}: ${e.code ? `${e.code}: ` : ''}${zh(args) ? e.messageZh || e.message : (e.message || '').replace(/^[a-z_]+: /, '')}`);
  }
  return undefined;
}

// ---- display: amounts rounded by the engine's one rule, grouped by thousands ----
function amount(engine, value) {
  if (value === null || value === undefined) return '—';
  const [int, frac] = engine.roundDisplay(value).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}
function units(value) {
  if (value === null || value === undefined) return '—';
  const [int, frac] = String(value).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
}
const pct = (engine, f) => engine.formatPercent(f ?? null);
const note = (args, n) => `  · ${zh(args) ? n.zh : n.en}\n`;
const notes = (args, title, list) => (list && list.length ? `${title}\n${list.map((n) => note(args, n)).join('')}` : '');
const problems = (args, list) =>
  list && list.length
    ? `${zh(args) ? '未计入的行' : 'Rows not counted'}:\n${list
        .map((p) => `  ${zh(args) ? '第' : 'line '}${p.line}${zh(args) ? '行' : ''}${p.column ? ` ${zh(args) ? '第' : 'col '}${p.column}${zh(args) ? '列' : ''}` : ''} [${p.code}] ${zh(args) ? p.message_zh : p.message}\n`)
        .join('')}`
    : '';
const warnings = (args, list) => (list && list.length ? list.map((w) => `! ${zh(args) ? w.message_zh : w.message}\n`).join('') : '');
const ROUNDING = { zh: '（金额显示按四舍五入保留2位小数，计算全程精确）', en: '(amounts shown rounded half away from zero to 2 dp; computed exactly)' };

export function renderAgreedVolume(engine, args, a) {
  const z = zh(args);
  let out = z
    ? `约定采购量${a.drug ? `（${a.drug}）` : ''}：${units(a.agreed_volume)}\n  ${a.formula.zh}\n  需求基数 ${units(a.demand_base)}（${a.demand_base_basis_zh}）× ${pct(engine, a.ratio)} = ${units(a.exact)}，取整差 ${a.rounding_difference}\n  规则来源：${a.source}（可信度 ${a.confidence}）\n`
    : `Agreed volume${a.drug ? ` (${a.drug})` : ''}: ${units(a.agreed_volume)}\n  ${a.formula.en}\n  demand base ${units(a.demand_base)} (${a.demand_base_basis}) × ${pct(engine, a.ratio)} = ${units(a.exact)}, rounding difference ${a.rounding_difference}\n  rule source: ${a.source} (confidence ${a.confidence})\n`;
  out += notes(args, z ? '假设与说明：' : 'Assumptions:', a.assumptions);
  return out;
}

export function renderScenarios(engine, args, r) {
  const z = zh(args);
  let out = z ? `断供情景（一省双供）${ROUNDING.zh}\n` : `Supply-disruption scenarios (一省双供) ${ROUNDING.en}\n`;
  out += z
    ? `  不断供：节约 ¥${amount(engine, r.no_disruption.savings)}（基准支出 ¥${amount(engine, r.no_disruption.baseline_spend)}，支出 ¥${amount(engine, r.no_disruption.spend)}）\n`
    : `  No disruption: savings ¥${amount(engine, r.no_disruption.savings)} (baseline ¥${amount(engine, r.no_disruption.baseline_spend)}, spend ¥${amount(engine, r.no_disruption.spend)})\n`;
  for (const s of r.scenarios) {
    const t = s.totals;
    out += z
      ? `  ${s.name}：节约 ¥${amount(engine, t.savings)}，风险节约额 ¥${amount(engine, t.savings_at_risk)}（主供断供 ${pct(engine, s.primary_failure_share)}，备供断供 ${pct(engine, s.backup_failure_share)}${s.probability ? `，概率 ${pct(engine, s.probability)}` : ''}；${s.share_basis_zh}）\n`
      : `  ${s.name}: savings ¥${amount(engine, t.savings)}, at risk ¥${amount(engine, t.savings_at_risk)} (primary fails ${pct(engine, s.primary_failure_share)}, backup fails ${pct(engine, s.backup_failure_share)}${s.probability ? `, probability ${pct(engine, s.probability)}` : ''}; ${s.share_basis_en})\n`;
  }
  if (r.expected) {
    out += z
      ? `  期望节约 ¥${amount(engine, r.expected.savings)}，期望风险节约额 ¥${amount(engine, r.expected.savings_at_risk)}（不断供概率 ${pct(engine, r.expected.probability_no_disruption)}）\n`
      : `  Expected savings ¥${amount(engine, r.expected.savings)}, expected at risk ¥${amount(engine, r.expected.savings_at_risk)} (no-disruption probability ${pct(engine, r.expected.probability_no_disruption)})\n`;
  }
  const seen = new Set();
  for (const l of r.lines) {
    const key = `${l.key}|${l.backup.basis}|${l.backup.unit_price}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out += z
      ? `  ${l.drug}：备供价 ¥${l.backup.unit_price}（${l.backup.basis_zh}）；兜底价 ¥${l.fallback.unit_price}（${l.fallback.basis_zh}）\n`
      : `  ${l.drug}: backup price ¥${l.backup.unit_price} (${l.backup.basis_en}); fallback ¥${l.fallback.unit_price} (${l.fallback.basis_en})\n`;
  }
  out += warnings(args, r.warnings) + problems(args, r.rejected);
  out += notes(args, z ? '公式：' : 'Formulas:', r.formulas) + notes(args, z ? '假设：' : 'Assumptions:', r.assumptions);
  return out;
}

export function renderRetained(engine, args, r) {
  const z = zh(args);
  const t = r.totals;
  let out = z
    ? `结余留用${ROUNDING.zh}\n  预算 ¥${amount(engine, t.budget)} − 实际医保基金支出 ¥${amount(engine, t.actual_fund_spend)} = 结余 ¥${amount(engine, t.balance)}\n  留用比例 ${pct(engine, r.retention_ratio.value)}（${r.retention_ratio.zh}）\n  留用金额 ¥${amount(engine, r.retained)}\n`
    : `Retained fund savings (结余留用) ${ROUNDING.en}\n  budget ¥${amount(engine, t.budget)} − actual fund spend ¥${amount(engine, t.actual_fund_spend)} = balance ¥${amount(engine, t.balance)}\n  retention ratio ${pct(engine, r.retention_ratio.value)} (${r.retention_ratio.en})\n  retained ¥${amount(engine, r.retained)}\n`;
  for (const d of r.drugs) {
    out += `  ${d.drug ?? `#${d.line}`}: ${z ? '预算' : 'budget'} ¥${amount(engine, d.budget)}, ${z ? '结余' : 'balance'} ¥${amount(engine, d.balance)}\n`;
    for (const i of d.inputs) out += `      ${i.field} = ${i.value ?? '—'}  (${z ? i.basis_zh : i.basis_en})\n`;
  }
  out += warnings(args, r.warnings) + problems(args, r.rejected);
  out += notes(args, z ? '公式：' : 'Formulas:', r.formulas) + notes(args, z ? '假设：' : 'Assumptions:', r.assumptions);
  return out;
}

export function renderCycle(engine, args, r) {
  const z = zh(args);
  const status = { completed: ['已完成', 'completed'], on_track: ['可按期完成', 'on track'], at_risk: ['预计无法按期完成', 'AT RISK'], no_consumption: ['尚无用量', 'no consumption yet'] }[r.status];
  let out = z
    ? `采购周期跟踪${r.drug ? `（${r.drug}）` : ''}：${r.cycle_start} 至 ${r.cycle_end}，截至 ${r.as_of}（第 ${r.months_elapsed}/${r.cycle_months} 个月）\n  约定采购量 ${units(r.agreed_volume)}，已用 ${units(r.consumed)}（${pct(engine, r.completion)}），剩余 ${units(r.remaining)}\n  月均 ${units(r.average_monthly)}，此后每月需 ${units(r.required_monthly)}；预计完成月份 ${r.projected_completion_month ?? '—'}：${status[0]}\n`
    : `Cycle tracking${r.drug ? ` (${r.drug})` : ''}: ${r.cycle_start} to ${r.cycle_end}, as of ${r.as_of} (month ${r.months_elapsed} of ${r.cycle_months})\n  agreed ${units(r.agreed_volume)}, used ${units(r.consumed)} (${pct(engine, r.completion)}), remaining ${units(r.remaining)}\n  average ${units(r.average_monthly)} a month, ${units(r.required_monthly)} a month needed from now; projected completion ${r.projected_completion_month ?? '—'}: ${status[1]}\n`;
  out += warnings(args, r.warnings) + problems(args, r.rejected);
  out += notes(args, z ? '公式：' : 'Formulas:', r.formulas) + notes(args, z ? '假设：' : 'Assumptions:', r.assumptions);
  return out;
}

export function renderSensitivity(engine, args, r) {
  const z = zh(args);
  let out = z
    ? `单因素敏感性（${r.metric === 'retained' ? '留用金额' : '节约额'}）${ROUNDING.zh}\n  基准：节约 ¥${amount(engine, r.base.savings)}，留用 ¥${amount(engine, r.base.retained)}\n`
    : `One-way sensitivity (${r.metric}) ${ROUNDING.en}\n  base: savings ¥${amount(engine, r.base.savings)}, retained ¥${amount(engine, r.base.retained)}\n`;
  for (const b of r.bars) {
    out += `  ${z ? b.label_zh : b.label_en}: ${b.low_value} → ¥${amount(engine, b.low_result)}, ${b.high_value} → ¥${amount(engine, b.high_result)} (${z ? '摆幅' : 'swing'} ¥${amount(engine, b.swing)}, ${b.range_basis})\n`;
  }
  out += warnings(args, r.warnings) + problems(args, r.rejected);
  out += notes(args, z ? '公式：' : 'Formulas:', r.formulas) + notes(args, z ? '假设：' : 'Assumptions:', r.assumptions);
  return out;
}

/** The text of a plan's sections, to follow the estimate's table. */
export function renderPlan(engine, args, plan) {
  let out = '';
  if (plan.scenarios) out += `\n${renderScenarios(engine, args, plan.scenarios)}`;
  for (const a of plan.agreed_volume ?? []) out += `\n${renderAgreedVolume(engine, args, a)}`;
  if (plan.retained) out += `\n${renderRetained(engine, args, plan.retained)}`;
  return out;
}

/** The sections a configuration adds to an estimate. */
export function planFor(engine, args, fail, report) {
  const config = readJson(args.extra.config, fail);
  return call(fail, args, args.extra.config, () => engine.planForEstimate(report, config));
}

function print(args, doc, text) {
  process.stdout.write(args.json ? `${JSON.stringify(doc, null, 2)}\n` : text);
  process.exit(0);
}

/** Runs one of SUPPLY_COMMANDS; exits. */
export function runSupplyCommand(command, file, args, engine, fail) {
  const x = args.extra;
  if (command === 'rules') {
    const rules = engine.batchRules();
    const av = rules.agreed_volume;
    const tiers = (set) => set.tiers.map((t) => `${t.winners_min}${t.winners_max === null ? '+' : ''}: ${pct(engine, t.ratio)} / ${t.cycle_years}y`).join(', ');
    print(
      args,
      rules,
      `${rules.document_no}\n  ${av.general.label_en}: ${tiers(av.general)}\n  ${av.special_anti_infective.label_en}: ${tiers(av.special_anti_infective)}\n  source: ${av.source} (${av.confidence})\n  rounding (${av.rounding.status}): ${zh(args) ? av.rounding.zh : av.rounding.en}\n  ${rules.retention.grade_presets.label_en}: ${rules.retention.grade_presets.grades.map((g) => `${g.grade} ${pct(engine, g.ratio)}`).join(', ')}\n`,
    );
  }
  if (command === 'agreed-volume') {
    if (x.winners === undefined) fail('agreed-volume needs --winners N (see --help)', 2);
    const input = { winners: x.winners };
    if (x.base !== undefined) input.demand_base = x.base;
    if (x.drug !== undefined) input.drug = x.drug;
    if (x.special) input.special_anti_infective = true;
    if (x['no-special']) input.special_anti_infective = false;
    if (x.ratio !== undefined) input.ratio = x.ratio;
    if (x.rounding !== undefined) input.rounding = x.rounding;
    if (x.parts !== undefined) input.parts = x.parts.split(',').map((s) => s.trim());
    const a = call(fail, args, 'agreed-volume', () => engine.agreedVolume(input));
    print(args, a, renderAgreedVolume(engine, args, a));
  }
  if (!file) fail(`${command} needs a FILE (see --help)`, 2);
  if (command === 'cycle') {
    let bytes;
    try {
      bytes = file === '-' ? readFileSync(0) : readFileSync(file);
    } catch (e) {
      fail(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    }
    const options = { ...(x.config ? readJson(x.config, fail).cycle ?? {} : {}) };
    for (const [flag, key] of [['agreed-volume', 'agreed_volume'], ['cycle-start', 'cycle_start'], ['cycle-end', 'cycle_end'], ['as-of', 'as_of'], ['drug', 'drug']]) {
      if (x[flag] !== undefined) options[key] = x[flag];
    }
    const r = call(fail, args, file, () => engine.cycleCsv(bytes, options));
    print(args, r, renderCycle(engine, args, r));
  }
  const input = readJson(file, fail);
  if (command === 'scenarios') {
    const r = call(fail, args, file, () => engine.scenarios(input));
    print(args, r, renderScenarios(engine, args, r));
  }
  if (command === 'retained') {
    if (x.grade !== undefined) {
      delete input.retention_ratio;
      input.grade = x.grade;
    }
    if (x['retention-ratio'] !== undefined) {
      delete input.grade;
      input.retention_ratio = x['retention-ratio'];
    }
    const r = call(fail, args, file, () => engine.retained(input));
    print(args, r, renderRetained(engine, args, r));
  }
  if (command === 'sensitivity') {
    if (x.metric !== undefined) input.metric = x.metric;
    const r = call(fail, args, file, () => engine.sensitivity(input));
    print(args, r, renderSensitivity(engine, args, r));
  }
  fail(`unknown command ${command} (see --help)`, 2);
}
