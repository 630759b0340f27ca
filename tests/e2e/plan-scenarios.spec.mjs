// A saved 方案 keeps a workbook's sheet, the match decisions, the pricing catalog and the
// 供应保障 settings: reopened after a reload it gives the same figures.
import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import { cli, fixtures, openPage } from './helpers.mjs';

test('a 方案 of a workbook with supply settings reopens with the same figures', async ({ page }) => {
  const twin = cli(join(fixtures, 'xlsx', 'usage_twin.csv'));
  await openPage(page);
  await page.getByTestId('import-file').setInputFiles(join(fixtures, 'xlsx', 'usage_twin.xlsx'));
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', twin.totals.savings);
  await page.getByRole('tab', { name: '供应保障' }).click();
  // the tab opens with a default scenario (journey.spec.mjs): this test starts from none
  await page.getByRole('button', { name: '删除情景 情景 1' }).click();
  await page.getByRole('button', { name: '添加情景' }).click();
  const share = page.getByLabel('情景 1 主供断供比例（小数）', { exact: true });
  await share.fill('0.2');
  await share.press('Tab');
  const backup = page.getByLabel('情景 1 备供也断供的比例（占断供量）', { exact: true });
  await backup.fill('1');
  await backup.press('Tab');
  const cell = page.getByTestId('scn-results').locator('tr[data-scenario=s1] td').nth(3);
  await expect(cell).not.toHaveAttribute('data-value', twin.totals.savings);
  const scenarioSavings = await cell.getAttribute('data-value');

  await page.getByRole('tab', { name: '方案' }).click();
  await page.locator('#scenario-name').fill('工作簿方案');
  await page.getByRole('button', { name: '保存当前数据为方案' }).click();
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('vbp-savings/scenarios')));
  expect(stored[0].kind).toBe('rows');
  expect(stored[0].sheet.sheet).toBe('用量明细');
  expect(stored[0].plan.scenarios[0].share).toBe('0.2');

  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('tab', { name: '方案' }).click();
  await page.getByRole('button', { name: '打开 工作簿方案' }).click();
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', twin.totals.savings);
  await page.getByRole('tab', { name: '供应保障' }).click();
  await expect(page.getByTestId('scn-results').locator('tr[data-scenario=s1] td').nth(3)).toHaveAttribute('data-value', scenarioSavings);
  await expect(page.getByLabel('情景 1 主供断供比例（小数）', { exact: true })).toHaveValue('0.2');
});
