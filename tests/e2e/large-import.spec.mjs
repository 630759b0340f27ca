// Large CSV files in the page: read in a Web Worker piece by piece with a live progress
// bar (rows, MB, percent, time left) and a cancel button; the main thread never blocks for
// more than 50 ms (Chromium's `longtask` entries, which it reports for every task over
// 50 ms, must be absent during the import: a property of the page, not a speed benchmark);
// the totals are the CLI's on the same file; the worker's memory does not grow with the
// file; a cancel leaves the data as it was.
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, engine, openPage, loadSample, sampleCsv, shot, shots, fixtures, gridRows } from './helpers.mjs';
import { largeUsageCsv, badRow } from './large-data.mjs';

const ROWS = 1_000_000;

/** Records long tasks (> 50 ms) of the page's main thread from its first moment. */
async function watchLongTasks(page) {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration, name: e.name });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/**
 * Records every percentage the progress bar shows (a MutationObserver, no polling), and when
 * the bar is hidden again (`__readDone`: the file is read and its report is in).
 */
function watchProgress(page) {
  return page.evaluate(() => {
    window.__percents = [];
    window.__readDone = null;
    const box = document.querySelector('#import-progress');
    new MutationObserver(() => {
      const p = box.dataset.percent;
      if (box.hidden && window.__percents.length && window.__readDone === null) window.__readDone = performance.now();
      if (!box.hidden && p !== undefined && window.__percents[window.__percents.length - 1] !== p) window.__percents.push(p);
    }).observe(box, { attributes: true, attributeFilter: ['data-percent', 'hidden'] });
    return performance.now();
  });
}

test('a 1,000,000-row CSV imports in a worker with a live progress bar, never blocks the page for 50 ms, keeps its memory bounded, and gives the CLI totals', async ({ page }) => {
  test.setTimeout(600_000);
  const file = largeUsageCsv(ROWS);
  const want = cli(file, '--omit-lines');
  expect(want.input.rows).toBe(ROWS);
  const bad = Array.from({ length: ROWS }, (_, i) => i).filter(badRow).map((i) => [i + 2, 'bad_number']);
  expect(want.rejected.map((p) => [p.line, p.code])).toEqual(bad);
  expect(want.totals.lines).toBe(ROWS - bad.length);

  await watchLongTasks(page);
  await openPage(page);
  const t0 = await watchProgress(page);
  await page.getByTestId('import-file').setInputFiles(file);

  // the progress bar, live: a screenshot once a third of the file is read
  const progress = page.getByTestId('import-progress');
  await expect(progress).toBeVisible();
  await expect(page.locator('#status')).toContainText('正在导入大文件');
  await expect.poll(async () => Number(await progress.getAttribute('data-percent')), { timeout: 300_000, intervals: [50] }).toBeGreaterThanOrEqual(30);
  await expect(page.locator('#import-progress-text')).toContainText(/\d+% · 已读 [\d.,]+ \/ 42\.8 MB · [\d,]+ 行（[\d,]+ 行计入）/);
  await page.locator('#panel-input').screenshot({ path: join(shots, 'import-progress-1m.png') });

  await expect(page.locator('#status')).toHaveText(`已导入“usage_1000000_v1.csv”：${want.input.accepted} 行计入，${want.input.rejected} 行被拒绝`, { timeout: 300_000 });
  await expect(progress).toBeHidden();
  const t1 = await page.evaluate(() => performance.now());
  console.log(`1,000,000-row import in the page: ${((t1 - t0) / 1000).toFixed(1)} s`);

  // the CLI's exact totals
  for (const [id, key] of [['total-baseline', 'baseline_spend'], ['total-vbp', 'vbp_spend'], ['total-savings', 'savings'], ['savings-rate', 'savings_rate']]) {
    await expect(page.getByTestId(id)).toHaveAttribute('data-value', want.totals[key]);
  }
  const report = await page.evaluate(() => window.__vbpLastReport);
  expect(report.by_drug).toEqual(want.by_drug);
  expect(report.by_category).toEqual(want.by_category);
  expect(report.input.rows).toBe(ROWS);

  // progress was shown as it went: many distinct percentages, rising
  const percents = (await page.evaluate(() => window.__percents)).map(Number);
  expect(new Set(percents).size).toBeGreaterThanOrEqual(10);
  expect(percents).toEqual([...percents].sort((a, b) => a - b));

  // the main thread never blocked for more than 50 ms while the file was read (the results
  // views drawn after it, a view per task, are the page's ordinary drawing, not the import's)
  const readDone = await page.evaluate(() => window.__readDone);
  expect(readDone).toBeGreaterThan(t0);
  expect(readDone).toBeLessThanOrEqual(t1);
  const long = (await page.evaluate(() => window.__longTasks)).filter((e) => e.start >= t0 && e.start + e.duration <= readDone);
  expect(long).toEqual([]);

  // memory stays bounded: the worker's WebAssembly memory (its peak: it only grows) is the same
  // few MB for a tenth of the file, far below the file's 42.8 MB — the file is never held whole
  const memory = Number(await progress.getAttribute('data-memory'));
  expect(memory).toBeGreaterThan(0);
  expect(memory).toBeLessThanOrEqual(16 * 1024 * 1024);
  await page.getByTestId('import-file').setInputFiles(largeUsageCsv(ROWS / 10));
  await expect(page.locator('#status')).toHaveText(/^已导入“usage_100000_v1.csv”/, { timeout: 120_000 });
  const memoryTenth = Number(await progress.getAttribute('data-memory'));
  expect(memory).toBeLessThanOrEqual(memoryTenth * 1.5);
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.locator('#status')).toHaveText(`已导入“usage_1000000_v1.csv”：${want.input.accepted} 行计入，${want.input.rejected} 行被拒绝`, { timeout: 300_000 });

  // rejected rows listed by line; the per-line table left out, and the page says so
  const rows = page.getByTestId('rejected-rows').locator('tbody tr');
  await expect(rows).toHaveCount(bad.length);
  await expect(rows.first().locator('td').nth(1)).toHaveText(String(bad[0][0]));
  await expect(rows.first().locator('td').nth(3)).toHaveText('bad_number');
  await expect(page.locator('#lines-empty')).toContainText('大文件未保留逐行明细');
  await expect(page.locator('#source-info')).toContainText('1000000 行数据');
  await page.getByRole('tab', { name: '测算结果' }).click();
  await expect(page.getByTestId('line-omitted')).toBeVisible();
  await expect(page.getByTestId('line-omitted')).toContainText(`共 ${want.totals.lines} 行计入`);
  await shot(page, 'import-1m-results');
});

