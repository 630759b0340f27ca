// The bad-input suite (tests/bad_inputs/cases.mjs, shared with the CLI and npm-API layers)
// through the page's file input, twice: as the page reads a file of that size (at once, or
// in the worker above 2 MB) and with every file through the worker. For each case the
// report or error the page holds passes the shared checker; a refused file's code is shown
// in the status line; rejected rows are listed by line and code; nothing in the console
// says RuntimeError, unreachable or panicked; and a good file imports right after.
import { test, expect } from '@playwright/test';
import { cases } from '../bad_inputs/cases.mjs';
import { checkOutcome } from '../bad_inputs/check.mjs';
import { openPage, shot } from './helpers.mjs';

const GOOD = Buffer.from('drug,quantity,baseline_unit_price,vbp_unit_price\nA药,10,2,1\n');
const CRASH = /RuntimeError|unreachable|panicked/i;

for (const [mode, threshold] of [['page', null], ['worker', 0]]) {
  test.describe(`bad inputs through the page (${mode})`, () => {
    test.describe.configure({ mode: 'serial' });
    let page;
    const console = [];

    test.beforeAll(async ({ browser }) => {
      page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
      page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => console.push(`pageerror: ${e.message}`));
      if (threshold !== null) await page.addInitScript((n) => { window.__vbpStreamThreshold = n; }, threshold);
      await openPage(page);
    });
    test.afterAll(async () => { await page.close(); });

    /** Imports bytes under a name and returns what the page noted for that import. */
    async function importBytes(name, buffer) {
      await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer });
      await page.waitForFunction((n) => window.__vbpLastImport && window.__vbpLastImport.name === n, name, { timeout: 60_000 });
      await expect(page.getByTestId('import-progress')).toBeHidden();
      return page.evaluate(() => window.__vbpLastImport);
    }

    cases.forEach((c, i) => {
      test(`${mode}: ${c.name}`, async () => {
        test.setTimeout(120_000);
        const name = `${mode}-case-${i}.csv`;
        const got = await importBytes(name, Buffer.from(c.input));
        checkOutcome(c, got.error ? { error: got.error } : { report: got.report });
        const statusLine = page.locator('#status');
        if (got.error) {
          // the code and the plain-words reason, shown to the user
          await expect(statusLine).toContainText(`（${got.error.code}）`);
          await expect(statusLine).toHaveClass(/error/);
        } else {
          await expect(statusLine).toHaveText(`已导入“${name}”：${got.report.input.accepted} 行计入，${got.report.input.rejected} 行被拒绝`);
          await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', got.report.totals.savings);
          // every rejected problem is listed in the table, by line and code
          const want = got.report.rejected.map((p) => [String(p.line), p.code]);
          const rows = page.getByTestId('rejected-rows').locator('tbody tr');
          await expect(rows).toHaveCount(want.length);
          const shown = await rows.evaluateAll((trs) => trs.map((tr) => [tr.cells[1].textContent, tr.cells[3].textContent]));
          expect(shown).toEqual(want);
        }
        if (mode === 'page' && c.name === 'malformed quoting: unterminated quote') await shot(page, 'bad-input-rejected-rows');
        if (mode === 'page' && c.name === 'duplicate headers') await shot(page, 'bad-input-refused');
        if (mode === 'page' && c.name === 'a hostile drug name is data, not markup') {
          // shown as text, never run
          await expect(page.locator('#lines-grid .ag-cell[data-field=drug]').first()).toHaveText('<img src=x onerror=alert(1)>');
          expect(await page.locator('#panel-input img').count()).toBe(0);
        }

        // the page still works: a good file imports right after
        const after = await importBytes(`${mode}-good-after-${i}.csv`, GOOD);
        expect(after.report && after.report.totals.savings).toBe('10');
        await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', '10');
        expect(console.filter((l) => CRASH.test(l))).toEqual([]);
      });
    });
  });
}
