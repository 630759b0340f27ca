// The bad-input suite through the command line: a specific code and message, never a crash.
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import assert from 'node:assert/strict';
import { cases } from '../bad_inputs/cases.mjs';
import { checkOutcome } from '../bad_inputs/check.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'bin', 'vbp-savings.mjs');
const dir = mkdtempSync(join(tmpdir(), 'vbp-bad-'));

test('the suite has at least 40 named cases', () => {
  assert.ok(cases.length >= 40, String(cases.length));
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
});

for (const [i, c] of cases.entries()) {
  test(`cli: ${c.name}`, () => {
    const f = join(dir, `case${i}.csv`);
    writeFileSync(f, c.input);
    const r = spawnSync(process.execPath, [cli, 'estimate', f, '--json', '--lang', 'en'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.doesNotMatch(r.stderr, /RuntimeError|unreachable|panicked/);
    if (r.status === 0) {
      checkOutcome(c, { report: JSON.parse(r.stdout) });
    } else {
      assert.equal(r.status, 1, r.stderr);
      const line = r.stderr.trim();
      assert.equal(line.split('\n').length, 1, 'one line on stderr');
      const m = line.match(/: ([a-z_]+): (.*)$/);
      assert.ok(m, line);
      checkOutcome(c, { error: { code: m[1], message: m[2] } });
    }
  });
}
