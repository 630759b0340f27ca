// Commands for agreed volumes, 一省双供 supply scenarios, procurement-cycle tracking,
// retained fund savings (结余留用) and sensitivity: reading arguments and files, and
// printing. Every rule lives in the engine (Rust, pkg/vbp_savings.cjs); this file computes nothing.
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

// ---- files and errors: plain words in the user's language, with a stable code ----

/** A file that can't be read, in words: "file_not_found: …", "not_a_file: …" (a folder), "cannot_read: …". */
export function fileProblem(path, e, lang) {
  const en = lang === 'en';
  if (e.code === 'ENOENT') return `file_not_found: ${en ? `no such file: ${path}` : `找不到文件“${path}”`}`;
  if (e.code === 'EISDIR') return `not_a_file: ${en ? `${path} is a folder, not a file; name a file in it` : `“${path}”是文件夹，不是文件；请指定其中的文件`}`;
  if (e.code === 'EACCES' || e.code === 'EPERM') return `cannot_read: ${en ? `no permission to read ${path}` : `没有读取“${path}”的权限`}`;
  return `cannot_read: ${en ? `cannot read ${path} (${e.code || e.message})` : `无法读取“${path}”（${e.code || e.message}）`}`;
}

/** A file's bytes ("-" = standard input); a problem ends the program with status 1. */
export function readFileBytes(path, fail, lang) {
  try {
    return path === '-' ? readFileSync(0) : readFileSync(path);
  } catch (e) {
    fail(fileProblem(path, e, lang));
  }
  return undefined;
}

// Each JSON object read from a file, with the file's name and text: the engine receives the
// object, re-serialised on one line, and reports positions in that text; these map them back.
const jsonSources = new WeakMap();

/** Line and column (1-based) of an offset in a text. */
function lineColumn(text, offset) {
  const before = text.slice(0, offset).split('\n');
  return [before.length, before[before.length - 1].length + 1];
}

/** Every key and value of a JSON text (one JSON.parse accepted) with its path and span. */
function jsonTokens(text) {
  const out = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const str = () => {
    const s = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(s, i));
  };
  const value = (path) => {
    ws();
    const token = { path, start: i, key: false };
    out.push(token);
    if (text[i] === '{' || text[i] === '[') {
      const object = text[i++] === '{';
      ws();
      if (text[i] !== (object ? '}' : ']')) {
        for (let n = 0; ; n++) {
          ws();
          let at = n;
          if (object) {
            const start = i;
            at = str();
            out.push({ path: [...path, at], start, end: i, key: true });
            ws();
            i++; // ':'
          }
          value([...path, at]);
          ws();
          if (text[i++] !== ',') break;
        }
      } else i++;
    } else if (text[i] === '"') str();
    else while (i < text.length && !' \t\n\r,]}'.includes(text[i])) i++;
    token.end = i;
  };
  value([]);
  return out;
}

const showPath = (path) => path.map((p, n) => (typeof p === 'number' ? `[${p}]` : `${n ? '.' : ''}${p}`)).join('');
const samePath = (a, b) => a.length === b.length && a.every((p, n) => p === b[n]);

/** " at line 1 column N" (serde's position in the re-serialised text) out of a message. */
const POSITION = /,? at line (\d+) column (\d+)\s*$/;

/**
 * An engine error about an object read from a JSON file (`value`, or a part of it at `prefix`):
 * the file, the line and column of the key in the file's own text and the key's path, then the
 * engine's code and message without the position in its re-serialised text.
 */
