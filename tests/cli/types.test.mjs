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
const engine = require(join(root, 'pkg', 'node', 'vbp_savings.js'));

for (const target of ['node', 'web']) {
  test(`${target} .d.ts has no any and declares every export`, () => {
    const dts = readFileSync(join(root, 'pkg', target, 'vbp_savings.d.ts'), 'utf8');
    const publicPart = target === 'web' ? dts.split('export type InitInput')[0] : dts;
    assert.doesNotMatch(publicPart, /\bany\b/);
    for (const name of ['estimate', 'estimateCsv', 'catalog', 'formatReport', 'formatPercent', 'roundDisplay', 'errorCodes', 'version',
      'estimateRows', 'readCsv', 'matchReview']) {
      assert.match(dts, new RegExp(`export function ${name}\\(`), name);
    }
    // the batches module carries the programme and result tables; the core does not
    const batches = readFileSync(join(root, 'pkg', target, 'vbp_savings_batches.d.ts'), 'utf8');
    const batchesPublic = target === 'web' ? batches.split('export type InitInput')[0] : batches;
    assert.doesNotMatch(batchesPublic, /\bany\b/);
    assert.match(batches, /from "\.\/vbp_savings";/, 'its shared types are the core\'s');
    for (const name of ['resultTableCatalog', 'resultTableCatalogCsv', 'checkCatalog', 'programme', 'batches', 'formatProgramme']) {
      assert.match(batches, new RegExp(`export function ${name}\\(`), `batches module: ${name}`);
      assert.doesNotMatch(dts, new RegExp(`export function ${name}\\(`), `core: no ${name}`);
    }
    assert.match(dts, /export function estimate\(input: EstimateInput\): EstimateReport;/);
    assert.match(dts, /export function estimateCsv\(bytes: Uint8Array, options\?: EstimateOptions\): EstimateReport;/);
    assert.match(dts, /export function catalog\(\): Catalog;/);
  });
}

test('ErrorCode union lists exactly the engine codes', () => {
  const dts = readFileSync(join(root, 'pkg', 'node', 'vbp_savings.d.ts'), 'utf8');
  const union = dts.match(/export type ErrorCode =([^;]+);/)[1];
  const declared = [...union.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]).sort();
  assert.deepEqual(declared, [...engine.errorCodes()].sort());
});
