// The programme view: files of several batches and high-value consumables → the engine's
// savings per batch and cumulative, exact, equal to `vbp-savings programme --json`; the
// batches' published figures shown with their sources; unknown stays unknown.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { root, fixtures, openPage, shot, yuan, recordOutside, unnamedControls, batchesEngine } from './helpers.mjs';

const sheets = createRequire(import.meta.url)(join(root, 'pkg', 'vbp_savings_xlsx.cjs'));
const programme = (...args) => JSON.parse(execFileSync(process.execPath, [join(root, 'bin', 'vbp-savings.mjs'), 'programme', ...args, '--json'], { encoding: 'utf8' }));

test('several batches and consumables: per batch and cumulative, exactly the CLI programme', async ({ page, baseURL }) => {
  const outside = recordOutside(page, baseURL);
  const dir = mkdtempSync(join(tmpdir(), 'vbp-prog-'));
  const b7 = join(dir, 'b7.csv');
  const mixed = join(dir, 'mixed.csv');
  const devices = join(dir, 'devices.csv');
  writeFileSync(b7, '药品名称,数量,集采前单价,中选单价\n甲磺酸仑伐替尼胶囊,90,108,18\n');
  writeFileSync(mixed, '批次,药品名称,数量,集采前单价,中选单价\n第八批,某药,100,2,\n9,另一药,10,10,3.3\n第十批,无价药,5,4,\n,无批次药,1,1,1\n');
  writeFileSync(devices, '名称,器械类别,数量,集采前单价,中选单价\n冠脉支架,冠脉支架,2,13000,700\n人工髋关节,人工关节,1,30000,\n');
  const twin = join(fixtures, 'xlsx', 'usage_twin.xlsx');
  const want = programme(`7=${b7}`, mixed, `consumables=${devices}`, `7=${twin}`);

  const fetched = [];
  page.on('request', (r) => { if (/\.wasm$/.test(r.url())) fetched.push(r.url().split('/').pop()); });
  await openPage(page);
  await expect.poll(() => fetched).toEqual(['vbp_savings_bg.wasm']); // the engine, at start
  await page.getByRole('tab', { name: '多批次总览' }).click();
  // the batches' published figures, each with its source; batch 10's cut was not found
  const batches = batchesEngine.batches().batches;
  await expect(page.getByTestId('batches-table').locator('tbody tr')).toHaveCount(batches.length);
  expect(fetched).toEqual(['vbp_savings_bg.wasm']); // the programme is the same module: the tab loads no other
  const b10 = page.getByTestId('batches-table').locator('tr[data-batch="10"]');
  await expect(b10.locator('td').nth(4)).toContainText('未知');
  const b7row = page.getByTestId('batches-table').locator('tr[data-batch="7"]');
  await expect(b7row.locator('td').nth(4)).toContainText('48.00%');
  await expect(b7row.locator('td').nth(4)).toContainText(batches.find((b) => b.batch === 7).average_price_cut.source);

  await page.locator('#prog-file').setInputFiles([b7, mixed, devices, twin]);
  await expect(page.locator('#prog-parts tbody tr')).toHaveCount(4);
  await page.getByLabel('b7.csv 的批次').selectOption('7');
  await page.getByLabel('devices.csv 的批次').selectOption('consumables');
  await page.getByLabel('usage_twin.xlsx 的批次').selectOption('7');
  await expect(page.getByTestId('prog-savings')).toHaveAttribute('data-value', want.totals.savings);
  await expect(page.getByTestId('prog-baseline')).toHaveAttribute('data-value', want.totals.baseline_spend);
  const rows = page.getByTestId('prog-table').locator('tbody tr');
  await expect(rows).toHaveCount(want.parts.length + 1);
  for (const p of want.parts) {
    const tr = page.getByTestId('prog-table').locator(`tr[data-key="${p.key}"]`);
    await expect(tr.locator('td').nth(4)).toHaveAttribute('data-value', p.totals.savings);
    const c = want.cumulative.find((x) => x.key === p.key);
    await expect(tr.locator('td').nth(7)).toHaveAttribute('data-value', c.cumulative_savings);
  }
  expect(want.cumulative[want.cumulative.length - 1].cumulative_savings).toBe(want.totals.savings);
  await expect(page.getByTestId('prog-table').locator('tr[data-key=total] td').nth(4)).toHaveText(yuan(want.totals.savings));
  // rows that can't count, by file and line: a consumable without a price, batch 10 without a cut, no batch
  await expect(page.locator('#prog-rejected tbody tr')).toHaveCount(want.rejected.length);
  for (const code of ['no_vbp_price', 'unknown_batch']) await expect(page.locator('#prog-rejected')).toContainText(code);
  // every part's warnings, by file and line, as the CLI gives them
  expect(want.warnings.length).toBeGreaterThan(0);
  await expect(page.getByTestId('prog-warnings').locator('li')).toHaveCount(want.warnings.length);
  const w0 = want.warnings[0];
  await expect(page.getByTestId('prog-warnings').locator('li').first()).toContainText(`[${w0.source} · 行 ${w0.line}] ${w0.code} ${w0.message_zh}`);
  // sourced context: Harbin's cumulative figure
  await expect(page.locator('#prog-context')).toContainText('哈尔滨');
  await expect(page.locator('#chart-programme')).toHaveAttribute('data-drawn', 'true');
  await shot(page, 'programme-zh');
  expect(await unnamedControls(page, '#panel-programme')).toEqual([]);

  // the programme as a workbook
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#prog-export').click()]);
  expect(dl.suggestedFilename()).toBe('vbp-savings-多批次.xlsx');
  expect(sheets.readWorkbook(readFileSync(await dl.path())).sheets[0].name).toBe('汇总');

  // a file removed: the totals follow
  await page.getByRole('button', { name: '删除 usage_twin.xlsx' }).click();
  const fewer = programme(`7=${b7}`, mixed, `consumables=${devices}`);
  await expect(page.getByTestId('prog-savings')).toHaveAttribute('data-value', fewer.totals.savings);
  expect(outside).toEqual([]);
});
