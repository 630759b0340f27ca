// The official result table (中选结果表) in the page: it becomes a catalog (pack quantities
// asked for, never guessed), saved in the browser and reused; a usage file is priced against
// it, uncertain matches are listed for review and settled by a choice — each step equal to
// the CLI run on the same files.
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { cli, root, fixtures, openPage, shot, unnamedControls, batchesEngine } from './helpers.mjs';

const table = join(fixtures, 'xlsx', 'result_table.xlsx');
const sheets = createRequire(import.meta.url)(join(root, 'pkg', 'vbp_savings_xlsx.cjs'));

const USAGE = [
  '药品名称,规格,生产企业,数量,集采前单价',
  '磷酸奥司他韦胶囊,75mg*10粒,宜昌东阳光长江药业股份有限公司,12000,6.45',
  '磷酸奥司他韦胶囊,75mg,,100,6.45',
  '注射用替加环素,50mg,Pfizer,30,500',
  '依巴斯汀片,10mg*14片,江苏联环药业股份有限公司,1400,1.2345',
].join('\n');

test('a result table becomes a saved catalog that prices a usage file; a review choice settles a match', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'vbp-rt-'));
  const usage = join(dir, 'usage.csv');
  writeFileSync(usage, USAGE);
  // the engine's own catalog from the same table and answer
  const book = sheets.readWorkbook(readFileSync(table));
  const rows = book.sheets[book.default_sheet].rows;
  const want = batchesEngine.resultTableCatalog(rows, { batch: 7, label: 'result_table.xlsx', pack_quantities: { 9: '10' } });

  await openPage(page);
  await page.getByRole('tab', { name: '第七批目录' }).click();
  await page.locator('#rt-file').setInputFiles(table);
  await expect(page.locator('#rt-summary')).toContainText('8 个产品');
  await expect(page.locator('#rt-summary')).toContainText('1 行缺包装数量');
  // the row whose pack quantity can't be read: asked for, not guessed
  const ask = page.getByLabel('第 9 行 每包数量');
  await expect(ask).toBeVisible();
  await expect(page.getByTestId('rt-products').locator('tbody tr')).toHaveCount(8);
  await ask.fill('10');
  await page.getByRole('button', { name: '按填写的包装数量重新生成' }).click();
  await expect(page.getByTestId('rt-products').locator('tbody tr')).toHaveCount(want.products.length);
  const pfizer = want.products.find((p) => p.manufacturer === 'Pfizer');
  expect(pfizer.unit_price).toBe('41.59');
  const row = page.getByTestId('rt-products').locator(`tr[data-product="${pfizer.product}"]`);
  await expect(row).toContainText('¥41.59');
  await expect(row).toContainText('您填写');
  await shot(page, 'result-table-import');
  expect(await unnamedControls(page, '#panel-catalog')).toEqual([]);

  // saved in this browser and used for pricing
  await page.locator('#rt-name').fill('结果表测试');
  await page.getByRole('button', { name: '保存并用于测算' }).click();
  await expect(page.locator('#status')).toHaveText('已保存目录“结果表测试”，并用于测算');
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('vbp-savings/catalogs')));
  expect(stored.map((c) => [c.schema, c.name])).toEqual([['vbp-savings/saved-catalog@1', '结果表测试']]);
  expect(stored[0].catalog).toEqual(want.catalog);
  const catalogFile = join(dir, 'catalog.json');
  writeFileSync(catalogFile, JSON.stringify(stored[0].catalog));
  await expect(page.locator('#catalog-pick')).toHaveValue('结果表测试');

  // a usage file priced against it: the CLI's totals, the uncertain line listed with its candidates
  const before = cli(usage, '--catalog', catalogFile);
  expect(before.review.map((r) => r.line)).toEqual([3]);
  await page.getByRole('tab', { name: '数据输入' }).click();
  await page.getByTestId('import-file').setInputFiles(usage);
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', before.totals.savings);
  await page.getByRole('tab', { name: '数据输入' }).click(); // an import shows the results: back to the data
  const review = page.getByTestId('review-table').locator('tbody tr');
  await expect(review).toHaveCount(1);
  await expect(review.first()).toHaveAttribute('data-line', '3');
  const choice = page.getByLabel('第 3 行 磷酸奥司他韦胶囊 对应的目录产品');
  const hetero = before.review[0].candidates.find((c) => c.company === 'Hetero Labs');
  await expect(choice.locator('option')).toHaveCount(before.review[0].candidates.length + 2);
  await shot(page, 'match-review');
  expect(await unnamedControls(page, '#panel-input')).toEqual([]);

  // the choice goes to the engine as an override: the CLI's --override totals
  await choice.selectOption(hetero.product);
  const after = cli(usage, '--catalog', catalogFile, '--override', `3=${hetero.product}`);
  expect(after.review).toEqual([]);
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', after.totals.savings);
  expect(after.totals.savings).not.toBe(before.totals.savings);
  // still listed, so the choice can be changed back
  await expect(page.getByLabel('第 3 行 磷酸奥司他韦胶囊 对应的目录产品')).toHaveValue(hetero.product);
  await page.getByLabel('第 3 行 磷酸奥司他韦胶囊 对应的目录产品').selectOption('none');
  const none = cli(usage, '--catalog', catalogFile, '--override', '3=none');
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', none.totals.savings);

  // back to the built-in catalog: the CLI's plain totals, the decisions dropped
  await page.locator('#catalog-pick').selectOption('');
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', cli(usage).totals.savings);

  // kept across a reload, reusable, exportable
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('tab', { name: '第七批目录' }).click();
  await expect(page.locator('#catalogs-table tbody tr')).toHaveCount(1);
  await page.getByRole('button', { name: '用于测算 结果表测试' }).click();
  await expect(page.locator('#catalog-pick')).toHaveValue('结果表测试');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 JSON 结果表测试' }).click()]);
  expect(JSON.parse(readFileSync(await dl.path(), 'utf8'))).toEqual(want.catalog);
  await page.getByRole('button', { name: '删除 结果表测试' }).click();
  await expect(page.locator('#catalogs-table tbody tr')).toHaveCount(0);
  await expect(page.locator('#catalog-pick')).toHaveValue('');
  // a catalog JSON imports back (checked by the engine); junk is refused
  await page.locator('#catalog-file').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(want.catalog)) });
  await expect(page.locator('#status')).toHaveText('已导入目录“mine”');
  await page.locator('#catalog-file').setInputFiles({ name: 'junk.json', mimeType: 'application/json', buffer: Buffer.from('{"schema":"nope"}') });
  await expect(page.locator('#status')).toContainText('不是有效的目录文件');
});
