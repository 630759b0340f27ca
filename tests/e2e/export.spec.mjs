// Export: the results CSV (UTF-8 with BOM, made by the engine) read back byte for byte; the A4 print view.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engine, openPage, loadSample, sampleCsv, shots, shot } from './helpers.mjs';

test('the exported CSV is the engine\'s bytes, with a BOM, in the page language', async ({ page }) => {
  await openPage(page);
  await loadSample(page);
  const report = engine.estimateCsv(new Uint8Array(readFileSync(sampleCsv)));
  for (const lang of ['zh', 'en']) {
    if (lang === 'en') await page.getByTestId('lang-toggle').click();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
    expect(dl.suggestedFilename()).toBe(lang === 'en' ? 'vbp-savings-results.csv' : 'vbp-savings-测算结果.csv');
    const got = readFileSync(await dl.path());
    const want = Buffer.from(engine.reportCsv(report, lang));
    expect(got.equals(want)).toBe(true);
    expect([...got.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = got.subarray(3).toString('utf8');
    const total = text.split('\r\n')[1].split(',');
    expect(total[0]).toBe(lang === 'en' ? 'total' : '合计');
    expect(total.slice(10, 13)).toEqual([report.totals.baseline_spend, report.totals.vbp_spend, report.totals.savings]);
  }
});

test('the print view is an A4 report: title, date, input summary, assumptions, tables, charts', async ({ page }) => {
  await openPage(page);
  await loadSample(page);
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
  await page.getByRole('button', { name: '打印 A4 报告' }).click();
  await expect.poll(() => page.evaluate(() => window.__printed)).toBe(1);
  await expect(page.locator('details[data-formula=savings]')).toHaveAttribute('open', '');

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.print-head h1')).toBeVisible();
  await expect(page.locator('.print-head h1')).toHaveText('集采节约测算报告');
  await expect(page.locator('#print-date')).toHaveText(/\d{4}年\d{1,2}月\d{1,2}日/);
  await expect(page.locator('#print-input-summary')).toContainText('sample.csv');
  await expect(page.locator('#print-input-summary')).toContainText('计入 5 行，拒绝 1 行');
  await expect(page.getByRole('tablist')).toBeHidden();
  await expect(page.locator('#panel-input')).toBeHidden();
  await expect(page.locator('#export-csv')).toBeHidden();
  await expect(page.locator('#assumptions')).toBeVisible();
  await expect(page.locator('#drug-table')).toBeVisible();
  await expect(page.locator('#category-table')).toBeVisible();
  for (const id of ['chart-category', 'chart-waterfall', 'chart-cuts']) await expect(page.locator(`#${id} canvas`)).toBeVisible();
  await shot(page, 'print-view');
  const pdf = await page.pdf({ path: join(shots, 'report-a4.pdf'), format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
});