export function jsonProblem(e, lang, value, prefix = []) {
  const en = lang === 'en';
  const raw = e.message || String(e);
  const m = POSITION.exec(raw);
  let message = (en ? raw.replace(/^[a-z_]+: /, '') : e.messageZh || raw).replace(POSITION, '');
  message = message.replace(/^[a-z_]+: /, '');
  const source = jsonSources.get(value);
  if (!source) return `${e.code ? `${e.code}: ` : ''}${message}`;
  let where = source.path;
  if (m && m[1] === '1') {
    const offset = Number(m[2]) - 1;
    const compact = jsonTokens(JSON.stringify(prefix.reduce((v, k) => v?.[k], value)));
    let token;
    if (/missing field/.test(raw)) {
      // the object the field is missing from: the innermost one around the position
      for (const t of compact) if (!t.key && t.start <= offset && offset < t.end && (!token || t.path.length >= token.path.length)) token = t;
    } else {
      for (const t of compact) if (t.start <= offset && (!token || t.start >= token.start)) token = t;
    }
    if (token) {
      const path = [...prefix, ...token.path];
      const found = jsonTokens(source.text).filter((t) => t.key === token.key && samePath(t.path, path)).pop();
      const name = path.length ? showPath(path) : '';
      if (found) {
        const [line, column] = lineColumn(source.text, found.start);
        where = en ? `${source.path}, line ${line} column ${column}${name ? ` (${name})` : ''}` : `${source.path} 第${line}行第${column}列${name ? `（${name}）` : ''}`;
      } else if (name) {
        where = en ? `${source.path} (${name})` : `${source.path}（${name}）`;
      }
    }
  }
  return `${where}: ${e.code ? `${e.code}: ` : ''}${message}`;
}

/** Reads and parses a JSON file; a problem ends the program with status 1. */
export function readJson(path, fail, lang) {
  let text;
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    fail(fileProblem(path, e, lang));
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const at = /at position (\d+)/.exec(e.message);
    const [line, column] = at ? lineColumn(text, Number(at[1])) : [];
    const detail = e.message.replace(/\s*in JSON at position \d+.*$/, '');
    fail(lang === 'en'
      ? `${path}${at ? `, line ${line} column ${column}` : ''}: invalid_input: not valid JSON (${detail})`
      : `${path}${at ? ` 第${line}行第${column}列` : ''}: invalid_input: 不是有效的JSON（${detail}）`);
  }
  if (value && typeof value === 'object') jsonSources.set(value, { path, text });
  return value;
}

