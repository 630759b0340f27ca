#!/usr/bin/env node
// vbp-savings command line: a thin shell over the WebAssembly engine (pkg/vbp_savings.cjs).
// Every rule lives in Rust; this file reads arguments and files and prints.
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { EVALUATE_HELP, EVALUATE_USAGE, runEvaluate } from './evaluate.mjs';
import { SUPPLY_COMMANDS, SUPPLY_HELP, SUPPLY_OPTIONS, SUPPLY_USAGE, fileProblem, jsonProblem, planFor, readFileBytes, readJson as readJsonFile, renderPlan, runSupplyCommand } from './supply.mjs';

// Output to a pipe is written asynchronously once the pipe's buffer (64 KB) is full, and
// process.exit would cut a large report short (`estimate big.csv --json | jq`): write it whole.
for (const stream of [process.stdout, process.stderr]) {
  if (stream._handle && typeof stream._handle.setBlocking === 'function') stream._handle.setBlocking(true);
}

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const HELP = `vbp-savings — 集采节约测算 (national VBP batch 7 savings, exact decimals)

Usage:
  vbp-savings estimate FILE.csv|FILE.xlsx [--sheet NAME] [--json | --csv] [--lang zh|en] [--estimate-cut FRACTION]
                       [--omit-lines] [--catalog CATALOG.json] [--override LINE=PRODUCT]... [--xlsx OUT.xlsx]
                       [--config PLAN.json]
  vbp-savings result-table FILE --batch N [--sheet NAME] [--pack LINE=UNITS]... [--label TEXT]
                       [--out CATALOG.json] [--json]
  vbp-savings match FILE [--sheet NAME] [--catalog CATALOG.json] [--override LINE=PRODUCT]... [--json]
  vbp-savings programme [BATCH=]FILE... [--sheet NAME] [--catalog CATALOG.json]... [--json] [--xlsx OUT.xlsx]
  vbp-savings batches [--json]
  vbp-savings catalog [--json] [--lang zh|en]
${SUPPLY_USAGE}${EVALUATE_USAGE}  vbp-savings help [COMMAND] | COMMAND --help | --help | --version

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
           A workbook (.xlsx, .xlsm, .xls, .ods) is read under the same rules: the
           first sheet with a recognisable header (or --sheet NAME), a title row and
           a two-row header with merged cells handled, numbers read as typed; lines
           and columns are the spreadsheet's rows and columns.
result-table  Reads a table in the official result-table layout (中选结果表: 通用名, 剂型,
           规格, 包装, 生产企业, 中选价格, 单位, 主供/备供省份) into a catalog with per-unit
           prices (pack price ÷ pack quantity). Rows whose pack quantity can't be read
           are listed; answer with --pack LINE=UNITS. --out saves the catalog as JSON,
           to give to estimate/match/programme with --catalog.
match      Lists each usage line's catalog match (matched, uncertain with candidates,
           unmatched); settle an uncertain one with --override LINE=PRODUCT.
programme  Savings per batch and cumulative across several batches and high-value
           consumables. A line's batch is its 批次 column, or BATCH of BATCH=FILE
           (e.g. 7=usage7.csv; consumables=devices.xlsx for a file of consumables).
batches    Prints the national batches 1-11 (headline figures with sources).
catalog    Prints the embedded batch-7 catalog (facts with sources and confidence).
help       help COMMAND (or COMMAND --help) prints that command's part of this text.
           Usage errors (a surplus file, an unknown or invalid option) exit 2 with one
           line on stderr: a stable code (extra_argument, missing_option, bad_option,
           conflicting_options, unknown_option, unknown_command, …) and plain words.

Options:
  --json               machine-readable output on stdout
  --csv                the results as CSV for Excel (UTF-8 with BOM; headers in --lang),
                       the same bytes as the page's export
  --lang zh|en         language of the table (default zh)
  --estimate-cut F     average cut for lines without a known VBP price, as a fraction
                       (0.48) or a percentage (48%)
                       (default: the drug's sourced cut, else the batch's 0.48)
  --omit-lines         leave the per-line list out of --json (aggregates only)
  --sheet NAME         the sheet of a workbook to read
  --catalog FILE       a catalog (JSON, e.g. saved by result-table --out) to price against
  --override L=P       line L is catalog product P (entry_id#n as listed), or none
  --xlsx OUT.xlsx      also write the report as a workbook (real numbers, number formats)
  --batch N            result-table (required): the batch the table is of (its headline facts);
                       the file does not say, and no batch is guessed
  --pack L=UNITS       result-table: units per pack of line L, where it can't be read
${SUPPLY_HELP}${EVALUATE_HELP}`;

