// Spreadsheets, result tables and the programme view through the command line, checked
// against an independent exact computation (BigInt) and against each other: a workbook
// written by LibreOffice gives exactly the totals of its CSV twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { writeFileSync, readFileSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'bin', 'vbp-savings.mjs');
const fixture = (name) => join(root, 'tests', 'fixtures', 'xlsx', name);
const require = createRequire(import.meta.url);
const xlsx = require(join(root, 'pkg', 'vbp_savings_xlsx.cjs'));

function run(...args) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const json = (...args) => {
  const r = run(...args, '--json');
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};

// --- an independent exact decimal: [BigInt mantissa, scale] ---
const D = (s) => {
  const neg = s.startsWith('-');
  const [i, f = ''] = (neg ? s.slice(1) : s).split('.');
  const m = BigInt(i + f || '0');
  return [neg ? -m : m, f.length];
};
const align = ([a, sa], [b, sb]) => {
  const s = Math.max(sa, sb);
  return [a * 10n ** BigInt(s - sa), b * 10n ** BigInt(s - sb), s];
};
const add = (x, y) => { const [a, b, s] = align(x, y); return [a + b, s]; };
const sub = (x, y) => { const [a, b, s] = align(x, y); return [a - b, s]; };
const mul = ([a, sa], [b, sb]) => [a * b, sa + sb];
const eq = (x, y) => { const [a, b] = align(x, y); return a === b; };
function oracle(rows) {
  let base = D('0'), vbp = D('0');
  for (const [q, b, v] of rows) {
    base = add(base, mul(D(q), D(b)));
    vbp = add(vbp, mul(D(q), D(v)));
  }
  return { base, vbp, savings: sub(base, vbp) };
}
const tmp = () => mkdtempSync(join(tmpdir(), 'vbp-xlsx-'));

test('a LibreOffice workbook gives exactly the totals of its CSV twin', () => {
  const fromXlsx = json('estimate', fixture('usage_twin.xlsx'));
  const fromCsv = json('estimate', fixture('usage_twin.csv'));
  assert.deepEqual(fromXlsx.totals, fromCsv.totals);
  assert.deepEqual(fromXlsx.lines, fromCsv.lines);
  assert.deepEqual(fromXlsx.rejected, fromCsv.rejected);
  assert.equal(fromXlsx.input.kind, 'xlsx');
  assert.equal(fromXlsx.input.sheet, '用量明细');
  assert.equal(fromCsv.input.kind, 'csv');
  const expected = oracle([
    ['1800', '108', '18'],
    ['-60', '108', '18'],
    ['12000', '6.45', '0.999'], // catalog: 东阳光 29.97 / 30
    ['900', '2.8', '1.2963333333'], // catalog: Sandoz 38.89 / 30, to 10 dp
    ['250', '210.5', '86.81'], // catalog: Astellas
    ['420', '112.3267', '58.409884'], // estimated at 48%
    ['1400', '1.2345', '0.5657142857'], // catalog: 联环 7.92 / 14, to 10 dp
    ['1000', '0.1', '0.05'],
  ]);
  assert.ok(eq(D(fromXlsx.totals.baseline_spend), expected.base));
  assert.ok(eq(D(fromXlsx.totals.vbp_spend), expected.vbp));
  assert.ok(eq(D(fromXlsx.totals.savings), expected.savings));
  // bad rows by spreadsheet row and column
  assert.deepEqual(fromXlsx.rejected.map((p) => [p.line, p.column, p.code]), [[12, 6, 'bad_number'], [13, 7, 'zero_baseline_price'], [14, 2, 'summary_row']]);
});

test('--sheet picks a sheet; a missing sheet or a sheet without a table is an error', () => {
  const bad = run('estimate', fixture('usage_twin.xlsx'), '--sheet', 'Sheet9');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /sheet_not_found/);
  assert.match(bad.stderr, /用量明细/);
  const notes = run('estimate', fixture('usage_twin.xlsx'), '--sheet', '说明');
  assert.equal(notes.status, 1);
  assert.match(notes.stderr, /no_header/);
  assert.equal(json('estimate', fixture('usage_twin.xlsx'), '--sheet', '用量明细').totals.lines, 8);
});

test('--xlsx writes the report with real numbers that read back as the exact totals', () => {
  const out = join(tmp(), 'report.xlsx');
  const doc = json('estimate', fixture('usage_twin.xlsx'), '--xlsx', out);
  assert.ok(existsSync(out));
  const book = xlsx.readWorkbook(readFileSync(out));
  assert.deepEqual(book.sheets.map((s) => s.name), ['汇总', '明细', '按药品', '按类别', '未计入', '说明']);
  const total = book.sheets[0].rows.find((r) => r[0] === '合计');
  assert.deepEqual(total.slice(1, 5), [String(doc.totals.lines), doc.totals.baseline_spend, doc.totals.vbp_spend, doc.totals.savings]);
  // the lines sheet holds numbers, not text: its cells read back as plain decimals
  const lines = book.sheets[1].rows;
  assert.equal(lines[1][6], '1800');
  assert.equal(lines[1][11], '162000');
});

