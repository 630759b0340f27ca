// The page's own sample (www/sample.csv): the first click, 载入示例数据, shows the full picture —
// a made-up hospital year over the batch-7 drugs, labelled as made up: totals equal to the CLI's,
// at least five categories, estimated drugs marked, the return and the per-box line in the line
// table, the one rejected row, and the three charts drawn. (Most other specs load the older
// 5-line sample, tests/fixtures/sample_5_lines.csv, whose figures they assert.)
import { test, expect } from '@playwright/test';
import { cli, yuan, openPage, loadSample, recordOutside, productSampleCsv, shot } from './helpers.mjs';

test('the first click on 载入示例数据 shows full tables and charts of a made-up hospital year', async ({ page, baseURL }) => {
  const outside = recordOutside(page, baseURL);
  const want = cli(productSampleCsv);
  expect(want.by_category.length).toBeGreaterThanOrEqual(5);
  expect(want.rejected).toHaveLength(1);

  await openPage(page, { sample: 'page' });
  await loadSample(page);

  // totals: the CLI's exact figures
  for (const [id, key] of [['total-baseline', 'baseline_spend'], ['total-vbp', 'vbp_spend'], ['total-savings', 'savings']]) {
    await expect(page.getByTestId(id)).toHaveAttribute('data-value', want.totals[key]);
    await expect(page.locator(`#${id}-full`)).toHaveText(yuan(want.totals[key]));
  }
  await expect(page.getByTestId('savings-rate')).toHaveAttribute('data-value', want.totals.savings_rate);

  // full tables: every category, drug and line
  await expect(page.locator('#category-table tbody tr')).toHaveCount(want.by_category.length);
  for (const c of want.by_category) await expect(page.locator('#category-table tbody')).toContainText(c.zh);
  await expect(page.locator('#drug-table tbody tr')).toHaveCount(want.by_drug.length);
  await expect(page.locator('#line-table tbody tr')).toHaveCount(want.lines.length);
  // drugs without a sourced price: estimated and visibly marked
  const estimated = want.by_drug.filter((d) => d.estimated);
  expect(estimated.length).toBeGreaterThan(0);
  await expect(page.locator('#drug-table tbody tr[data-estimated=true]')).toHaveCount(estimated.length);
  await expect(page.locator('#drug-table tbody tr[data-estimated=true] .badge.est').first()).toHaveText('估');
  // the return and the per-box line are among the lines
  expect(want.lines.some((l) => l.quantity.startsWith('-'))).toBe(true);
  const box = want.lines.find((l) => l.unit === '盒' && l.price_source === 'catalog');
  expect(box).toBeTruthy();
  await expect(page.locator('#line-table tbody')).toContainText('-90');

  // three charts, drawn
  for (const id of ['chart-category', 'chart-waterfall', 'chart-cuts']) {
    await expect(page.locator(`#${id}`)).toHaveAttribute('data-drawn', 'true');
    await expect(page.locator(`#${id} canvas`)).toHaveCount(1);
  }
  await shot(page, 'sample-results-zh');

  // the input view: labelled as made up, the one rejected row listed with its line
  await page.getByRole('tab', { name: '数据输入' }).click();
  await expect(page.locator('#sample-banner')).toBeVisible();
  await expect(page.locator('#sample-banner')).toContainText('虚构');
  await expect(page.locator('#rejected-count')).toHaveText('(1)');
  await expect(page.locator('#rejected-rows tbody tr')).toHaveCount(1);
  await expect(page.locator('#rejected-rows tbody tr')).toContainText(String(want.rejected[0].line));
  await expect(page.locator('#rejected-rows tbody tr')).toContainText('一百');
  await shot(page, 'sample-input-zh');
  expect(outside).toEqual([]);
});
