#!/usr/bin/env node
// vbp-savings command line: a thin shell over the WebAssembly engine (pkg/node).
// Every rule lives in Rust; this file reads arguments and files and prints.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { SUPPLY_COMMANDS, SUPPLY_HELP, SUPPLY_OPTIONS, SUPPLY_USAGE, planFor, renderPlan, runSupplyCommand } from './supply.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const HELP = `vbp-savings — 集采节约测算 (national VBP batch 7 savings, exact decimals)

Usage:
  vbp-savings estimate FILE.csv [--json | --csv] [--lang zh|en] [--estimate-cut FRACTION] [--omit-lines]
  vbp-savings catalog [--json] [--lang zh|en]
${SUPPLY_USAGE}  vbp-savings --help | --version

estimate   Reads a usage CSV (UTF-8 with or without BOM, UTF-16, GB18030/GBK) with
           columns drug/药品名称/通用名, quantity/数量, baseline_unit_price/集采前单价 and,
           optionally, vbp_unit_price/中选单价, manufacturer/生产企业, unit/单位, amount/金额.
           Prints a table (amounts rounded for display: 2 dp, half away from zero),
           or with --json one JSON document with exact decimal strings:
             totals, lines (price_source: input | catalog | estimated), rejected
             (line, column, code, message), by_drug, by_category, price_cut, warnings,
             formulas, assumptions, input.
           Rows that can't be used are listed with their line and column; every
           other row counts. Exit status 0 when the file was read, 1 when it could
           not be read at all (one line on stderr), 2 on a usage error.
catalog    Prints the embedded batch-7 catalog (facts with sources and confidence).

Options:
  --json               machine-readable output on stdout
  --csv                the results as CSV for Excel (UTF-8 with BOM; headers in --lang),
                       the same bytes as the page's export
  --lang zh|en         language of the table (default zh)
  --estimate-cut F     average cut for lines without a known VBP price, as a fraction
                       (default: the drug's sourced cut, else the batch's 0.48)
  --omit-lines         leave the per-line list out of --json (aggregates only)
${SUPPLY_HELP}`;

function fail(message, status = 1) {
  process.stderr.write(`vbp-savings: ${message.replace(/\s+/g, ' ').trim()}\n`);
  process.exit(status);
}

function loadEngine() {
  try {
    return require(join(here, '..', 'pkg', 'node', 'vbp_savings.js'));
  } catch (e) {
    fail(`the WebAssembly engine is not built (${e.code || e.message}); run "npm run build" first`);
  }
}

function parseArgs(argv) {
  const args = { positional: [], json: false, csv: false, lang: 'zh', estimateCut: undefined, omitLines: false, extra: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`, 2);
      return v;
    };
    if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--version' || a === '-V') args.version = true;
    else if (a === '--json') args.json = true;
    else if (a === '--csv') args.csv = true;
    else if (a === '--omit-lines') args.omitLines = true;
    else if (a === '--lang') args.lang = value();
    else if (a.startsWith('--lang=')) args.lang = a.slice(7);
    else if (a === '--estimate-cut') args.estimateCut = value();
    else if (a.startsWith('--estimate-cut=')) args.estimateCut = a.slice(15);
    else if (SUPPLY_OPTIONS.has(a.replace(/^--/, '').split('=')[0]) && a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s);
      args.extra[name] = SUPPLY_OPTIONS.get(name) ? (inline ?? value()) : true;
    } else if (a.startsWith('-') && a !== '-') fail(`unknown option ${a} (see --help)`, 2);
    else args.positional.push(a);
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
if (args.help || (args.positional.length === 0 && !args.version)) {
  process.stdout.write(HELP);
  process.exit(args.help ? 0 : 2);
}
const engine = loadEngine();
if (args.version) {
  process.stdout.write(`${engine.version()}\n`);
  process.exit(0);
}

const [command, file] = args.positional;
if (command === 'estimate') {
  if (!file) fail('estimate needs a FILE (see --help)', 2);
  let bytes;
  try {
    bytes = file === '-' ? readFileSync(0) : readFileSync(file);
  } catch (e) {
    fail(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  let report;
  try {
    const options = { omit_lines: args.omitLines };
    if (args.estimateCut !== undefined) options.estimate_cut = args.estimateCut;
    report = engine.estimateCsv(bytes, options);
  } catch (e) {
    fail(`${file}: ${e.code ? `${e.code}: ` : ''}${args.lang === 'en' ? (e.message || '').replace(/^[a-z_]+: /, '') : e.messageZh || e.message}`);
  }
  const plan = args.extra.config ? planFor(engine, args, fail, report) : null;
  if (args.csv) process.stdout.write(engine.reportCsv(report, args.lang));
  else if (args.json) process.stdout.write(`${JSON.stringify(plan ? { ...report, ...plan } : report, null, 2)}\n`);
  else process.stdout.write(engine.formatReport(report, args.lang) + (plan ? renderPlan(engine, args, plan) : ''));
  process.exit(0);
} else if (command === 'catalog') {
  const catalog = engine.catalog();
  if (args.json) {
    process.stdout.write(`${JSON.stringify(catalog, null, 2)}\n`);
  } else {
    const zh = args.lang !== 'en';
    const b = catalog.batch;
    const c = catalog.coverage;
    process.stdout.write(
      zh
        ? `${b.name_zh}（${b.document_no.value}）：${b.drug_count.value} 个药品，${b.category_count.value} 个治疗类别，平均降价 ${engine.formatPercent(b.average_price_cut.value)}\n` +
            `本目录列出公开来源中的 ${c.entries} 个品种（中选 ${c.winning}，拟中选 ${c.proposed_winner}，仅见于申报清单 ${c.application_stage + c.in_bid_list}，撤回 ${c.withdrawn}）；其余品种的名称与价格未公开，可通过导入补全。\n`
        : `${b.name_en} (${b.document_no.value}): ${b.drug_count.value} drugs, ${b.category_count.value} therapeutic categories, average cut ${engine.formatPercent(b.average_price_cut.value)}\n` +
            `This catalog names ${c.entries} drugs from public sources (winning ${c.winning}, proposed ${c.proposed_winner}, bid/reporting list only ${c.application_stage + c.in_bid_list}, withdrawn ${c.withdrawn}); the rest are not public and can be added by import.\n`,
    );
    for (const e of catalog.entries) {
      const prices = e.products.map((p) => `${p.company} ${p.pack} ¥${p.pack_price}`).join('; ');
      const ref = e.reference_price ? ` ref ¥${e.reference_price.value}/${e.unit}` : '';
      process.stdout.write(`  ${zh ? e.generic_name_zh : e.generic_name_en}  [${e.status}, ${e.confidence}]${ref}${prices ? `  ${prices}` : ''}\n`);
    }
  }
  process.exit(0);
} else if (SUPPLY_COMMANDS.has(command)) {
  runSupplyCommand(command, file, args, engine, fail);
} else {
  fail(`unknown command ${command} (see --help)`, 2);
}
