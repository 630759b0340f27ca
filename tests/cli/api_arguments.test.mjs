// Wrong arguments through the npm package (Node entry): every function answers with a
// VbpError (code invalid_input, a message naming the argument), never a RuntimeError from
// inside the module; a key the engine does not know is refused rather than ignored (a
// camelCase vbpUnitPrice would otherwise leave the line to be estimated, silently).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const vbp = require(join(root, 'js', 'node.cjs'));
const plan = require(join(root, 'js', 'plan-node.cjs'));
const batches = require(join(root, 'js', 'batches-node.cjs'));
const sheets = require(join(root, 'js', 'xlsx-node.cjs'));

const LENVATINIB = { drug: '甲磺酸仑伐替尼胶囊', quantity: '90', baseline_unit_price: '108', vbp_unit_price: '18' };
const report = vbp.estimate({ lines: [LENVATINIB] });

/** The VbpError `f` throws; fails on a crash (no code) or on no error. */
function vbpError(f) {
  try {
    f();
  } catch (e) {
    assert.ok(e.code, `a crash, not a VbpError: ${e.constructor.name}: ${e.message}`);
    assert.doesNotMatch(e.message, /RuntimeError|unreachable|memory access/);
    return e;
  }
  assert.fail('no error was thrown');
}

test('a number where a decimal string is expected is read through Number#toString, as in line objects', () => {
  assert.equal(vbp.roundDisplay(2.345), '2.35'); // the decimal typed, 2.345, rounded half away from zero
  assert.equal(vbp.roundDisplay('2.345'), '2.35');
  assert.equal(vbp.formatPercent(0.5), '50.00%');
  assert.equal(vbp.formatPercent(null), '—');
  assert.ok(Array.isArray(vbp.searchCatalog(5)));
});

test('wrong argument types are invalid_input errors naming the argument, and the module keeps working', () => {
  const cases = {
    'roundDisplay()': () => vbp.roundDisplay(),
    'roundDisplay(null)': () => vbp.roundDisplay(null),
    'roundDisplay({})': () => vbp.roundDisplay({}),
    'formatPercent({})': () => vbp.formatPercent({}),
    'searchCatalog(undefined)': () => vbp.searchCatalog(),
    'searchCatalog([])': () => vbp.searchCatalog([]),
    'formatReport(report, 5n)': () => vbp.formatReport(report, 5n),
    'formatReport(report, {})': () => vbp.formatReport(report, {}),
    'reportCsv(report, [])': () => vbp.reportCsv(report, []),
    'estimateCsv(null)': () => vbp.estimateCsv(null),
    'estimateCsv(5)': () => vbp.estimateCsv(5),
    'estimateCsv([100, 200])': () => vbp.estimateCsv([100, 200]),
    'readCsv(undefined)': () => vbp.readCsv(),
    'CsvImport#push(5)': () => new vbp.CsvImport().push(5),
    'formatProgramme(p, {})': () => batches.formatProgramme({}, {}),
    'resultTableCatalogCsv("x")': () => batches.resultTableCatalogCsv('x'),
    'cycleCsv(7, {})': () => plan.cycleCsv(7, {}),
    'readWorkbook("book.xlsx")': () => sheets.readWorkbook('book.xlsx'),
    'reportXlsx(report, 5)': () => sheets.reportXlsx(report, {}),
  };
  for (const [name, f] of Object.entries(cases)) {
    const e = vbpError(f);
    assert.equal(e.code, 'invalid_input', `${name}: ${e.message}`);
    assert.ok(e.messageZh, name);
    assert.equal(vbp.estimate({ lines: [LENVATINIB] }).totals.savings, '8100', `after ${name}`);
  }
  // a string is not the file: its encoding is gone; the message says what to pass
  const text = vbpError(() => vbp.estimateCsv('药品名称,数量,集采前单价\n依折麦布片,1,2\n'));
  assert.match(text.message, /bytes \(a Uint8Array\), not text/);
  assert.match(text.messageZh, /TextEncoder/);
  assert.match(vbpError(() => vbp.roundDisplay({})).message, /value must be a string, not an object/);
});

test('file bytes may come as any typed array or an ArrayBuffer', () => {
  const csv = new TextEncoder().encode('药品名称,数量,集采前单价,中选单价\n甲磺酸仑伐替尼胶囊,90,108,18\n');
  const padded = new Uint8Array(csv.length + 8);
  padded.set(csv, 4);
  for (const input of [csv, Buffer.from(csv), csv.buffer, new DataView(padded.buffer, 4, csv.length), padded.subarray(4, 4 + csv.length)]) {
    assert.equal(vbp.estimateCsv(input).totals.savings, '8100');
  }
});

