// Scenarios: save, reload, reopen, compare (engine figures), export and import as JSON, delete.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { engine, cli, openPage, loadSample, sampleCsv, shot, rowCell, typeInto } from './helpers.mjs';

async function saveAs(page, name) {
  await page.getByRole('tab', { name: '方案' }).click();
  await page.locator('#scenario-name').fill(name);
  await page.getByRole('button', { name: '保存当前数据为方案' }).click();
  await expect(page.locator('#status')).toHaveText(`已保存方案“${name}”`);
}

test('save two scenarios, reload, reopen one, compare both, export, delete and import back', async ({ page }) => {
  const sample = cli(sampleCsv);
  await openPage(page);
  await loadSample(page);
  await saveAs(page, '基线 A');

  // scenario B: 1000 capsules of lenvatinib instead of 900, typed in the table
  await page.getByRole('tab', { name: '数据输入' }).click();
  const qty = rowCell(page, 0, 'quantity');
  await expect(qty).toHaveText('900');
  await typeInto(qty, '1000');
  await expect(page.getByTestId('total-savings')).not.toHaveAttribute('data-value', sample.totals.savings);
  const savingsB = await page.getByTestId('total-savings').getAttribute('data-value');
  await saveAs(page, '扩量 B');

  // survives a reload
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('tab', { name: '方案' }).click();
  await expect(page.locator('#scenario-table tbody tr')).toHaveCount(2);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('vbp-savings/scenarios')));
  expect(stored.map((s) => [s.schema, s.name, s.kind])).toEqual([
    ['vbp-savings/scenario@2', '基线 A', 'csv'],
    ['vbp-savings/scenario@2', '扩量 B', 'lines'],
  ]);

  // reopen A: the sample's exact totals
  await page.getByRole('button', { name: '打开 基线 A' }).click();
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', sample.totals.savings);
  await page.getByRole('tab', { name: '方案' }).click();
  await page.getByRole('button', { name: '打开 扩量 B' }).click();
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', savingsB);

  // compare A and B side by side; the difference is the engine's, recomputed here in Node
  await page.getByRole('tab', { name: '方案' }).click();
  await page.locator('#compare-a').selectOption('基线 A');
  await page.locator('#compare-b').selectOption('扩量 B');
  await page.getByRole('button', { name: '对比', exact: true }).click();
  const table = page.locator('#compare-table');
  await expect(table).toBeVisible();
  const a = engine.estimateCsv(new Uint8Array(readFileSync(sampleCsv)));
  const b = engine.estimate({ lines: stored[1].lines.map((l) => Object.fromEntries(Object.entries(l).filter(([, v]) => v !== '' && v !== null))) });
  expect(b.totals.savings).toBe(savingsB);
  const c = engine.compareEstimates(a, b);
  expect(c.delta.savings).toBe('9000'); // 100 more capsules × (108 − 18)
  const savingsRow = table.locator('tbody tr').filter({ hasText: /^节约额/ }).first();
  await expect(savingsRow.locator('td').nth(0)).toHaveText('¥123,058.06');
  await expect(savingsRow.locator('td').nth(2)).toHaveText('+¥9,000.00');
  await shot(page, 'scenarios-compare');

  // export B as JSON, delete it, import it back
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 JSON 扩量 B' }).click()]);
  const json = JSON.parse(readFileSync(await dl.path(), 'utf8'));
  expect(json.schema).toBe('vbp-savings/scenario@2');
  expect(json.name).toBe('扩量 B');
  page.once('dialog', (d) => d.accept()); // 删除 asks first, as 清空 does
  await page.getByRole('button', { name: '删除 扩量 B' }).click();
  await expect(page.locator('#scenario-table tbody tr')).toHaveCount(1);
  await page.locator('#scenario-file').setInputFiles({ name: 'b.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
  await expect(page.locator('#status')).toHaveText('已导入方案“扩量 B”');
  await expect(page.locator('#scenario-table tbody tr')).toHaveCount(2);
  await page.getByRole('button', { name: '打开 扩量 B' }).click();
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', savingsB);

  // a file that is not a scenario is refused in plain words
  await page.getByRole('tab', { name: '方案' }).click();
  await page.locator('#scenario-file').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"schema":"other"}') });
  await expect(page.locator('#status')).toContainText('不是有效的方案文件');
  await expect(page.locator('#scenario-table tbody tr')).toHaveCount(2);
});
