// Readable tables at 1280×800: whole drug names in the input table, rejected-row reasons
// that wrap between words rather than one character per line.
import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import { openPage, fixtures, shot, gridRows } from './helpers.mjs';

test('at 1280×800 drug names show whole and rejection reasons stay on a few lines', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openPage(page);
  await page.getByTestId('import-file').setInputFiles(join(fixtures, 'hospital_gbk.csv'));
  await expect(page.locator('#tab-results')).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: '数据输入' }).click(); // an import shows the results: back to the data
  await expect(gridRows(page).filter({ hasNot: page.locator('.ag-cell.rejected') })).toHaveCount(6);
  const names = await page.locator('#lines-grid .ag-cell[data-field=drug]').evaluateAll((els) => els.map((e) => ({ value: e.textContent, cut: e.scrollWidth > e.clientWidth })));
  expect(names.map((n) => n.value)).toContain('甲磺酸仑伐替尼胶囊');
  expect(names.filter((n) => n.cut)).toEqual([]);
  const reasons = await page.getByTestId('rejected-rows').locator('td.reason').evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    const line = parseFloat(getComputedStyle(e).lineHeight) || 22;
    return { text: e.textContent, width: r.width, lines: Math.round((r.height - 8) / line) };
  }));
  expect(reasons.length).toBe(5);
  for (const r of reasons) {
    expect(r.width, r.text).toBeGreaterThan(200);
    expect(r.lines, r.text).toBeLessThanOrEqual(2);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, 'input-1280-readable');
});
