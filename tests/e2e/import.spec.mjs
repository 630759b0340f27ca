// Importing a hospital's file: GBK and UTF-8, picker and drag-and-drop, rejected rows
// listed by line and column next to the counted ones, inline edits recomputed.
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, yuan, openPage, fixtures, shot } from './helpers.mjs';

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
  await expect(page.locator('#lines-table tbody tr')).toHaveCount(want.lines.length);
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

  // re-typing a cell turns the file into editable lines: the same figures, rejected rows still listed
  const qty = page.locator('#lines-table tbody tr').first().locator('input[data-field=quantity]');
  const original = await qty.inputValue();
  await qty.fill(original);
  await qty.dispatchEvent('change');
  await expect(page.locator('#source-info')).toContainText('已根据文件');
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', want.totals.savings);
  await expect(page.getByTestId('total-baseline')).toHaveAttribute('data-value', want.totals.baseline_spend);
  await expect(page.getByTestId('rejected-rows').locator('tbody tr')).toHaveCount(want.rejected.length);

  // now a real edit: lenvatinib 1800 → 1000 capsules; the expectation comes from the CLI on an edited file
  await qty.fill('1000');
  await qty.press('Enter');
  await qty.blur();
  const dir = mkdtempSync(join(tmpdir(), 'vbp-e2e-'));
  const edited = join(dir, 'edited.csv');
  const lines = page.locator('#lines-table tbody tr');
  const n = await lines.count();
  const csv = ['drug,manufacturer,unit,quantity,baseline_unit_price,vbp_unit_price'];
  for (let i = 0; i < n; i++) {
    const v = async (f) => lines.nth(i).locator(`input[data-field=${f}]`).inputValue();
    csv.push([await v('drug'), await v('manufacturer'), await v('unit'), await v('quantity'), await v('baseline_unit_price'), await v('vbp_unit_price')].map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','));
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
  const row = page.locator('#lines-table tbody tr').first();
  await row.locator('input[data-field=drug]').fill('甲磺酸仑伐替尼胶囊');
  await row.locator('input[data-field=drug]').dispatchEvent('change');
  await page.locator('#lines-table tbody tr').first().locator('input[data-field=quantity]').fill('90');
  await page.locator('#lines-table tbody tr').first().locator('input[data-field=quantity]').dispatchEvent('change');
  await page.locator('#lines-table tbody tr').first().locator('input[data-field=baseline_unit_price]').fill('108');
  await page.locator('#lines-table tbody tr').first().locator('input[data-field=baseline_unit_price]').dispatchEvent('change');
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', '8100'); // catalog ¥18/capsule
  await page.getByRole('button', { name: '添加一行' }).click();
  const second = page.locator('#lines-table tbody tr').nth(1);
  await second.locator('input[data-field=drug]').fill('某药');
  await second.locator('input[data-field=drug]').dispatchEvent('change');
  const rej = page.getByTestId('rejected-rows').locator('tbody tr');
  await expect(rej).toHaveCount(2); // quantity and baseline price missing on table row 2
  await expect(rej.first().locator('td').nth(1)).toHaveText('2');
  await expect(page.locator('#lines-table tbody tr.rejected')).toHaveCount(1);
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', '8100');
});