test('a result table becomes a catalog; pack quantities are asked for; overrides settle matches', () => {
  const dir = tmp();
  const catalogFile = join(dir, 'catalog.json');
  const first = json('result-table', fixture('result_table.xlsx'), '--batch', '7');
  assert.equal(first.products.length, 8);
  assert.deepEqual(first.needs_pack_quantity.map((p) => [p.line, p.code]), [[9, 'unknown_pack_quantity']]);
  const text = run('result-table', fixture('result_table.xlsx'), '--batch', '7');
  assert.match(text.stdout, /--pack 9=N/);
  const r = run('result-table', fixture('result_table.xlsx'), '--batch', '7', '--pack', '9=10', '--out', catalogFile, '--json');
  assert.equal(r.status, 0, r.stderr);
  const answered = JSON.parse(r.stdout);
  assert.equal(answered.needs_pack_quantity.length, 0);
  const tige = answered.products.find((p) => p.manufacturer === 'Pfizer');
  assert.equal(tige.unit_price, '41.59');
  assert.equal(tige.pack_quantity_from, 'given');
  const saved = JSON.parse(readFileSync(catalogFile, 'utf8'));
  assert.equal(saved.batch.batch, 7);
  // a product whose smallest unit no cell states says so, in words
  assert.equal(tige.unit, '');
  const said = run('result-table', fixture('result_table.xlsx'), '--batch', '7', '--pack', '9=10', '--lang', 'en');
  assert.match(said.stdout, /¥41\.59\/smallest unit \(not stated\)/);
  assert.doesNotMatch(said.stdout, /\/\?/);

  const usage = join(dir, 'usage.csv');
  writeFileSync(usage, [
    '药品名称,规格,生产企业,数量,集采前单价',
    '磷酸奥司他韦胶囊,75mg*10粒,宜昌东阳光长江药业股份有限公司,12000,6.45',
    '磷酸奥司他韦胶囊,75mg,,100,6.45',
    '注射用替加环素,50mg,Pfizer,30,500',
    '依巴斯汀片,10mg*14片,江苏联环药业股份有限公司,1400,1.2345',
  ].join('\n'));
  const review = json('match', usage, '--catalog', catalogFile);
  assert.deepEqual([review.matched, review.uncertain], [3, 1]);
  const uncertain = review.lines.find((l) => l.status === 'uncertain');
  assert.equal(uncertain.line, 3);
  const hetero = uncertain.candidates.find((c) => c.company === 'Hetero Labs');
  const before = json('estimate', usage, '--catalog', catalogFile);
  assert.equal(before.review.length, 1);
  assert.equal(before.lines.find((l) => l.line === 3).price_source, 'estimated');
  const after = json('estimate', usage, '--catalog', catalogFile, '--override', `3=${hetero.product}`);
  assert.equal(after.review.length, 0);
  const expected = oracle([
    ['12000', '6.45', '0.999'],
    ['100', '6.45', '1.65'],
    ['30', '500', '41.59'],
    ['1400', '1.2345', '0.5657142857'],
  ]);
  assert.ok(eq(D(after.totals.savings), expected.savings), after.totals.savings);
  assert.equal(after.by_price_source.catalog.lines, 4);
  const wrong = json('estimate', usage, '--catalog', catalogFile, '--override', '3=t99#1');
  assert.equal(wrong.rejected[0].code, 'bad_value');
  assert.equal(run('estimate', usage, '--override', 'x').status, 2);
});

