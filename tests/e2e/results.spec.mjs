// The sample, one click away: totals, tables and three charts, equal to the CLI's.
import { test, expect } from '@playwright/test';
import { cli, yuan, openPage, loadSample, recordOutside, sampleCsv, shot } from './helpers.mjs';

test('the sample shows the CLI totals, marked estimates, formulas and three charts in Chinese', async ({ page, baseURL }) => {
  const outside = recordOutside(page, baseURL);
  const want = cli(sampleCsv);
  await openPage(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await loadSample(page);

  // exact values are the CLI's; the text is the rounded display (万 with the fen below)
  for (const [id, key] of [['total-baseline', 'baseline_spend'], ['total-vbp', 'vbp_spend'], ['total-savings', 'savings']]) {
    await expect(page.getByTestId(id)).toHaveAttribute('data-value', want.totals[key]);
    await expect(page.getByTestId(id)).toHaveText(/^¥[\d.]+万$/);
    await expect(page.locator(`#${id}-full`)).toHaveText(yuan(want.totals[key]));
  }
  await expect(page.getByTestId('total-baseline')).toHaveText('¥16.82万');
  await expect(page.getByTestId('savings-rate')).toHaveAttribute('data-value', want.totals.savings_rate);
  await expect(page.getByTestId('savings-rate')).toHaveText('73.15%');
  await expect(page.locator('#rounding-note')).toContainText('四舍五入');

  // the sample is labelled an illustration
  await page.getByRole('tab', { name: '数据输入' }).click();
  await expect(page.locator('#sample-banner')).toBeVisible();
  await expect(page.locator('#sample-banner')).toContainText('虚构');
  await page.getByRole('tab', { name: '测算结果' }).click();

  // tables: per category and per drug; estimated lines visibly marked
  await expect(page.locator('#category-table tbody tr')).toHaveCount(want.by_category.length);
  await expect(page.locator('#drug-table tbody tr')).toHaveCount(want.by_drug.length);
  const estimated = want.by_drug.filter((d) => d.estimated).map((d) => d.drug);
  expect(estimated).toEqual(['马来酸阿法替尼片']);
  const estRow = page.locator('#drug-table tbody tr[data-estimated=true]');
  await expect(estRow).toHaveCount(1);
  await expect(estRow).toContainText('马来酸阿法替尼片');
  await expect(estRow.locator('.badge.est')).toHaveText('估');
  await expect(page.locator('#line-table tbody tr')).toHaveCount(want.lines.length);

  // the comparison with the headline 48%
  await expect(page.locator('#cut-h')).toContainText('48.00%');
  await expect(page.getByTestId('cut-all-simple')).toHaveText('70.99%');

  // every total explains itself
  const how = page.locator('details[data-formula=savings]');
  await how.locator('summary').click();
  await expect(how).toContainText('节约额 = 集采前金额 − 集采后金额');
  await expect(page.locator('details[data-formula=vbp_spend]')).toContainText('估算中选单价');

  // three charts, drawn by the bundled ECharts
  for (const id of ['chart-category', 'chart-waterfall', 'chart-cuts']) {
    await expect(page.locator(`#${id}`)).toHaveAttribute('data-drawn', 'true');
    await expect(page.locator(`#${id} canvas`)).toHaveCount(1);
  }
  await shot(page, 'results-zh');
  expect(outside).toEqual([]);
});

test('tables sort by a header, exactly on the decimal strings', async ({ page }) => {
  await openPage(page);
  await loadSample(page);
  const names = () => page.locator('#drug-table tbody tr td:first-child').allTextContents();
  const bySavings = await names();
  expect(bySavings[0]).toContain('甲磺酸仑伐替尼胶囊');
  await page.locator('#drug-table th').filter({ hasText: '数量' }).getByRole('button').click();
  const byQty = await names();
  expect(byQty[0]).toContain('磷酸奥司他韦胶囊'); // 4,200 units
  await page.locator('#drug-table th').filter({ hasText: '数量' }).getByRole('button').click();
  expect((await names())[0]).toContain('马来酸阿法替尼片'); // 420, ascending
  await expect(page.locator('#drug-table th[aria-sort=ascending]')).toHaveCount(1);
});

test('a chart saves as a PNG image', async ({ page }) => {
  await openPage(page);
  await loadSample(page);
  await expect(page.locator('#chart-waterfall')).toHaveAttribute('data-drawn', 'true');
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('button[data-chart=chart-waterfall]').click(),
  ]);
  expect(dl.suggestedFilename()).toBe('vbp-savings-waterfall.png');
  const path = await dl.path();
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(path);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.length).toBeGreaterThan(5000);
});
