// vbp-savings evaluate: monitoring and evaluation from purchase records (监测与评价). The
// engine does everything (src/evaluation, through the core module's `evaluate`); this file
// reads the files and options, calls it once, and prints its document, text or CSV.

export const EVALUATE_USAGE = `  vbp-savings evaluate PURCHASES [--agreed AGREED] [--pre YYYY-MM:YYYY-MM] [--post YYYY-MM:YYYY-MM]
              [--as-of YYYY-MM] [--ddd DDD.json] [--groups GROUPS.json] [--sheet NAME]
              [--json | --csv] [--lang zh|en] [--xlsx OUT.xlsx]
`;

export const EVALUATE_HELP = `
evaluate   Purchase records (CSV in any encoding, or a workbook) with month/月份, drug/药品名称,
           manufacturer/生产企业, quantity/数量 (negative = return), amount/金额 and optionally
           ddds/DDD数, ddd_per_unit/每单位DDD数, role/类别 (中选, 非中选, 替代), group/对应集采品种,
           specification/规格, unit/单位; and agreed volumes (drug, manufacturer, agreed_volume/
           约定采购量, cycle_start/周期开始, cycle_end/周期结束). Prints each agreed volume's
           completion against 序时进度 (the share of the cycle elapsed), and per VBP drug before
           and after: spend, quantity, DDDs, DDDc, the winning / non-winning / alternative shares
           and the decomposition expenditure = volume × price × structure. --json: the document
           "vbp-savings/evaluation@1" with exact decimal strings; --csv: the same as a table;
           --xlsx OUT.xlsx: also the workbook the page exports (real numbers, number formats).
  --agreed FILE        evaluate: the agreed volumes (CSV or workbook)
  --pre P, --post P    evaluate: the periods compared, YYYY-MM:YYYY-MM (one given: the other as long,
                       next to it; neither: the 12 months to the as-of month against the 12 before)
  --as-of YYYY-MM      cycle, evaluate: the last complete month counted (default: the data's last)
  --ddd FILE.json      evaluate: your DDD table, [{"drug": "依折麦布片", "ddd": "10mg"}, …], for rows
                       without a DDD column (the strength is read from each row's specification)
  --groups FILE.json   evaluate: {"drug": "the VBP drug it is an alternative to", …}, for rows
                       without a group column (对应集采品种)
`;

/**
 * Runs `evaluate`; exits. `io` holds the CLI's helpers: readBytes, readRows, isWorkbook, fail,
 * usage, errorText, writeOut, loadXlsx, readJson.
 */
export function runEvaluate(file, args, engine, io) {
  const { readBytes, readRows, isWorkbook, fail, usage, errorText, writeOut, loadXlsx, readJson } = io;
  const en = args.lang === 'en';
  if (!file) usage('missing_file', 'evaluate 需要采购记录文件（见 vbp-savings help evaluate）', 'evaluate needs the purchase records FILE (see vbp-savings help evaluate)');
  const options = {};
  if (args.pre !== undefined) options.pre = args.pre;
  if (args.post !== undefined) options.post = args.post;
  if (args.extra['as-of'] !== undefined) options.as_of = args.extra['as-of'];
  // the DDD table and the alternatives' groups: JSON files handed to the engine as they are
  if (args.ddd !== undefined) options.ddd = readJson(args.ddd);
  if (args.groups !== undefined) options.groups = readJson(args.groups);
  // a bad option is a usage error about the option (status 2), found before any file is read
  try {
    engine.checkEvaluateOptions(options);
  } catch (e) {
    // the engine's message starts with the option's name ("pre: …", "as_of: …", "ddd[0] …", "groups has …")
    const named = /^[a-z_]+: (?:(pre|post|as_of)[:：]|(ddd|groups)\b)/.exec(e.message || '');
    const files = { ddd: args.ddd, groups: args.groups };
    const name = named && (named[1] ?? named[2]);
    const flag = name ? `--${name.replace('_', '-')} ${files[name] ?? options[name]}` : '--pre/--post';
    fail(`${flag}: ${errorText(e)}`, 2);
  }
  // a workbook's sheet: --sheet for the purchase records; the agreed volumes' first sheet with a header
  const table = (path, sheet) => {
    const bytes = readBytes(path);
    return isWorkbook(bytes) ? readRows(engine, path, bytes, sheet, args.lang).rows : bytes;
  };
  const input = { purchases: table(file, args.sheet), ...options };
  if (args.agreed !== undefined) input.agreed = table(args.agreed, undefined);
  let e;
  try {
    e = engine.evaluate(input);
  } catch (err) {
    // the engine names the table a whole-input error is about
    const agreedFile = args.agreed !== undefined && /^[a-z_]+: agreed volumes/.test(err.message || '');
    fail(`${agreedFile ? args.agreed : file}: ${errorText(err)}`);
  }
  // the workbook the page's export makes: the spreadsheet module's evaluationXlsx, as estimate --xlsx
  if (args.xlsx) writeOut(args.xlsx, loadXlsx().evaluationXlsx(e, en ? 'en' : 'zh'));
  if (args.csv) process.stdout.write(engine.evaluationCsv(e, args.lang));
  else if (args.json) process.stdout.write(`${JSON.stringify(e, null, 2)}\n`);
  else process.stdout.write(engine.formatEvaluation(e, en ? 'en' : 'zh'));
  process.exit(0);
}
