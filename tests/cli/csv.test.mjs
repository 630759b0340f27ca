// `vbp-savings estimate FILE --csv`: the results file for Excel, the same bytes the page exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'bin', 'vbp-savings.mjs');
const gbk = join(root, 'tests', 'fixtures', 'hospital_gbk.csv');
const run = (...args) => spawnSync(process.execPath, [cli, ...args]);

test('--csv writes UTF-8 with a BOM, one row per total, category, drug, line and rejected row', () => {
  const r = run('estimate', gbk, '--csv');
  assert.equal(r.status, 0);
  const bytes = r.stdout;
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const json = JSON.parse(run('estimate', gbk, '--json').stdout.toString('utf8'));
  const rows = bytes.subarray(3).toString('utf8').split('\r\n');
  assert.equal(rows.pop(), '', 'ends with CRLF');
  assert.equal(rows[0].split(',')[0], '层级');
  assert.equal(rows.length, 1 + 1 + json.by_category.length + json.by_drug.length + json.lines.length + json.rejected.length);
  const total = rows[1].split(',');
  assert.equal(total[0], '合计');
  assert.deepEqual(total.slice(10, 14), [json.totals.baseline_spend, json.totals.vbp_spend, json.totals.savings, json.totals.savings_rate]);
  const rejected = rows.filter((r) => r.startsWith('拒绝,'));
  assert.deepEqual(rejected.map((r) => Number(r.split(',')[1])), json.rejected.map((p) => p.line));
});

test('--csv --lang en has English headers and levels', () => {
  const text = run('estimate', gbk, '--csv', '--lang', 'en').stdout.subarray(3).toString('utf8');
  assert.ok(text.startsWith('level,line,name,name_en,category,'));
  assert.ok(text.includes('\r\ntotal,,all,'));
  assert.ok(text.includes('\r\nrejected,'));
});
