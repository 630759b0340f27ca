// Export: the results CSV (UTF-8 with BOM, made by the engine) read back byte for byte; the A4 print view.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engine, openPage, loadSample, sampleCsv, fixtures, shots, shot } from './helpers.mjs';

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

test('the A4 report fits the printable width: charts scale, long 取价依据 text wraps', async ({ page }) => {
  // the reviewer's window: 1366 px wide, a hospital's GBK file, the results tab
  await page.setViewportSize({ width: 1366, height: 800 });
  await openPage(page);
  await page.getByTestId('import-file').setInputFiles(join(fixtures, 'hospital_gbk.csv'));
  await expect(page.getByTestId('total-savings')).not.toBeEmpty();
  await page.locator('#tab-results').click();
  for (const id of ['chart-category', 'chart-waterfall', 'chart-cuts']) await expect(page.locator(`#${id}`)).toHaveAttribute('data-drawn', 'true');
  await page.evaluate(() => { window.print = () => {}; });
  await page.getByRole('button', { name: '打印 A4 报告' }).click();
  await expect(page.locator('details[data-formula=savings]')).toHaveAttribute('open', '');

  // A4 less 12 mm margins each side: 186 mm ≈ 703 CSS px; the charts were drawn for the screen
  // and print media comes without a resize, as when Chromium prints
  await page.setViewportSize({ width: 703, height: 1000 });
  // what a print takes: each chart's canvas as it is when print media applies (before any frame)
  await page.evaluate(() => {
    window.__atPrint = null;
    matchMedia('print').addEventListener('change', (e) => {
      if (e.matches) window.__atPrint = [...document.querySelectorAll('.chart canvas')].map((c) => c.toDataURL());
    }, { once: true });
  });
  await page.emulateMedia({ media: 'print' });
  const overflowing = () => page.evaluate(() => {
    const right = document.querySelector('#results').getBoundingClientRect().right;
    const sel = '#results table, #results th, #results td, #results td *, .chart-box, .chart, .chart > div, .chart canvas, .chart svg';
    return [...document.querySelectorAll(sel)]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.right > right + 0.5)
      .map(({ el, r }) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${Math.round(r.right)} > ${Math.round(right)}: ${el.textContent.trim().slice(0, 24)}`);
  });
  await expect.poll(overflowing).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(703);
  // the printed canvases are already the charts drawn for the print width, not the screen's drawing cut off
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const atPrint = await page.evaluate(() => window.__atPrint);
  expect(atPrint).toHaveLength(3);
  expect(atPrint).toEqual(await page.evaluate(() => [...document.querySelectorAll('.chart canvas')].map((c) => c.toDataURL())));
  // the whole basis is printed, wrapped, not cut mid-word
  const basis = page.locator('#line-table tbody tr').filter({ hasText: '东阳光' }).locator('td').last();
  await expect(basis).toContainText('每盒29.9');
  const cell = await basis.evaluate((td) => ({ w: td.scrollWidth, cw: td.clientWidth, lines: td.getBoundingClientRect().height / parseFloat(getComputedStyle(td).lineHeight) }));
  expect(cell.w).toBeLessThanOrEqual(cell.cw);
  expect(cell.lines).toBeGreaterThan(2);
  const pdf = await page.pdf({ path: join(shots, 'report-a4-hospital.pdf'), format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
});