test('cancel stops a large import and leaves the data as it was', async ({ page }) => {
  test.setTimeout(120_000);
  const file = largeUsageCsv(ROWS);
  const sample = cli(sampleCsv);
  await openPage(page);
  await loadSample(page);
  await page.getByRole('tab', { name: '数据输入' }).click();
  await page.getByTestId('import-file').setInputFiles(file);
  const progress = page.getByTestId('import-progress');
  await expect.poll(async () => Number(await progress.getAttribute('data-percent')), { timeout: 60_000, intervals: [50] }).toBeGreaterThan(0);
  await page.getByTestId('import-cancel').click();
  await expect(progress).toBeHidden();
  await expect(page.locator('#status')).toHaveText('已取消导入“usage_1000000_v1.csv”：之前的数据未改变。');
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', sample.totals.savings);
  await expect(gridRows(page).filter({ hasNot: page.locator('.ag-cell.rejected') })).toHaveCount(sample.lines.length);
  // the page still imports after a cancel
  await page.getByTestId('import-file').setInputFiles(join(fixtures, 'sample_utf8.csv'));
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', cli(join(fixtures, 'sample_utf8.csv')).totals.savings);
});

test('through the worker a file gives estimateCsv\'s report, and a changed estimate cut reads it again', async ({ page }) => {
  // every CSV through the worker (threshold 0): a small file's report equals the engine's on the whole file
  await page.addInitScript(() => { window.__vbpStreamThreshold = 0; });
  const file = join(fixtures, 'hospital_gbk.csv');
  const bytes = new Uint8Array(readFileSync(file));
  await openPage(page);
  await page.getByTestId('import-file').setInputFiles(file);
  const want = engine.estimateCsv(bytes, { omit_lines: true });
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', want.totals.savings);
  const got = await page.evaluate(() => window.__vbpLastReport);
  expect(got).toEqual(want);
  await page.getByRole('tab', { name: '数据输入' }).click(); // an import shows the results: back to the data
  await expect(page.locator('#source-info')).toContainText('GB18030');

  // a lines-free file can't be edited line by line: adding a line is refused, nothing is lost
  await page.getByRole('button', { name: '添加一行' }).click();
  await expect(page.locator('#status')).toContainText('大文件的逐行明细未保留');
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', want.totals.savings);

  // the estimate cut changes: the file is read again in the worker with it
  const cut = page.locator('#estimate-cut');
  await cut.fill('0.3');
  await cut.dispatchEvent('change');
  const want30 = engine.estimateCsv(bytes, { omit_lines: true, estimate_cut: '0.3' });
  expect(want30.totals.savings).not.toBe(want.totals.savings);
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', want30.totals.savings);
  await expect(page.locator('#status')).toHaveText(`计入 ${want30.input.accepted} 行，拒绝 ${want30.input.rejected} 行`);

  // a file the engine refuses: its code, in the status line
  const dir = mkdtempSync(join(tmpdir(), 'vbp-e2e-'));
  const broken = join(dir, 'broken.csv');
  writeFileSync(broken, 'drug,quantity\nA,1\n');
  await page.getByTestId('import-file').setInputFiles(broken);
  await expect(page.locator('#status')).toContainText('（missing_column）');
  await expect(page.locator('#status')).toHaveClass(/error/);
});
