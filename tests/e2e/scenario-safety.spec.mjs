// Saved scenarios are kept safe: an older schema (scenario@1, from a fixture written as the
// earlier page wrote it) migrates to scenario@2 with its original text backed up; what
// can't be read (not JSON, the wrong shape, a newer schema, a file whose bytes no longer
// match their check) is reported and set aside under its own key, never deleted and never
// overwritten; when setting aside is impossible nothing is written; and reloading in the
// middle of a large import loses nothing that was saved.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { cli, engine, openPage, loadSample, sampleCsv, fixtures, shot } from './helpers.mjs';
import { largeUsageCsv } from './large-data.mjs';

const STORE = 'vbp-savings/scenarios';
const SET_ASIDE = 'vbp-savings/scenarios-set-aside';
const BACKUP = 'vbp-savings/scenarios-backup';
const V1 = readFileSync(join(fixtures, 'scenarios_v1.json'), 'utf8');

/** Opens the page with localStorage holding `items` (key → text) as a page left them. */
async function openWith(page, items) {
  await openPage(page); // the page has put its store in order before the test sets it
  await page.evaluate((kv) => { localStorage.clear(); for (const [k, v] of Object.entries(kv)) localStorage.setItem(k, v); }, items);
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

const storage = (page) => page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])));

test('scenario@1 saved by the earlier page migrates to scenario@2, its text backed up, and opens with the same figures', async ({ page }) => {
  const old = JSON.parse(V1);
  await openWith(page, { [STORE]: V1 });
  await expect(page.locator('#status')).toHaveText('已将 2 个旧格式的方案升级到新格式（原数据已另存备份）。');
  const s = await storage(page);
  expect(s[BACKUP]).toBe(V1);
  expect(s[SET_ASIDE]).toBeUndefined();
  const stored = JSON.parse(s[STORE]);
  expect(stored.map((d) => [d.schema, d.name, d.kind, d.migrated_from, d.engine_version])).toEqual([
    ['vbp-savings/scenario@2', '示例（旧格式）', 'csv', 'vbp-savings/scenario@1', null],
    ['vbp-savings/scenario@2', '手填两行（旧格式）', 'lines', 'vbp-savings/scenario@1', null],
  ]);
  // the file's check, computed here independently
  const bytes = readFileSync(sampleCsv);
  expect(Buffer.from(old[0].file.base64, 'base64')).toEqual(bytes);
  expect(stored[0].file).toEqual({ name: 'sample.csv', base64: old[0].file.base64, size: bytes.length, crc32: crc32(bytes).toString(16).padStart(8, '0') });
  // nothing else changed
  for (const [i, d] of stored.entries()) {
    const { schema, migrated_from, engine_version, file, ...rest } = d;
    const { schema: s1, file: f1, ...rest1 } = old[i];
    expect(rest).toEqual(rest1);
  }

  // both open with the engine's figures
  await page.getByRole('tab', { name: '方案' }).click();
  await page.getByRole('button', { name: '打开 示例（旧格式）' }).click();
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', cli(sampleCsv).totals.savings);
  await page.getByRole('tab', { name: '方案' }).click();
  await page.getByRole('button', { name: '打开 手填两行（旧格式）' }).click();
  const want = engine.estimate({ lines: old[1].lines.map((l) => Object.fromEntries(Object.entries(l).filter(([, v]) => v !== ''))), options: { estimate_cut: '0.5' } });
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', want.totals.savings);
  await page.getByRole('tab', { name: '供应保障' }).click();
  await expect(page.locator('[data-key="scn-share-s1"]')).toHaveValue('0.2');

  // a second load migrates nothing more, and the backup stays as it was
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('#status')).toHaveText('请选择本院用量文件，或载入示例数据看看结果。'); // the ready state, in plain words (was 计算引擎已就绪)
  expect((await storage(page))[BACKUP]).toBe(V1);
});

