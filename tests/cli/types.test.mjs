// The generated TypeScript declarations: real types, no `any`, and the ErrorCode union
// matches the engine's codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const engine = require(join(root, 'pkg', 'vbp_savings.cjs'));

// Node's CommonJS glue (pkg/vbp_savings.cjs) is typed by vbp_savings.d.cts, the browsers' ES
// glue by vbp_savings.d.ts: the same declarations, the web one with its initialiser.
for (const [target, file] of [['node', 'vbp_savings.d.cts'], ['web', 'vbp_savings.d.ts']]) {
  test(`${target} .d.ts has no any and declares every export`, () => {
    const dts = readFileSync(join(root, 'pkg', file), 'utf8');
    const publicPart = target === 'web' ? dts.split('export type InitInput')[0] : dts;
    assert.doesNotMatch(publicPart, /\bany\b/);
    for (const name of ['estimate', 'estimateCsv', 'catalog', 'formatReport', 'formatPercent', 'roundDisplay', 'errorCodes', 'version',
      'estimateRows', 'readCsv', 'matchReview']) {
      assert.match(dts, new RegExp(`export function ${name}\\(`), name);
    }
    // the programme and result tables are the same module's (one engine module)
    for (const name of ['resultTableCatalog', 'resultTableCatalogCsv', 'checkCatalog', 'programme', 'batches', 'formatProgramme']) {
      assert.match(dts, new RegExp(`export function ${name}\\(`), `engine: ${name}`);
    }
    assert.doesNotMatch(dts, /from "\.\/vbp_savings";/, 'one module: no types imported from another');
    assert.match(dts, /export function estimate\(input: EstimateInput\): EstimateReport;/);
    assert.match(dts, /export function estimateCsv\(bytes: Uint8Array, options\?: EstimateOptions\): EstimateReport;/);
    assert.match(dts, /export function catalog\(\): Catalog;/);
  });
}

test('ErrorCode union lists exactly the engine codes', () => {
  const dts = readFileSync(join(root, 'pkg', 'vbp_savings.d.cts'), 'utf8');
  const union = dts.match(/export type ErrorCode =([^;]+);/)[1];
  const declared = [...union.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]).sort();
  assert.deepEqual(declared, [...engine.errorCodes()].sort());
});