test('the programme sums batches and consumables exactly, per batch and cumulative', () => {
  const dir = tmp();
  const b7 = join(dir, 'b7.csv');
  const mixed = join(dir, 'mixed.csv');
  const devices = join(dir, 'devices.csv');
  writeFileSync(b7, '药品名称,数量,集采前单价,中选单价\n甲磺酸仑伐替尼胶囊,90,108,18\n');
  writeFileSync(mixed, '批次,药品名称,数量,集采前单价,中选单价\n第八批,某药,100,2,\n9,另一药,10,10,3.3\n第十批,无价药,5,4,\n,无批次药,1,1,1\n');
  writeFileSync(devices, '名称,器械类别,数量,集采前单价,中选单价\n冠脉支架,冠脉支架,2,13000,700\n人工髋关节,人工关节,1,30000,\n');
  const p = json('programme', `7=${b7}`, mixed, `consumables=${devices}`);
  assert.deepEqual(p.parts.map((x) => x.key), ['batch:7', 'batch:8', 'batch:9', 'batch:10', 'consumables']);
  const partSavings = p.parts.map((x) => x.totals.savings);
  // batch 8 has no price on the line: estimated at its sourced 56% (2 × 0.44 = 0.88)
  const expected = [
    oracle([['90', '108', '18']]),
    oracle([['100', '2', '0.88']]),
    oracle([['10', '10', '3.3']]),
    oracle([]),
    oracle([['2', '13000', '700']]),
  ];
  partSavings.forEach((s, i) => assert.ok(eq(D(s), expected[i].savings), `${p.parts[i].key}: ${s}`));
  let running = D('0');
  p.cumulative.forEach((c, i) => {
    running = add(running, expected[i].savings);
    assert.ok(eq(D(c.cumulative_savings), running), `${c.key}: ${c.cumulative_savings}`);
  });
  assert.ok(eq(D(p.totals.savings), running));
  assert.deepEqual(p.rejected.map((r) => [r.source, r.line, r.code]), [
    ['devices.csv', 3, 'no_vbp_price'], // a consumable is never estimated at a drug batch's cut
    ['mixed.csv', 4, 'no_vbp_price'], // batch 10: no sourced average cut
    ['mixed.csv', 5, 'unknown_batch'],
  ]);
  assert.equal(p.parts[4].estimates[0].estimate.by_category[0].key, 'device:冠脉支架');
  const text = run('programme', `7=${b7}`, mixed, `consumables=${devices}`);
  assert.equal(text.status, 0);
  assert.match(text.stdout, /累计节约额/);
  assert.match(text.stdout, /哈尔滨/);
  const out = join(dir, 'programme.xlsx');
  assert.equal(run('programme', `7=${b7}`, mixed, '--xlsx', out).status, 0);
  const book = xlsx.readWorkbook(readFileSync(out));
  assert.equal(book.sheets[0].name, '汇总');
  // the parts' warnings, with file and line, on the notes sheet as in the text report
  assert.match(text.stdout, /\[mixed\.csv 行 2\] not_in_catalog: /);
  const notes = book.sheets.find((x) => x.name === '说明').rows.flat().join('\n');
  assert.match(notes, /\[mixed\.csv 行 2\] “某药”不在第8批目录中/);
});

test('batches lists the sourced headline figures; unknown stays null', () => {
  const b = json('batches');
  assert.equal(b.batches.length, 12);
  const b10 = b.batches.find((x) => x.batch === 10);
  assert.equal(b10.drug_count.value, 62);
  assert.equal(b10.average_price_cut.value, null);
  for (const x of b.batches) {
    for (const f of [x.drug_count, x.average_price_cut, x.expected_yearly_savings]) {
      assert.equal(f.value === null, f.source === null, `batch ${x.batch}`);
    }
  }
  assert.match(run('batches').stdout, /未找到/);
});

test('the spreadsheet module .d.ts has no any and declares its exports', () => {
  for (const [target, file] of [['xlsx-node', 'vbp_savings_xlsx.d.cts'], ['xlsx-web', 'vbp_savings_xlsx.d.ts']]) {
    const dts = readFileSync(join(root, 'pkg', file), 'utf8');
    const publicPart = target === 'xlsx-web' ? dts.split('export type InitInput')[0] : dts;
    assert.doesNotMatch(publicPart, /\bany\b/);
    assert.match(dts, /export function readWorkbook\(bytes: Uint8Array\): Workbook;/);
    assert.match(dts, /export function reportXlsx\(report: EstimateReportInput, lang\?: "zh" \| "en"\): Uint8Array;/);
    assert.match(dts, /export function programmeXlsx\(/);
    assert.match(dts, /export function evaluationXlsx\(evaluation: EvaluationInput, lang\?: "zh" \| "en"\): Uint8Array;/);
  }
});

test('the first load stays light: spreadsheet code is only in the separate module', () => {
  const core = readFileSync(join(root, 'www', 'pkg', 'vbp_savings_bg.wasm'));
  const sheets = readFileSync(join(root, 'www', 'pkg', 'vbp_savings_xlsx_bg.wasm'));
  for (const marker of ['xl/workbook.xml', 'calamine', 'docProps/app.xml']) {
    assert.equal(core.includes(Buffer.from(marker)), false, `core module holds ${marker}`);
    assert.equal(sheets.includes(Buffer.from(marker)), true, `spreadsheet module lacks ${marker}`);
  }
  assert.doesNotMatch(readFileSync(join(root, 'www', 'pkg', 'vbp_savings.js'), 'utf8'), /vbp_savings_xlsx/);
});