function fail(message, status = 1) {
  process.stderr.write(`vbp-savings: ${message.replace(/\s+/g, ' ').trim()}\n`);
  process.exit(status);
}

// The language of messages, known before the arguments are read (an invalid --lang: Chinese).
const argv = process.argv.slice(2);
const lang = (() => {
  let l;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--lang') l = argv[i + 1];
    else if (argv[i].startsWith('--lang=')) l = argv[i].slice(7);
  }
  return l === 'en' ? 'en' : 'zh';
})();
const say = (zh, en) => (lang === 'en' ? en : zh);
/** A usage error (status 2): a stable code, then plain words. */
const usage = (code, zh, en) => fail(`${code}: ${say(zh, en)}`, 2);

function loadEngine() {
  try {
    return require(join(here, '..', 'pkg', 'vbp_savings.cjs'));
  } catch (e) {
    fail(`the WebAssembly engine is not built (${e.code || e.message}); run "npm run build" first`);
  }
}

// The spreadsheet module (crates/xlsx) is separate, loaded only for a workbook. Everything
// else (estimates, plan, programme, result tables) is the one engine module.
let sheets;
function loadXlsx() {
  try {
    sheets ??= require(join(here, '..', 'pkg', 'vbp_savings_xlsx.cjs'));
  } catch (e) {
    fail(`the spreadsheet module is not built (${e.code || e.message}); run "npm run build" first`);
  }
  return sheets;
}
const loadBatches = () => engine;
const loadPlan = () => engine;

