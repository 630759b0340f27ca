// A report larger than a pipe's buffer (64 KB) reaches the reader whole: the CLI exits
// right after writing, and without blocking writes the rest of the output was lost
// (`vbp-savings estimate big.csv --json | jq` read 80 KB of a 900 KB document).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'bin', 'vbp-savings.mjs');

test('cli: a multi-megabyte --json report written to a pipe arrives whole', () => {
  const rows = 20_000;
  let csv = 'drug,quantity,baseline_unit_price,vbp_unit_price\n';
  for (let i = 0; i < rows; i++) csv += `某药${i % 97},${1 + (i % 13)},${(2 + (i % 7)).toFixed(2)},1.5\n`;
  const file = join(mkdtempSync(join(tmpdir(), 'vbp-cli-')), 'big.csv');
  writeFileSync(file, csv);
  // spawnSync reads the child's stdout through a pipe
  const r = spawnSync(process.execPath, [cli, 'estimate', file, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.length > 1_000_000, `a large report (${r.stdout.length} characters)`);
  const report = JSON.parse(r.stdout);
  assert.equal(report.lines.length, rows);
  assert.equal(report.lines[rows - 1].line, rows + 1);
  // the CSV export too
  const c = spawnSync(process.execPath, [cli, 'estimate', file, '--csv'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(c.status, 0, c.stderr);
  assert.ok(c.stdout.trimEnd().split('\n').length > rows, 'every line exported');
});
