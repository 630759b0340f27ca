// Workbooks in the page: an .xlsx written by LibreOffice (title row, two-row Chinese header
// with a merged group cell, numbers as numbers, a notes sheet first) gives exactly the totals
// of its CSV twin; the spreadsheet module is fetched only when a workbook is opened or saved;
// the results export as an .xlsx with real numbers.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { cli, yuan, root, fixtures, openPage, loadSample, shot } from './helpers.mjs';

const xlsxDir = join(fixtures, 'xlsx');
const sheets = createRequire(import.meta.url)(join(root, 'pkg', 'vbp_savings_xlsx.cjs'));

/** Requests for the spreadsheet module's files. */
function recordSpreadsheetModule(page) {
  const seen = [];
  page.on('request', (r) => { if (/vbp_savings_xlsx/.test(r.url())) seen.push(r.url().split('/').pop()); });
  return seen;
}

test('an .xlsx from LibreOffice gives exactly the totals of its CSV twin, loading the spreadsheet module only then', async ({ page }) => {
  const twin = cli(join(xlsxDir, 'usage_twin.csv'));
  const book = cli(join(xlsxDir, 'usage_twin.xlsx'));
  expect(book.totals).toEqual(twin.totals);
  const fetched = recordSpreadsheetModule(page);
  await openPage(page);
  await loadSample(page);
  await page.getByRole('tab', { name: '数据输入' }).click();
  expect(fetched).toEqual([]); // the first load and a CSV need no spreadsheet code

  await page.getByTestId('import-file').setInputFiles(join(xlsxDir, 'usage_twin.xlsx'));
  await expect(page.locator('#status')).toHaveText(`已导入“usage_twin.xlsx”的工作表“用量明细”：${twin.input.accepted} 行计入，${twin.input.rejected} 行被拒绝`);
  for (const [id, key] of [['total-baseline', 'baseline_spend'], ['total-vbp', 'vbp_spend'], ['total-savings', 'savings'], ['savings-rate', 'savings_rate']]) {
    await expect(page.getByTestId(id)).toHaveAttribute('data-value', twin.totals[key]);
  }
  await expect(page.locator('#total-savings-full')).toHaveText(yuan(twin.totals.savings));
  expect(fetched).toContain('vbp_savings_xlsx.js');
  expect(fetched).toContain('vbp_savings_xlsx_bg.wasm');
  await page.getByRole('tab', { name: '数据输入' }).click(); // an import shows the results: back to the data
  // the sheet picker: the workbook's notes sheet comes first, the table's sheet is chosen
  await expect(page.locator('#sheet-pick')).toBeVisible();
  await expect(page.locator('#sheet-pick')).toHaveValue('用量明细');
  await expect(page.locator('#source-info')).toContainText('用量明细');
  // bad rows by spreadsheet row and column, as the CLI lists them
  const rej = page.getByTestId('rejected-rows').locator('tbody tr');
  await expect(rej).toHaveCount(book.rejected.length);
  for (const [i, p] of book.rejected.entries()) {
    await expect(rej.nth(i).locator('td').nth(1)).toHaveText(String(p.line));
    await expect(rej.nth(i).locator('td').nth(3)).toHaveText(p.code);
  }
  await shot(page, 'input-xlsx-zh');
  // the notes sheet has no table: the engine says so, and the table sheet reads again
  await page.locator('#sheet-pick').selectOption('说明');
  await expect(page.locator('#status')).toContainText('no_header');
  await page.locator('#sheet-pick').selectOption('用量明细');
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', twin.totals.savings);
});

test('the results export as an .xlsx whose numbers read back as the exact totals', async ({ page }) => {
  const twin = cli(join(xlsxDir, 'usage_twin.csv'));
  const fetched = recordSpreadsheetModule(page);
  await openPage(page);
  await page.getByTestId('import-file').setInputFiles(join(xlsxDir, 'usage_twin.csv'));
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', twin.totals.savings);
  expect(fetched).toEqual([]);
  await page.getByRole('tab', { name: '测算结果' }).click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#export-xlsx').click()]);
  expect(dl.suggestedFilename()).toBe('vbp-savings-测算结果.xlsx');
  await expect(page.locator('#status')).toHaveText('已导出 Excel 工作簿');
  expect(fetched).toContain('vbp_savings_xlsx_bg.wasm');
  const out = sheets.readWorkbook(readFileSync(await dl.path()));
  expect(out.sheets.map((s) => s.name)).toEqual(['汇总', '明细', '按药品', '按类别', '未计入', '说明']);
  const total = out.sheets[0].rows.find((r) => r[0] === '合计');
  expect(total.slice(1, 5)).toEqual([String(twin.totals.lines), twin.totals.baseline_spend, twin.totals.vbp_spend, twin.totals.savings]);
  // numbers, not text: the lines sheet's cells read back as plain decimals
  const lines = out.sheets[1].rows;
  expect(lines[1][6]).toBe('1800');
  expect(lines[1][11]).toBe('162000');
  // in English, English sheet names
  await page.getByTestId('lang-toggle').click();
  const [dl2] = await Promise.all([page.waitForEvent('download'), page.locator('#export-xlsx').click()]);
  expect(dl2.suggestedFilename()).toBe('vbp-savings-results.xlsx');
  expect(sheets.readWorkbook(readFileSync(await dl2.path())).sheets[0].name).not.toBe('汇总');
});

test('a file that is not a workbook but looks like one is refused in plain words', async ({ page }) => {
  await openPage(page);
  const fake = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('not really a zip')]);
  await page.getByTestId('import-file').setInputFiles({ name: 'broken.xlsx', mimeType: 'application/octet-stream', buffer: fake });
  await expect(page.locator('#status')).toContainText('bad_workbook');
  await expect(page.locator('#status')).toHaveClass(/error/);
});