test('a misspelt or camelCase key on a line rejects that line, naming the key; the others count', () => {
  const r = vbp.estimate({ lines: [LENVATINIB, { drug: '依折麦布片', quantity: '100', baseline_unit_price: '2', vbpUnitPrice: '0.1' }] });
  assert.equal(r.totals.savings, '8100');
  assert.equal(r.rejected.length, 1);
  const [p] = r.rejected;
  assert.deepEqual([p.line, p.field, p.code], [2, 'vbpUnitPrice', 'invalid_input']);
  assert.match(p.message, /unknown field 'vbpUnitPrice' \(did you mean 'vbp_unit_price'\?\)/);
  assert.match(p.message_zh, /未知字段“vbpUnitPrice”（是否应为“vbp_unit_price”？）/);
  // a key given as undefined is no value, and a known key given as null is none
  const quiet = vbp.estimate({ lines: [{ ...LENVATINIB, manufacturer: null, unit: undefined }] });
  assert.deepEqual([quiet.rejected.length, quiet.totals.savings], [0, '8100']);
  assert.equal(vbp.estimate({ lines: [{ ...LENVATINIB, note: undefined }] }).rejected[0].field, 'note');
});

test('an unknown key in the input or the options throws invalid_input rather than being ignored', () => {
  const input = vbpError(() => vbp.estimate({ lines: [LENVATINIB], option: { estimate_cut: '0.3' } }));
  assert.equal(input.code, 'invalid_input');
  assert.match(input.message, /unknown field 'option'/);
  const camel = vbpError(() => vbp.estimate({ lines: [LENVATINIB], options: { estimateCut: '0.3' } }));
  assert.match(camel.message, /options: unknown field 'estimateCut' \(did you mean 'estimate_cut'\?\)/);
  assert.equal(vbpError(() => vbp.estimateCsv(new Uint8Array([0x61]), { omitLines: true })).code, 'invalid_input');
  assert.equal(vbpError(() => vbp.estimate({ lines: [], options: { omit_lines: 'yes' } })).code, 'invalid_input');
  assert.equal(vbpError(() => new vbp.CsvImport({ omitLines: true })).code, 'invalid_input');
  // the rows functions also take the sheet's name and kind
  const rows = [['药品名称', '数量', '集采前单价', '中选单价'], ['甲磺酸仑伐替尼胶囊', '90', '108', '18']];
  assert.equal(vbp.estimateRows(rows, { sheet: 'Sheet1', source_kind: 'xlsx', omit_lines: true }).totals.savings, '8100');
  assert.equal(vbpError(() => vbp.estimateRows(rows, { sheetName: 'Sheet1' })).code, 'invalid_input');
});

test('each module reads a GBK CSV on its first call: the programme, and readCsv in a fresh process', async () => {
  const { execFileSync } = await import('node:child_process');
  const gbk = join(root, 'tests', 'fixtures', 'hospital_gbk.csv');
  // a fresh process: no earlier call has registered the host's GB18030 decoder in either module
  const script = `
    const { readFileSync } = require('node:fs');
    const batches = require(${JSON.stringify(join(root, 'js', 'batches-node.cjs'))});
    const p = batches.programme({ parts: [{ source: 'gbk.csv', batch: 7, csv: readFileSync(${JSON.stringify(gbk)}) }] });
    const core = require(${JSON.stringify(join(root, 'js', 'node.cjs'))});
    const rows = core.readCsv(readFileSync(${JSON.stringify(gbk)}));
    const whole = core.estimateCsv(readFileSync(${JSON.stringify(gbk)}));
    console.log(JSON.stringify({ encoding: rows.encoding, header: rows.rows.find((r) => r.includes('数量')) ? 'found' : 'missing', savings: p.totals.savings, want: whole.totals.savings }));
  `;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  assert.equal(out.encoding, 'GB18030');
  assert.equal(out.header, 'found');
  assert.equal(out.savings, out.want);
});

test('a shape error names the key, and its Chinese names the input in Chinese; a report read back names no position', () => {
  const e = vbpError(() => plan.planForEstimate(report, { grade_typo: 'B' }));
  assert.equal(e.code, 'invalid_input');
  assert.match(e.message, /grade_typo/);
  assert.match(e.messageZh, /^配置的格式不对：/);
  assert.doesNotMatch(e.messageZh, /the configuration/);
  const r = vbpError(() => vbp.formatReport({ schema: 'vbp-savings/estimate@1' }));
  assert.doesNotMatch(r.message, /at line \d+ column \d+/);
  assert.match(r.messageZh, /^invalid_input|不是测算报告/);
});

test('one plan configuration serves every command: sensitivityForEstimate takes its comment and cycle section', () => {
  const config = { comment: '本院 2023 年度配置', cycle: { agreed_volume: '300' }, scenarios: [{ id: 's1', primary_failure_share: '0.1' }] };
  const planned = plan.planForEstimate(report, config);
  assert.ok(planned.scenarios);
  const s = plan.sensitivityForEstimate(report, config);
  assert.equal(s.savings.primary_failure_share, '0.1'); // the scenario's share is the base disruption
  assert.equal(s.savings.lines[0].drug, '甲磺酸仑伐替尼胶囊');
  assert.equal(vbpError(() => plan.sensitivityForEstimate(report, { comments: 'x' })).code, 'invalid_input');
});
