// The bad-input suite through the npm package's Node entry (require('vbp-savings') resolves
// to js/node.cjs): a specific code and message, never a crash; every valid row counts.
import { test } from 'node:test';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { cases } from '../bad_inputs/cases.mjs';
import { checkOutcome } from '../bad_inputs/check.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const vbp = require(join(root, 'js', 'node.cjs'));

for (const c of cases) {
  test(`api: ${c.name}`, () => {
    let outcome;
    try {
      outcome = { report: vbp.estimateCsv(c.input) };
    } catch (e) {
      if (!e.code) throw e; // a crash (RuntimeError: unreachable) has no code: fail loudly
      outcome = { error: { code: e.code, message: e.message } };
    }
    checkOutcome(c, outcome);
  });
}

test('api: the streaming import agrees with estimateCsv on every case', () => {
  for (const c of cases) {
    let whole;
    let streamed;
    try {
      whole = { report: vbp.estimateCsv(c.input) };
    } catch (e) {
      whole = { error: e.code };
    }
    try {
      const imp = new vbp.CsvImport();
      for (let i = 0; i < c.input.length; i += 997) imp.push(c.input.subarray(i, i + 997));
      streamed = { report: imp.finish() };
    } catch (e) {
      streamed = { error: e.code };
    }
    if (whole.error) {
      if (streamed.error !== whole.error) throw new Error(`${c.name}: streamed ${streamed.error} vs ${whole.error}`);
    } else {
      const a = JSON.stringify([whole.report.totals, whole.report.rejected]);
      const b = JSON.stringify([streamed.report?.totals, streamed.report?.rejected]);
      if (a !== b) throw new Error(`${c.name}: streamed report differs`);
    }
  }
});