test('a store that is not JSON is set aside and reported; saving afterwards keeps it', async ({ page }) => {
  const broken = '[{"schema":"vbp-savings/scenario@2","name":"半截';
  await openWith(page, { [STORE]: broken });
  await expect(page.locator('#status')).toContainText('有 1 个已保存的方案无法读取，已另存到单独的位置');
  await expect(page.locator('#status')).toContainText('存储内容不是有效的 JSON');
  let s = await storage(page);
  const aside = JSON.parse(s[SET_ASIDE]);
  expect(aside.map((b) => [b.reason, b.raw])).toEqual([['json', broken]]);
  expect(JSON.parse(s[STORE])).toEqual([]);

  await page.getByRole('tab', { name: '方案' }).click();
  await expect(page.getByTestId('scenarios-set-aside')).toBeVisible();
  await expect(page.locator('#set-aside-list li')).toHaveText(['存储内容不是有效的 JSON']);
  await page.getByRole('tab', { name: '数据输入' }).click();
  await loadSample(page);
  await page.getByRole('tab', { name: '方案' }).click();
  await page.locator('#scenario-name').fill('新方案');
  await page.getByRole('button', { name: '保存当前数据为方案' }).click();
  await expect(page.locator('#status')).toHaveText('已保存方案“新方案”');
  s = await storage(page);
  expect(JSON.parse(s[STORE]).map((d) => d.name)).toEqual(['新方案']);
  expect(JSON.parse(s[SET_ASIDE]).map((b) => b.raw)).toEqual([broken]);

  // the user may export them (a download) and, after a confirmation, delete them
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出无法读取的方案（JSON）' }).click()]);
  expect(JSON.parse(readFileSync(await dl.path(), 'utf8')).map((b) => b.raw)).toEqual([broken]);
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: '删除这些无法读取的方案' }).click();
  await expect(page.getByTestId('scenarios-set-aside')).toBeHidden();
  expect((await storage(page))[SET_ASIDE]).toBeUndefined();
  expect(JSON.parse((await storage(page))[STORE]).map((d) => d.name)).toEqual(['新方案']);
});