/** A file's first bytes, or null for stdin (`-`); a file that can't be read fails as readBytes does. */
function readHead(file) {
  if (file === '-') return null;
  let fd;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(8);
    const n = readSync(fd, head, 0, 8, 0);
    return head.subarray(0, n);
  } catch (e) {
    return readBytes(file); // the same words for a missing file or a folder
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Estimates a CSV file read in 1 MiB pieces (CsvImport: the same report as estimateCsv). */
function streamCsv(file, options) {
  const job = new engine.CsvImport(options);
  const fd = openSync(file, 'r');
  try {
    const piece = Buffer.alloc(1 << 20);
    for (;;) {
      const n = readSync(fd, piece, 0, piece.length, null);
      if (n === 0) break;
      job.push(piece.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return job.finish();
}

// A workbook by its first bytes: zip (.xlsx, .xlsm, .ods) or OLE (.xls).
function isWorkbook(bytes) {
  return (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    || (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0);
}

/** "1 drug", "2 drugs": the CLI's own English words. */
const count = (n, word) => `${n} ${n === 1 ? word : `${word}s`}`;

const readBytes = (file) => readFileBytes(file, fail, lang);

const errorText = (e) => jsonProblem(e, lang);

// Rows of a file: a workbook's sheet (the one named, else the first with a header) or CSV rows.
function readRows(engine, file, bytes, sheetName, lang) {
  try {
    if (isWorkbook(bytes)) {
      const book = loadXlsx().readWorkbook(bytes);
      let sheet;
      if (sheetName !== undefined) {
        sheet = book.sheets.find((s) => s.name === sheetName);
        if (!sheet) {
          const names = book.sheets.map((s) => s.name).join(', ');
          fail(`${file}: sheet_not_found: ${lang === 'en' ? `no sheet '${sheetName}' (sheets: ${names})` : `没有工作表“${sheetName}”（现有：${names}）`}`);
        }
      } else {
        sheet = book.sheets[book.default_sheet ?? 0];
      }
      return { rows: sheet ? sheet.rows : [], sheet: sheet ? sheet.name : undefined, kind: book.format };
    }
    const csv = engine.readCsv(bytes);
    return { rows: csv.rows, kind: 'csv', encoding: csv.encoding, unreadable: csv.unreadable };
  } catch (e) {
    fail(`${file}: ${errorText(e, lang)}`);
  }
}

const readJson = (file) => readJsonFile(file, fail, lang);

function pairs(list, what) {
  const out = {};
  for (const p of list) {
    const m = /^(\d+)=(.+)$/.exec(p);
    if (!m) usage('bad_option', `${what} 的格式是 行号=值，而不是“${p}”`, `${what} takes LINE=VALUE, not "${p}"`);
    out[m[1]] = m[2];
  }
  return out;
}

function writeOut(file, bytes) {
  try {
    writeFileSync(file, bytes);
  } catch (e) {
    fail(e.code === 'EISDIR' ? fileProblem(file, e, lang) : `cannot_write: ${say(`无法写入“${file}”（${e.code || e.message}）`, `cannot write ${file} (${e.code || e.message})`)}`);
  }
}

/**
 * Checks an option's value with the engine before any file is read, so that a bad value is a
 * usage error about the option (status 2), not a problem of the input file: `f` gives the
 * value to the engine on an otherwise empty input.
 */
function checkOption(flag, value, f) {
  try {
    f();
  } catch (e) {
    fail(`${flag} ${value}: ${errorText(e)}`, 2);
  }
}

function parseArgs(argv) {
  const args = { positional: [], json: false, csv: false, lang: 'zh', estimateCut: undefined, omitLines: false, extra: {}, overrides: [], packs: [], catalogs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage('missing_value', `${a} 后面需要一个值（见 --help）`, `${a} needs a value (see --help)`);
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
    else if (a === '--sheet') args.sheet = value();
    else if (a === '--catalog') args.catalogs.push(value());
    else if (a === '--override') args.overrides.push(value());
    else if (a === '--xlsx') args.xlsx = value();
    else if (a === '--batch') args.batch = value();
    else if (a === '--pack') args.packs.push(value());
    else if (a === '--label') args.label = value();
    else if (a === '--out') args.out = value();
    else if (a === '--agreed') args.agreed = value();
    else if (a === '--pre') args.pre = value();
    else if (a === '--post') args.post = value();
    else if (a === '--ddd') args.ddd = value();
    else if (a === '--groups') args.groups = value();
    else if (SUPPLY_OPTIONS.has(a.replace(/^--/, '').split('=')[0]) && a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s);
      args.extra[name] = SUPPLY_OPTIONS.get(name) ? (inline ?? value()) : true;
    } else if (a.startsWith('-') && a !== '-') usage('unknown_option', `未知选项 ${a}（见 --help）`, `unknown option ${a} (see --help)`);
    else args.positional.push(a);
  }
  return args;
}

// ---- help: the whole text, or one command's part of it ----
const COMMANDS = ['estimate', 'result-table', 'match', 'programme', 'batches', 'catalog', ...SUPPLY_COMMANDS, 'evaluate'];
/** How many input files each command reads (programme: one or more). */
const INPUTS = { estimate: 1, 'result-table': 1, match: 1, programme: Infinity, batches: 0, catalog: 0, 'agreed-volume': 0, scenarios: 1, cycle: 1, retained: 1, sensitivity: 1, rules: 0, evaluate: 1 };

/** Blocks of a help text: a line starting at `start` and the more-indented lines after it. */
function blocks(text, start) {
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    if (!start(lines[i])) continue;
    const indent = lines[i].search(/\S/);
    const block = [lines[i]];
    while (i + 1 < lines.length && lines[i + 1].trim() && lines[i + 1].search(/\S/) > indent && !lines[i + 1].trimStart().startsWith('vbp-savings ')) block.push(lines[++i]);
    out.push(block.join('\n'));
  }
  return out;
}

/** One command's usage, description and options, taken from the help text. */
function commandHelp(command) {
  const text = HELP;
  const use = blocks(text, (l) => l.startsWith(`  vbp-savings ${command} `) || l === `  vbp-savings ${command}`);
  const about = blocks(text, (l) => l.startsWith(`${command} `));
  const mentioned = new Set([...use.join(' ').matchAll(/--[a-z-]+/g)].map((m) => m[0]));
  mentioned.add('--lang');
  const options = blocks(text, (l) => /^ {0,2}--[a-z]/.test(l)).filter((b) => mentioned.has(/--[a-z-]+/.exec(b)[0]));
  return `vbp-savings ${command}\n\nUsage:\n${use.join('\n')}\n\n${about.join('\n')}\n${options.length ? `\nOptions:\n${options.join('\n')}\n` : ''}`;
}

function printHelp(command) {
  if (command !== undefined && command !== 'help' && !COMMANDS.includes(command)) {
    usage('unknown_command', `未知命令 ${command}（命令：${COMMANDS.join('、')}）`, `unknown command ${command} (commands: ${COMMANDS.join(', ')})`);
  }
  process.stdout.write(command === undefined || command === 'help' ? HELP : commandHelp(command));
  process.exit(0);
}

const args = parseArgs(argv);
const [command, file] = args.positional;
if (command === 'help') {
  if (args.positional.length > 2) usage('extra_argument', `help 只接受一个命令名，多余的参数：${args.positional.slice(2).join(' ')}`, `help takes one command name; surplus argument(s): ${args.positional.slice(2).join(' ')}`);
  printHelp(args.positional[1]);
}
if (args.help) printHelp(COMMANDS.includes(command) ? command : undefined);
if (args.positional.length === 0 && !args.version) {
  process.stdout.write(HELP);
  process.exit(2);
}
if (command !== undefined && !COMMANDS.includes(command)) {
  usage('unknown_command', `未知命令 ${command}（见 --help）`, `unknown command ${command} (see --help)`);
}
// the option values the command line alone can tell are wrong
if (!['zh', 'en'].includes(args.lang)) usage('bad_option', `--lang 只能是 zh（中文）或 en（英文），而不是“${args.lang}”`, `--lang takes zh (Chinese) or en (English), not "${args.lang}"`);
if (args.json && args.csv) usage('conflicting_options', '--json 与 --csv 只能选一个', '--json and --csv exclude each other: give one');
if (command !== undefined && args.positional.length - 1 > INPUTS[command]) {
  const surplus = args.positional.slice(1 + INPUTS[command]).join(' ');
  if (INPUTS[command] === 0) {
    usage('extra_argument', `${command} 不读取文件，多余的参数：${surplus}`, `${command} reads no file; surplus argument(s): ${surplus}`);
  }
  usage(
    'extra_argument',
    `${command} 只读取一个文件，多余的参数：${surplus}（多个文件请用 programme，或先合并为一个文件）`,
    `${command} reads one file; surplus argument(s): ${surplus} (for several files use programme, or join them into one)`,
  );
}
const engine = loadEngine();
if (args.version) {
  process.stdout.write(`${engine.version()}\n`);
  process.exit(0);
}

if (args.estimateCut !== undefined) {
  checkOption('--estimate-cut', args.estimateCut, () => engine.validateOptions({ estimate_cut: args.estimateCut }));
}
const estimateOptions = () => {
  const options = { omit_lines: args.omitLines, overrides: pairs(args.overrides, '--override') };
  if (args.estimateCut !== undefined) options.estimate_cut = args.estimateCut;
  if (args.catalogs.length > 1) usage('bad_option', '此处只能给一个 --catalog（多个仅用于 programme）', 'give one --catalog here (several only for programme)');
  if (args.catalogs.length === 1) {
    const catalog = readJson(args.catalogs[0]);
    // the catalog's own problems are the catalog file's, not the usage file's
    try {
      engine.validateOptions({ catalog });
    } catch (e) {
      fail(jsonProblem(e, lang, catalog));
    }
    options.catalog = catalog;
  }
  return options;
};
if (command === 'estimate') {
  if (!file) usage('missing_file', 'estimate 需要一个输入文件（见 vbp-savings help estimate）', 'estimate needs a FILE (see vbp-savings help estimate)');
  let report;
  try {
    const options = estimateOptions();
    const head = readHead(file);
    if (head === null || isWorkbook(head)) {
      // stdin, or a workbook (read whole: a zip or OLE file has no usable part)
      const bytes = readBytes(file);
      if (isWorkbook(bytes)) {
        const { rows, sheet, kind } = readRows(engine, file, bytes, args.sheet, args.lang);
        report = engine.estimateRows(rows, { ...options, sheet, source_kind: kind });
      } else {
        report = engine.estimateCsv(bytes, options);
      }
    } else {
      // a CSV file is read in pieces, as the page's worker reads one: memory stays bounded
      // by the report (with --omit-lines, by the aggregates), not by the file
      report = streamCsv(file, options);
    }
  } catch (e) {
    fail(`${file}: ${errorText(e, args.lang)}`);
  }
  if (args.xlsx) writeOut(args.xlsx, loadXlsx().reportXlsx(report, args.lang));
  const plan = args.extra.config ? planFor(loadPlan(), args, fail, report) : null;
  if (args.csv) process.stdout.write(engine.reportCsv(report, args.lang));
  else if (args.json) process.stdout.write(`${JSON.stringify(plan ? { ...report, ...plan } : report, null, 2)}\n`);
  else process.stdout.write(engine.formatReport(report, args.lang) + (plan ? renderPlan(loadPlan(), args, plan) : ''));
  process.exit(0);
} else if (command === 'result-table') {
  if (!file) usage('missing_file', 'result-table 需要一个输入文件（见 vbp-savings help result-table）', 'result-table needs a FILE (see vbp-savings help result-table)');
  // The engine can't tell the batch from the table (without one the catalog has no batch
  // facts, and lines priced by it can't be estimated): it is asked for, never guessed.
  if (args.batch === undefined) {
    usage(
      'missing_option',
      `result-table 需要 --batch N：这张中选结果表属于第几批（无法从文件判断），例如 vbp-savings result-table ${file} --batch 7`,
      `result-table needs --batch N: the batch this result table is of (it can't be told from the file), e.g. vbp-savings result-table ${file} --batch 7`,
    );
  }
  if (!/^\d+$/.test(args.batch)) usage('bad_option', `--batch 须为批次编号（如 7），而不是“${args.batch}”`, `--batch takes a batch number (e.g. 7), not "${args.batch}"`);
  const bytes = readBytes(file);
  const { rows } = readRows(engine, file, bytes, args.sheet, args.lang);
  const options = { pack_quantities: pairs(args.packs, '--pack'), label: args.label ?? file.split(/[\\/]/).pop(), batch: Number(args.batch) };
  let r;
  try {
    r = loadBatches().resultTableCatalog(rows, options);
  } catch (e) {
    fail(`${file}: ${errorText(e, args.lang)}`);
  }
  if (args.out) writeOut(args.out, `${JSON.stringify(r.catalog, null, 2)}\n`);
  if (args.json) {
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  } else {
    const zh = args.lang !== 'en';
    process.stdout.write(zh
      ? `中选结果表：${r.products.length} 个产品，${r.catalog.entries.length} 个品种；${r.needs_pack_quantity.length} 行缺包装数量，${r.rejected.length} 行未读入\n`
      : `Result table: ${count(r.products.length, 'product')} of ${count(r.catalog.entries.length, 'drug')}; ${count(r.needs_pack_quantity.length, 'row')} ${r.needs_pack_quantity.length === 1 ? 'needs' : 'need'} a pack quantity, ${r.rejected.length} rejected\n`);
    for (const p of r.products) {
      process.stdout.write(`  ${p.product}  [${zh ? '行' : 'line'} ${p.line}] ${p.generic_name} ${p.specification ?? ''} ${p.packaging ?? ''} ${p.manufacturer ?? ''}: ¥${p.price}/${p.price_unit ?? (zh ? '包装' : 'pack')} ÷ ${p.units_per_pack} = ¥${p.unit_price}/${p.unit || (zh ? '最小单位（未注明）' : 'smallest unit (not stated)')}\n`);
    }
    for (const q of r.needs_pack_quantity) {
      process.stdout.write(`  ? [${zh ? '行' : 'line'} ${q.line}] ${zh ? q.message_zh : q.message}  (--pack ${q.line}=N)\n`);
    }
    for (const p of r.rejected) process.stdout.write(`  ! [${zh ? '行' : 'line'} ${p.line}] ${p.code}: ${zh ? p.message_zh : p.message}\n`);
    if (args.out) process.stdout.write(zh ? `目录已保存：${args.out}\n` : `Catalog saved: ${args.out}\n`);
  }
  process.exit(0);
} else if (command === 'match') {
  if (!file) usage('missing_file', 'match 需要一个输入文件（见 vbp-savings help match）', 'match needs a FILE (see vbp-savings help match)');
  const bytes = readBytes(file);
  const { rows } = readRows(engine, file, bytes, args.sheet, args.lang);
  let r;
  try {
    r = engine.matchReview(rows, estimateOptions());
  } catch (e) {
    fail(`${file}: ${errorText(e, args.lang)}`);
  }
  if (args.json) {
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  } else {
    const zh = args.lang !== 'en';
    process.stdout.write(zh
      ? `匹配：确定 ${r.matched}，人工指定 ${r.overridden}，待核对 ${r.uncertain}，未匹配 ${r.unmatched}\n`
      : `Matches: ${r.matched} matched, ${r.overridden} overridden, ${r.uncertain} to review, ${r.unmatched} unmatched\n`);
    for (const l of r.lines) {
      process.stdout.write(`  [${zh ? '行' : 'line'} ${l.line}] ${l.status.padEnd(10)} ${l.drug} ${l.manufacturer ?? ''} -> ${l.product ?? '—'}  ${zh ? l.reason_zh : l.reason}\n`);
      for (const c of l.candidates) {
        process.stdout.write(`        ${c.product}  ${c.company ?? ''} ${c.pack ?? ''}${c.unit_price ? ` ¥${c.unit_price}/${c.unit ?? ''}` : ''}\n`);
      }
    }
  }
  process.exit(0);
} else if (command === 'programme') {
  const files = args.positional.slice(1);
  if (files.length === 0) usage('missing_file', 'programme 至少需要一个输入文件（见 vbp-savings help programme）', 'programme needs at least one FILE (see vbp-savings help programme)');
  const parts = files.map((spec) => {
    const m = /^(\d+|consumables?)=(.+)$/.exec(spec);
    const path = m ? m[2] : spec;
    const part = { source: path.split(/[\\/]/).pop() };
    if (m && /^\d+$/.test(m[1])) part.batch = Number(m[1]);
    else if (m) part.kind = 'consumable';
    const bytes = readBytes(path);
    if (isWorkbook(bytes)) {
      const { rows, sheet } = readRows(engine, path, bytes, args.sheet, args.lang);
      part.rows = rows;
      part.sheet = sheet;
    } else {
      part.csv = bytes;
    }
    return part;
  });
  let report;
  try {
    const options = { omit_lines: args.omitLines };
    if (args.estimateCut !== undefined) options.estimate_cut = args.estimateCut;
    report = loadBatches().programme({ parts, catalogs: args.catalogs.map(readJson), options });
  } catch (e) {
    fail(errorText(e, args.lang));
  }
  if (args.xlsx) writeOut(args.xlsx, loadXlsx().programmeXlsx(report, args.lang));
  if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(loadBatches().formatProgramme(report, args.lang));
  process.exit(0);
} else if (command === 'batches') {
  const data = loadBatches().batches();
  if (args.json) {
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  } else {
    const zh = args.lang !== 'en';
    for (const b of data.batches) {
      const cut = b.average_price_cut.value === null ? (zh ? '未找到' : 'not found') : engine.formatPercent(b.average_price_cut.value);
      const saving = b.expected_yearly_savings.value === null ? '' : `  ${zh ? '预计年节约' : 'expected yearly savings'} ¥${b.expected_yearly_savings.value}`;
      process.stdout.write(`  ${zh ? b.name_zh : b.name_en}  ${b.date.value ?? ''}  ${zh ? '药品' : 'drugs'} ${b.drug_count.value ?? '?'}  ${zh ? '平均降幅' : 'average cut'} ${cut}${saving}  [${b.average_price_cut.source ?? b.drug_count.source ?? ''}; ${b.average_price_cut.confidence}]\n`);
    }
  }
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
            `本目录列出公开来源中的 ${c.entries} 个品种（中选 ${c.winning}，拟中选 ${c.proposed_winner}，在采购品种清单中但未找到中选结果 ${c.in_bid_list}，仅见于申报阶段 ${c.application_stage}，撤回 ${c.withdrawn}）；其余品种的名称与价格未找到公开来源，可通过导入补全。\n`
        : `${b.name_en} (${b.document_no.value}): ${b.drug_count.value} drugs, ${b.category_count.value} therapeutic categories, average cut ${engine.formatPercent(b.average_price_cut.value)}\n` +
            `This catalog names ${count(c.entries, 'drug')} from public sources (winning ${c.winning}, proposed ${c.proposed_winner}, in the bid list with no winners found ${c.in_bid_list}, seen only at the reporting stage ${c.application_stage}, withdrawn ${c.withdrawn}); no public source was found for the rest, which can be added by import.\n`,
    );
    for (const e of catalog.entries) {
      const prices = e.products.map((p) => `${p.company} ${p.pack} ¥${p.pack_price}`).join('; ');
      const ref = e.reference_price ? ` ref ¥${e.reference_price.value}/${e.unit}` : '';
      process.stdout.write(`  ${zh ? e.generic_name_zh : e.generic_name_en}  [${e.status}, ${e.confidence}]${ref}${prices ? `  ${prices}` : ''}\n`);
    }
  }
  process.exit(0);
} else if (SUPPLY_COMMANDS.has(command)) {
  runSupplyCommand(command, file, args, loadPlan(), fail);
} else if (command === 'evaluate') {
  runEvaluate(file, args, engine, { readBytes, readRows, isWorkbook, fail, usage, errorText, writeOut, loadXlsx, readJson: (path) => readJsonFile(path, fail, args.lang) });
}
