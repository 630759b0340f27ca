// The command line as a user runs it (node bin/vbp-savings.mjs), checked against an
// independent exact decimal computation (BigInt) of the same rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'bin', 'vbp-savings.mjs');
const fixture = (name) => join(root, 'tests', 'fixtures', name);

function run(...args) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// --- an independent exact decimal: [BigInt mantissa, scale] ---
const D = (s) => {
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const [i, f = ''] = body.split('.');
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
const show = ([m, s]) => {
  const neg = m < 0n;
  const digits = (neg ? -m : m).toString().padStart(s + 1, '0');
  return `${neg ? '-' : ''}${s ? `${digits.slice(0, -s)}.${digits.slice(-s)}` : digits}`;
};

function oracle(rows) {
  let base = D('0'), vbp = D('0');
  for (const [q, b, v] of rows) {
    base = add(base, mul(D(q), D(b)));
    vbp = add(vbp, mul(D(q), D(v)));
  }
  return { base, vbp, savings: sub(base, vbp) };
}

test('--help and usage errors', () => {
  const h = run('--help');
  assert.equal(h.status, 0);
  assert.match(h.stdout, /vbp-savings estimate FILE\.csv/);
  assert.match(h.stdout, /--json/);
  assert.equal(run('frobnicate').status, 2);
  assert.equal(run('estimate').status, 2);
  assert.equal(run('estimate', 'x.csv', '--bogus').status, 2);
  assert.match(run('--version').stdout, /^\d+\.\d+\.\d+\n$/);
});

test('GBK hospital export: totals equal an independent exact computation, bad rows listed by line', () => {
  const r = run('estimate', fixture('hospital_gbk.csv'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  // the good rows: quantity, baseline unit price, VBP unit price (source in the comment)
  const expected = oracle([
    ['1800', '108', '18'], // given
    ['-60', '108', '18'], // a return, given
    ['12000', '6.45', '0.999'], // catalog: 东阳光 29.97 yuan / 30 capsules
    ['900', '2.80', '1.2963333333'], // catalog: Sandoz 38.89 / 30, to 10 dp
    ['250', '210.5', '86.81'], // catalog: Astellas 86.81 per vial
    ['420', '112.3267', show(mul(D('112.3267'), D('0.52')))], // estimated at 48%: baseline × 0.52
  ]);
  const t = doc.totals;
  assert.ok(eq(D(t.baseline_spend), expected.base), `${t.baseline_spend} vs ${show(expected.base)}`);
  assert.ok(eq(D(t.vbp_spend), expected.vbp), `${t.vbp_spend} vs ${show(expected.vbp)}`);
  assert.ok(eq(D(t.savings), expected.savings), `${t.savings} vs ${show(expected.savings)}`);
  assert.equal(t.lines, 6);
  // every good row is kept, with its file line (header is line 2 here: a title row sits above)
  assert.deepEqual(doc.lines.map((l) => l.line), [3, 4, 5, 6, 7, 8]);
  assert.deepEqual(doc.lines.map((l) => l.price_source), ['input', 'input', 'catalog', 'catalog', 'catalog', 'estimated']);
  // bad rows: line, column, stable code, message
  assert.deepEqual(
    doc.rejected.map((p) => [p.line, p.column, p.code]),
    [
      [9, 6, 'bad_number'],
      [10, 2, 'missing_drug'],
      [11, 7, 'zero_baseline_price'],
      [12, 7, 'negative_price'],
      [13, 2, 'summary_row'],
    ],
  );
  for (const p of doc.rejected) assert.ok(p.message.length > 0 && p.message_zh.length > 0);
  // amounts are exact strings, the rate a fraction
  assert.equal(typeof t.savings, 'string');
  assert.match(t.savings_rate, /^0\.\d+$/);
  assert.equal(doc.input.encoding, 'GB18030');
});

test('English headers, UTF-8: returns net, NaN rejected, catalog price by manufacturer', () => {
  const r = run('estimate', fixture('english_utf8.csv'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  const expected = oracle([
    ['90', '108', '18'],
    ['300', '6.45', '1.65'], // catalog: Hetero 16.50 / 10 capsules
    ['-30', '2.8', '1.2963'],
    ['1000', '0.1', '0.052'], // estimated at 48%
  ]);
  assert.ok(eq(D(doc.totals.savings), expected.savings), `${doc.totals.savings} vs ${show(expected.savings)}`);
  assert.deepEqual(doc.rejected.map((p) => [p.line, p.column, p.code]), [[6, 2, 'bad_number']]);
  const lines = Object.fromEntries(doc.lines.map((l) => [l.line, l]));
  assert.equal(lines[3].price_source, 'catalog');
  assert.equal(lines[5].price_source, 'estimated');
});

test('the readable table states the rounding rule and rounds half away from zero', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbp-cli-'));
  const f = join(dir, 'r.csv');
  writeFileSync(f, 'drug,quantity,baseline_unit_price,vbp_unit_price\nA,1,2.345,0\n');
  const zh = run('estimate', f);
  assert.equal(zh.status, 0);
  assert.match(zh.stdout, /四舍五入/);
  assert.match(zh.stdout, /2\.35/);
  const en = run('estimate', f, '--lang', 'en');
  assert.match(en.stdout, /half away from zero/);
  assert.match(en.stdout, /Savings rate\s+100\.00%/);
});

test('unreadable input: non-zero exit and one line on stderr', () => {
  const missing = run('estimate', '/nonexistent/file.csv');
  assert.equal(missing.status, 1);
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  assert.equal(missing.stdout, '');
  const dir = mkdtempSync(join(tmpdir(), 'vbp-cli-'));
  for (const [name, bytes, code] of [
    ['empty.csv', '', 'empty_input'],
    ['noheader.csv', 'a,b\n1,2\n', 'no_header'],
    ['book.xlsx', Buffer.from('PK\x03\x04 not really a workbook', 'latin1'), 'bad_workbook'],
  ]) {
    const f = join(dir, name);
    writeFileSync(f, bytes);
    const r = run('estimate', f, '--json');
    assert.equal(r.status, 1, name);
    assert.equal(r.stdout, '', name);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], new RegExp(code));
  }
});

test('--estimate-cut and --omit-lines', () => {
  const r = run('estimate', fixture('english_utf8.csv'), '--json', '--estimate-cut', '0.5', '--omit-lines');
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(doc.lines, []);
  assert.equal(doc.by_price_source.estimated.savings, '50'); // 1000 × 0.1 × 0.5
  // a bad value is a usage error about the option, found by the engine, not a problem of the file
  const bad = run('estimate', fixture('english_utf8.csv'), '--estimate-cut', '3');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^vbp-savings: --estimate-cut 3: invalid_input: /);
});

test('catalog lists sourced facts', () => {
  const r = run('catalog', '--json');
  assert.equal(r.status, 0);
  const c = JSON.parse(r.stdout);
  assert.equal(c.batch.drug_count.value, 60);
  assert.equal(c.batch.category_count.value, 31);
  assert.equal(c.batch.product_count.value, 327);
  assert.equal(c.batch.companies_won.value, 217);
  assert.equal(c.batch.expected_yearly_savings.value, '18500000000');
  for (const e of c.entries) assert.ok(e.sources.length > 0, e.id);
  const text = run('catalog').stdout;
  assert.match(text, /60 个药品/);
  assert.match(text, /48\.00%/);
});
