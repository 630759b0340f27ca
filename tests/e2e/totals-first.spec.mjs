// The answer first: a CSV file of thousands of lines (64 KB and up, under the worker's 2 MB)
// shows its totals on the results tab before its lines are read into the table and the
// tab's other sections are drawn (app.js totalsFirst), and those totals are the exact ones:
// the CLI's on the same file, and the page's own once every view is drawn. Then the journey
// goes on as after any import: the table is editable, the edit changes the total as the CLI
// computes it on the edited file, and the CSV export carries the new total.
// Also: the first load is six files fetched at once, each once (the page's script bundled, the
// engine preloaded and compiled from the start by js/engine-start.js); the catalog tab, drawn only when shown, is drawn in the language chosen meanwhile.
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, openPage, loadSample, gridCell, typeInto, root } from './helpers.mjs';
import { largeUsageCsv } from './large-data.mjs';

const ROWS = 5_000;

/** Records, at the moment the total first shows a value, what the results tab shows then. */
function watchFirstTotal(page) {
  return page.addInitScript(() => {
    window.__firstTotal = null;
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="total-savings"]');
      if (window.__firstTotal || !el || !el.dataset.value) return;
      const results = document.querySelector('#results');
      const shown = (sel) => { const x = document.querySelector(sel); return !!x && x.getClientRects().length > 0; };
      window.__firstTotal = {
        value: el.dataset.value,
        text: document.querySelector('#total-savings-full').textContent,
        pending: results.dataset.pending === 'true',
        busy: results.getAttribute('aria-busy'),
        tab: document.body.dataset.tab,
        cutTableShown: shown('#cut-table'),
        chartsShown: shown('#chart-category'),
        exportDisabled: document.querySelector('#export-csv').disabled,
        imported: !!window.__vbpLastImport,
        status: document.querySelector('#status').textContent,
      };
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-value'] });
  });
}

test('a 5,000-line CSV shows its exact totals first, then every view; the journey (edit, export) goes on from there', async ({ page }) => {
  test.setTimeout(120_000);
  const file = largeUsageCsv(ROWS);
  const size = readFileSync(file).length;
  expect(size).toBeGreaterThanOrEqual(64 * 1024);
  expect(size).toBeLessThan(2 * 1024 * 1024);
  const expected = cli(file).totals; // independent: the CLI on the same file
  const wasmFetched = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasmFetched.push(new URL(r.url()).pathname); });
  await watchFirstTotal(page);
  await openPage(page);
  await page.getByTestId('import-file').setInputFiles(file);
  await page.waitForFunction(() => window.__firstTotal !== null);
  const first = await page.evaluate(() => window.__firstTotal);
  // the totals came first: the rest of the tab hidden and busy, the import not yet finished
  expect(first.value).toBe(expected.savings);
  expect(first.pending).toBe(true);
  expect(first.busy).toBe('true');
  expect(first.tab).toBe('results');
  expect(first.cutTableShown).toBe(false);
  expect(first.chartsShown).toBe(false);
  expect(first.exportDisabled).toBe(true);
  expect(first.imported).toBe(false);
  expect(first.status).toContain('正在载入明细');

  // then every view: the same totals, the sections and the exports back
  await page.waitForFunction(() => !!window.__vbpLastImport);
  await expect(page.locator('#results')).not.toHaveAttribute('data-pending', /.*/);
  await expect(page.locator('#results')).not.toHaveAttribute('aria-busy', /.*/);
  await expect(page.locator('#cut-table')).toBeVisible();
  await expect(page.locator('#export-csv')).toBeEnabled();
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', expected.savings);
  await expect(page.getByTestId('total-baseline')).toHaveAttribute('data-value', expected.baseline_spend);
  await expect(page.locator('#total-savings-full')).toHaveText(first.text);
  const report = await page.evaluate(() => window.__vbpLastImport.report);
  expect(report.totals.lines).toBe(expected.lines);
  expect(report.input.accepted).toBe(ROWS);

  // the journey goes on: a quantity typed in the table, the total as the CLI gives it for the edited file
  await page.getByRole('tab', { name: /数据输入/ }).click();
  await expect(gridCell(page, 2, 'quantity')).toBeVisible();
  await typeInto(gridCell(page, 2, 'quantity'), '7');
  const lines = readFileSync(file, 'utf8').split('\n');
  const cells = lines[1].split(',');
  cells[1] = '7';
  lines[1] = cells.join(',');
  const dir = mkdtempSync(join(tmpdir(), 'vbp-totals-first-'));
  const edited = join(dir, 'edited.csv');
  writeFileSync(edited, lines.join('\n'));
  const after = cli(edited).totals;
  expect(after.savings).not.toBe(expected.savings);
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', after.savings, { timeout: 30_000 });
  await expect(page.locator('body')).toHaveAttribute('data-computing', 'false');

  // the edit session's worker used the page's compiled engine: the engine was fetched once
  expect(await page.evaluate(() => document.body.dataset.computing)).toBe('false');
  expect(wasmFetched).toEqual(['/pkg/vbp_savings_bg.wasm']);

  // the CSV export carries the edited total
  await page.getByRole('tab', { name: /测算结果/ }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  const total = readFileSync(await download.path()).subarray(3).toString('utf8').split('\r\n')[1].split(',');
  expect(total[0]).toBe('合计');
  expect(total.slice(10, 13)).toEqual([after.baseline_spend, after.vbp_spend, after.savings]);
});

test('the catalog tab, drawn when shown, shows the language chosen while it was hidden', async ({ page }) => {
  await openPage(page);
  await page.getByTestId('lang-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('tab', { name: /catalog/i }).click();
  await expect(page.locator('#catalog-count')).toContainText(/\d+ entries/);
  await expect(page.locator('#catalog-list')).not.toBeEmpty();
  await expect(page.locator('#catalog-list')).not.toContainText('加入数据输入');
  await expect(page.locator('#catalog-list')).toContainText('Add to input');
});

test('the first load is six files, each fetched once: the page, its style, its one script, the engine, its WebAssembly and the module that starts compiling it', async ({ page }) => {
  const fetched = [];
  page.on('request', (r) => { if (!r.url().startsWith('data:')) fetched.push(new URL(r.url()).pathname); });
  await openPage(page);
  await page.waitForLoadState('networkidle');
  // the WebAssembly once: the page's script takes the module engine-start.js began compiling
  expect(fetched.sort()).toEqual(['/', '/dist/app.js', '/js/engine-start.js', '/pkg/vbp_savings.js', '/pkg/vbp_savings_bg.wasm', '/style.css']);
  // the views of the later tabs are in that script: showing them fetches no script of the page
  for (const name of ['供应保障', '监测与评价']) await page.getByRole('tab', { name }).click();
  await page.waitForLoadState('networkidle');
  expect(fetched.filter((p) => p.startsWith('/js/') || p.startsWith('/dist/')).sort()).toEqual(['/dist/app.js', '/js/engine-start.js']);
});

test('an intranet server that sends the engine without its WebAssembly type still gives a working page', async ({ page }) => {
  // IIS and older servers send .wasm as application/octet-stream: streaming compilation refuses it
  await page.route('**/pkg/vbp_savings_bg.wasm', (route) => route.fulfill({ path: join(root, 'www', 'pkg', 'vbp_savings_bg.wasm'), contentType: 'application/octet-stream' }));
  await openPage(page);
  await loadSample(page);
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', /^\d+(\.\d+)?$/);
});
