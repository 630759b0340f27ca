// Chinese by default, English on the toggle: labels, numbers (万 vs full amounts), kept across reloads.
import { test, expect } from '@playwright/test';
import { cli, yuan, openPage, loadSample, sampleCsv, shot } from './helpers.mjs';

test('the language toggle switches labels and number style, and is remembered', async ({ page }) => {
  const want = cli(sampleCsv);
  await openPage(page);
  await expect(page.locator('.top h1')).toContainText('集采节约测算');
  await loadSample(page);
  await expect(page.getByTestId('total-savings')).toHaveText('¥12.31万');

  await page.getByTestId('lang-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('.top h1')).toContainText('VBP savings');
  await expect(page.getByRole('tab', { name: 'Results' })).toBeVisible();
  await expect(page.getByTestId('lang-toggle')).toHaveText('中文');
  // English: full amounts to the fen
  await expect(page.getByTestId('total-baseline')).toHaveText(yuan(want.totals.baseline_spend));
  await expect(page.getByTestId('total-savings')).toHaveText(yuan(want.totals.savings));
  await expect(page.getByTestId('total-savings')).toHaveText('¥123,058.06');
  await expect(page.locator('#rounding-note')).toContainText('half away from zero');
  await expect(page.locator('#drug-table tbody')).toContainText('Afatinib');
  await expect(page.locator('#drug-table .badge.est')).toHaveText('est.');
  // rejected rows speak English too
  await expect(page.getByTestId('rejected-rows')).toContainText(want.rejected[0].message);
  await shot(page, 'results-en');

  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByTestId('lang-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('tab', { name: '测算结果' })).toBeVisible();
});

test('display rounding in the page equals the engine rule (2 dp, half away from zero)', async ({ page }) => {
  await openPage(page);
  const out = await page.evaluate(async () => {
    const f = await import('./js/format.js');
    const e = await import('./pkg/vbp_savings.js');
    const values = ['2.675', '1.005', '-0.005', '0.125', '-2.345', '12345678901234567.895', '9999.994', '0'];
    return values.map((v) => [v, f.money(v, 'en'), e.roundDisplay(v)]);
  });
  for (const [v, shown, rounded] of out) {
    const neg = rounded.startsWith('-');
    const [i, fr] = (neg ? rounded.slice(1) : rounded).split('.');
    expect(shown, v).toBe(`${neg ? '-' : ''}¥${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fr}`);
  }
});