test('a wrong shape and a newer schema are set aside at load, a damaged file when opened; the good scenario is untouched', async ({ page }) => {
  // a good scenario@2, as this page saves it
  await openPage(page);
  await loadSample(page);
  await page.getByRole('tab', { name: '方案' }).click();
  await page.locator('#scenario-name').fill('好方案');
  await page.getByRole('button', { name: '保存当前数据为方案' }).click();
  await expect(page.locator('#status')).toHaveText('已保存方案“好方案”');
  const good = JSON.parse((await storage(page))[STORE])[0];
  expect(good.schema).toBe('vbp-savings/scenario@2');
  expect(good.file.size).toBe(readFileSync(sampleCsv).length);

  const damaged = { ...good, name: '坏文件', file: { ...good.file, base64: Buffer.from(readFileSync(sampleCsv).toString('utf8').replace('900', '990')).toString('base64') } };
  const shape = { ...good, name: '错形状', kind: 'bogus' };
  const newer = { ...good, name: '新版本', schema: 'vbp-savings/scenario@3', fancy: true };
  await openWith(page, { [STORE]: JSON.stringify([good, shape, damaged, newer]) });
  await expect(page.locator('#status')).toContainText('有 2 个已保存的方案无法读取');
  await expect(page.locator('#status')).toContainText('“错形状”：格式不正确：kind must be csv, rows, lines or none');
  await expect(page.locator('#status')).toContainText('“新版本”：由更新版本的页面保存（vbp-savings/scenario@3），本页面无法读取');
  let s = await storage(page);
  expect(JSON.parse(s[STORE]).map((d) => d.name)).toEqual(['好方案', '坏文件']);
  expect(JSON.parse(s[STORE])[0]).toEqual(good);
  const aside = JSON.parse(s[SET_ASIDE]);
  expect(aside.map((b) => [b.name, b.reason])).toEqual([['错形状', 'shape'], ['新版本', 'newer']]);
  expect(JSON.parse(aside[1].raw)).toEqual(newer);

  // the damaged file is found when opened: reported, set aside, not opened (the figures shown stay)
  await page.getByRole('tab', { name: '方案' }).click();
  await page.getByRole('button', { name: '打开 好方案' }).click();
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', cli(sampleCsv).totals.savings);
  await page.getByRole('tab', { name: '方案' }).click();
  await page.getByRole('button', { name: '打开 坏文件' }).click();
  await expect(page.locator('#status')).toHaveText('方案“坏文件”的数据已损坏，已另存到单独的位置，未打开。');
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', cli(sampleCsv).totals.savings);
  s = await storage(page);
  expect(JSON.parse(s[STORE])).toEqual([good]);
  expect(JSON.parse(s[SET_ASIDE]).map((b) => [b.name, b.reason])).toEqual([['错形状', 'shape'], ['新版本', 'newer'], ['坏文件', 'damaged']]);
  await expect(page.locator('#set-aside-list li')).toHaveCount(3);
  await expect(page.locator('#set-aside-list li[data-reason=damaged]')).toHaveText('“坏文件”：保存的文件内容已损坏（校验不符）');
  await shot(page, 'scenarios-set-aside');

  // the good one still opens
  await page.getByRole('button', { name: '打开 好方案' }).click();
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', cli(sampleCsv).totals.savings);
  await expect(page.locator('#status')).toHaveText('已打开方案“好方案”');

  // a scenario file of a newer schema is refused on import, in plain words
  await page.getByRole('tab', { name: '方案' }).click();
  await page.locator('#scenario-file').setInputFiles({ name: 'n.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(newer)) });
  await expect(page.locator('#status')).toHaveText('不是有效的方案文件：该方案由更新版本的页面保存（vbp-savings/scenario@3），本页面无法读取');
  // and an old one is migrated on import
  await page.locator('#scenario-file').setInputFiles({ name: 'o.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(JSON.parse(V1)[1])) });
  await expect(page.locator('#status')).toHaveText('已导入方案“手填两行（旧格式）”');
  expect(JSON.parse((await storage(page))[STORE]).map((d) => [d.name, d.schema])).toEqual([['好方案', 'vbp-savings/scenario@2'], ['手填两行（旧格式）', 'vbp-savings/scenario@2']]);
});

test('when the unreadable scenarios cannot be set aside (storage full), nothing is written', async ({ page }) => {
  const shape = { schema: 'vbp-savings/scenario@2', name: '错形状', kind: 'bogus' };
  const text = JSON.stringify([JSON.parse(V1)[1], shape]);
  await page.addInitScript(() => {
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function setItem(k, v) {
      if (k === 'vbp-savings/scenarios-set-aside') throw new DOMException('full', 'QuotaExceededError');
      return set.call(this, k, v);
    };
  });
  await openWith(page, { [STORE]: text });
  await expect(page.locator('#status')).toHaveText('已保存的方案无法另存备份（浏览器存储已满或被禁用）：为免覆盖，暂不保存新方案。');
  expect((await storage(page))[STORE]).toBe(text);
  // the readable one is listed and opens; saving is refused and the store stays as it was
  await page.getByRole('tab', { name: '方案' }).click();
  await expect(page.locator('#scenario-table tbody tr')).toHaveCount(1);
  await page.getByRole('tab', { name: '数据输入' }).click();
  await loadSample(page);
  await page.getByRole('tab', { name: '方案' }).click();
  await page.locator('#scenario-name').fill('新方案');
  await page.getByRole('button', { name: '保存当前数据为方案' }).click();
  await expect(page.locator('#status')).toHaveText('已保存的方案无法另存备份（浏览器存储已满或被禁用）：为免覆盖，暂不保存新方案。');
  expect((await storage(page))[STORE]).toBe(text);
});

test('reloading in the middle of a large import loses nothing that was saved; a large file is not saved as a scenario', async ({ page }) => {
  test.setTimeout(120_000);
  const file = largeUsageCsv(1_000_000);
  await openPage(page);
  await loadSample(page);
  await page.getByRole('tab', { name: '方案' }).click();
  await page.locator('#scenario-name').fill('导入前');
  await page.getByRole('button', { name: '保存当前数据为方案' }).click();
  await expect(page.locator('#status')).toHaveText('已保存方案“导入前”');
  const before = await storage(page);

  await page.getByRole('tab', { name: '数据输入' }).click();
  await page.getByTestId('import-file').setInputFiles(file);
  const progress = page.getByTestId('import-progress');
  await expect.poll(async () => Number(await progress.getAttribute('data-percent')), { timeout: 60_000, intervals: [50] }).toBeGreaterThan(0);
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  expect(await storage(page)).toEqual(before);
  await page.getByRole('tab', { name: '方案' }).click();
  await page.getByRole('button', { name: '打开 导入前' }).click();
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', cli(sampleCsv).totals.savings);

  // a large file's data does not fit the browser's storage: saving it is refused, the saved ones stay
  await page.getByRole('tab', { name: '数据输入' }).click();
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.locator('#status')).toContainText('已导入“usage_1000000_v1.csv”', { timeout: 120_000 });
  await page.getByRole('tab', { name: '方案' }).click();
  await page.locator('#scenario-name').fill('大文件');
  await page.getByRole('button', { name: '保存当前数据为方案' }).click();
  await expect(page.locator('#status')).toHaveText('大文件的数据太大，无法保存在浏览器中：方案未保存（已保存的方案未改变）。');
  expect(await storage(page)).toEqual(before);
});
