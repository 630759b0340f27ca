// Importing a hospital's file: GBK and UTF-8, picker and drag-and-drop, rejected rows
// listed by line and column next to the counted ones, inline edits recomputed.
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, yuan, openPage, fixtures, shot, gridRows, rowCell, typeInto } from './helpers.mjs';

test('a GBK CSV imported in the page gives the CLI totals and its rejected rows', async ({ page }) => {
  const file = join(fixtures, 'hospital_gbk.csv');
  const want = cli(file);
  // the figures the CLI prints for this file (rounded for display)
  expect(yuan(want.totals.baseline_spend)).toBe('¥367,642.21');
  expect(yuan(want.totals.savings)).toBe('¥276,932.86');
  await openPage(page);
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.locator('#status')).toHaveText(`已导入“hospital_gbk.csv”：${want.input.accepted} 行计入，${want.input.rejected} 行被拒绝`);
  for (const [id, key] of [['total-baseline', 'baseline_spend'], ['total-vbp', 'vbp_spend'], ['total-savings', 'savings'], ['savings-rate', 'savings_rate']]) {
    await expect(page.getByTestId(id)).toHaveAttribute('data-value', want.totals[key]);
  }
  await expect(page.locator('#total-baseline-full')).toHaveText(yuan(want.totals.baseline_spend));

  // rejected rows: their own table, line / column / code / reason as the CLI gives them
  const rows = page.getByTestId('rejected-rows').locator('tbody tr');
  await expect(rows).toHaveCount(want.rejected.length);
  for (const [i, p] of want.rejected.entries()) {
    const cells = rows.nth(i).locator('td');
    await expect(cells.nth(1)).toHaveText(String(p.line));
    if (p.column) await expect(cells.nth(2)).toContainText(`第 ${p.column} 列`);
    await expect(cells.nth(3)).toHaveText(p.code);
    await expect(cells.nth(4)).toHaveText(p.message_zh);
  }
  // the grid holds every data row of the file; the counted ones are those not marked refused
  await expect(gridRows(page).filter({ hasNot: page.locator('.ag-cell.rejected') })).toHaveCount(want.lines.length);
  await expect(page.locator('#source-info')).toContainText('GB18030');
  await page.getByRole('tab', { name: '数据输入' }).click();
  await shot(page, 'input-gbk-zh');
});

test('drag and drop imports a file like the picker', async ({ page }) => {
  const file = join(fixtures, 'sample_utf8.csv');
  const want = cli(file);
  await openPage(page);
  const bytes = [...readFileSync(file)];
  const dt = await page.evaluateHandle((b) => {
    const d = new DataTransfer();
    d.items.add(new File([new Uint8Array(b)], 'dropped.csv', { type: 'text/csv' }));
    return d;
  }, bytes);
  await page.dispatchEvent('#dropzone', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('#dropzone', 'drop', { dataTransfer: dt });
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', want.totals.savings);
  await expect(page.locator('#status')).toContainText('dropped.csv');
});

test('editing a quantity inline recomputes exactly; an unchanged edit keeps the file totals', async ({ page }) => {
  const file = join(fixtures, 'hospital_gbk.csv');
  const want = cli(file);
  await openPage(page);
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', want.totals.savings);

  await page.getByRole('tab', { name: '数据输入' }).click(); // an import shows the results: back to the data
  // re-typing a cell turns the file into editable lines: the same figures, rejected rows still listed
  const qty = rowCell(page, 0, 'quantity');
  const original = await qty.textContent();
  await typeInto(qty, original);
  await expect(page.locator('#source-info')).toContainText('已根据文件');
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', want.totals.savings);
  await expect(page.getByTestId('total-baseline')).toHaveAttribute('data-value', want.totals.baseline_spend);
  await expect(page.getByTestId('rejected-rows').locator('tbody tr')).toHaveCount(want.rejected.length);

  // now a real edit: lenvatinib 1800 → 1000 capsules; the expectation comes from the CLI on an edited file
  await typeInto(qty, '1000');
  const dir = mkdtempSync(join(tmpdir(), 'vbp-e2e-'));
  const edited = join(dir, 'edited.csv');
  const lines = gridRows(page);
  const n = await lines.count();
  // every column the grid shows (the file's specification and amount included)
  const fields = ['drug', 'manufacturer', 'specification', 'unit', 'quantity', 'baseline_unit_price', 'vbp_unit_price', 'amount'];
  const csv = [fields.join(',')];
  for (let i = 0; i < n; i++) {
    const v = async (f) => (await rowCell(page, i, f).textContent()) || '';
    const cells = [];
    for (const f of fields) cells.push(await v(f));
    csv.push(cells.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','));
  }
  writeFileSync(edited, csv.join('\n'));
  const after = cli(edited);
  expect(after.totals.savings).not.toBe(want.totals.savings);
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', after.totals.savings);
  await expect(page.getByTestId('total-baseline')).toHaveAttribute('data-value', after.totals.baseline_spend);
});

test('a bad value typed in the table is rejected by table row while other rows count', async ({ page }) => {
  await openPage(page);
  await page.getByRole('button', { name: '添加一行' }).click();
  await typeInto(rowCell(page, 0, 'drug'), '甲磺酸仑伐替尼胶囊');
  await typeInto(rowCell(page, 0, 'quantity'), '90');
  await typeInto(rowCell(page, 0, 'baseline_unit_price'), '108');
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', '8100'); // catalog ¥18/capsule
  await page.getByRole('button', { name: '添加一行' }).click();
  await typeInto(rowCell(page, 1, 'drug'), '某药');
  const rej = page.getByTestId('rejected-rows').locator('tbody tr');
  await expect(rej).toHaveCount(2); // quantity and baseline price missing on table row 2
  await expect(rej.first().locator('td').nth(1)).toHaveText('2');
  await expect(gridRows(page).filter({ has: page.locator('.ag-cell.rejected') })).toHaveCount(1);
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', '8100');
});
