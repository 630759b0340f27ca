// The page loads the engine and computes in the browser; nothing leaves the origin.
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

test('sample estimate runs in the browser', async ({ page }) => {
  const outside = [];
  page.on('request', (r) => { if (!r.url().startsWith('http://127.0.0.1:')) outside.push(r.url()); });
  await page.goto('/');
  await expect(page.locator('#status')).toHaveText('计算引擎已就绪');
  await page.click('#sample');
  await expect(page.getByTestId('total-savings')).toHaveText('¥8100.00');
  await expect(page.getByTestId('savings-rate')).toHaveText('83.33%');
  expect(outside).toEqual([]);
});

test('a GBK CSV imported in the page gives the CLI totals', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#status')).toHaveText('计算引擎已就绪');
  await page.getByTestId('import-file').setInputFiles(join(fixtures, 'hospital_gbk.csv'));
  await expect(page.getByTestId('total-baseline')).toHaveText('¥367642.21');
  await expect(page.getByTestId('total-savings')).toHaveText('¥276932.86');
  await expect(page.locator('#status')).toHaveText('计入 6 行，拒绝 5 行');
});