function call(fail, args, what, f, json, prefix) {
  try {
    return f();
  } catch (e) {
    if (json && jsonSources.has(json)) fail(jsonProblem(e, args.lang, json, prefix));
    fail(`${what}: ${jsonProblem(e, args.lang)}`);
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
  const config = readJson(args.extra.config, fail, args.lang);
  return call(fail, args, args.extra.config, () => engine.planForEstimate(report, config), config);
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
  const say = (zhText, enText) => (zh(args) ? zhText : enText);
  // an option's value the engine refuses is a usage error about that option (status 2):
  // each is checked by the engine's validateOptions, with the rule the command applies
  const check = (flag, f) => {
    if (x[flag] === undefined) return;
    try {
      f(x[flag]);
    } catch (e) {
      fail(`--${flag} ${x[flag]}: ${jsonProblem(e, args.lang)}`, 2);
    }
  };
  if (command === 'agreed-volume') {
    if (x.winners === undefined) fail(`missing_option: ${say('agreed-volume 需要 --winners N（中选企业数），例如 --winners 2 --base 10000', 'agreed-volume needs --winners N (the number of winning companies), e.g. --winners 2 --base 10000')}`, 2);
    check('winners', (v) => engine.validateOptions({ winners: v }));
    check('base', (v) => engine.validateOptions({ demand_base: v }));
    check('ratio', (v) => engine.validateOptions({ ratio: v }));
    check('rounding', (v) => engine.validateOptions({ rounding: v }));
    check('parts', (v) => engine.validateOptions({ parts: v.split(',').map((p) => p.trim()) }));
    const input = { winners: x.winners };
    if (x.base !== undefined) input.demand_base = x.base;
    if (x.drug !== undefined) input.drug = x.drug;
    if (x.special) input.special_anti_infective = true;
    if (x['no-special']) input.special_anti_infective = false;
    if (x.ratio !== undefined) input.ratio = x.ratio;
    if (x.rounding !== undefined) input.rounding = x.rounding;
    if (x.parts !== undefined) input.parts = x.parts.split(',').map((p) => p.trim());
    // every value here comes from the command line: what the engine refuses is a usage error
    let a;
    try {
      a = engine.agreedVolume(input);
    } catch (e) {
      fail(`agreed-volume: ${jsonProblem(e, args.lang)}`, 2);
    }
    print(args, a, renderAgreedVolume(engine, args, a));
  }
  if (!file) fail(`missing_file: ${say(`${command} 需要一个输入文件（见 vbp-savings help ${command}）`, `${command} needs a FILE (see vbp-savings help ${command})`)}`, 2);
  if (command === 'cycle') {
    check('agreed-volume', (v) => engine.validateOptions({ agreed_volume: v }));
    check('cycle-end', (v) => engine.validateOptions({ cycle_end: v }));
    check('cycle-start', (v) => engine.validateOptions({ cycle_start: v }));
    check('as-of', (v) => engine.validateOptions({ as_of: v }));
    // and the months given together (a cycle end before its start)
    const given = [['cycle-start', 'cycle_start'], ['cycle-end', 'cycle_end'], ['as-of', 'as_of']].filter(([flag]) => x[flag] !== undefined);
    if (given.length > 1) {
      try {
        engine.validateOptions(Object.fromEntries(given.map(([flag, key]) => [key, x[flag]])));
      } catch (e) {
        fail(`${given.map(([flag]) => `--${flag} ${x[flag]}`).join(' ')}: ${jsonProblem(e, args.lang)}`, 2);
      }
    }
    const bytes = readFileBytes(file, fail, args.lang);
    const config = x.config ? readJson(x.config, fail, args.lang) : undefined;
    const options = { ...(config?.cycle ?? {}) };
    let flags = false;
    for (const [flag, key] of [['agreed-volume', 'agreed_volume'], ['cycle-start', 'cycle_start'], ['cycle-end', 'cycle_end'], ['as-of', 'as_of'], ['drug', 'drug']]) {
      if (x[flag] !== undefined) {
        options[key] = x[flag];
        flags = true;
      }
    }
    // what neither the flags nor the configuration give is a usage error, not the months file's
    for (const [flag, key, zh, en] of [
      ['agreed-volume', 'agreed_volume', '约定采购量', 'the agreed volume'],
      ['cycle-end', 'cycle_end', '采购周期截止月份；第七批的未公开', "the cycle's last month; batch 7's is not public"],
    ]) {
      if (options[key] === undefined || options[key] === null || options[key] === '') {
        fail(`missing_option: ${say(`cycle 需要 --${flag}（${zh}），或在 --config 的 cycle 部分给出 ${key}`, `cycle needs --${flag} (${en}), or ${key} in the --config file's cycle section`)}`, 2);
      }
    }
    // the configuration's cycle section as the file has it: its problems are the file's
    if (config?.cycle && !flags) {
      try {
        engine.cycleCsv(bytes, config.cycle);
      } catch (e) {
        if (POSITION.test(e.message || '')) fail(jsonProblem(e, args.lang, config, ['cycle']));
      }
    }
    const r = call(fail, args, file, () => engine.cycleCsv(bytes, options));
    print(args, r, renderCycle(engine, args, r));
  }
  if (command === 'retained') {
    check('grade', (v) => engine.validateOptions({ grade: v }));
    check('retention-ratio', (v) => engine.validateOptions({ retention_ratio: v }));
  }
  if (command === 'sensitivity') {
    check('metric', (v) => engine.validateOptions({ metric: v }));
  }
  const input = readJson(file, fail, args.lang);
  if (command === 'scenarios') {
    const r = call(fail, args, file, () => engine.scenarios(input), input);
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
    const r = call(fail, args, file, () => engine.retained(input), input);
    print(args, r, renderRetained(engine, args, r));
  }
  if (command === 'sensitivity') {
    if (x.metric !== undefined) input.metric = x.metric;
    const r = call(fail, args, file, () => engine.sensitivity(input), input);
    print(args, r, renderSensitivity(engine, args, r));
  }
  fail(`unknown_command: ${command}`, 2);
}
