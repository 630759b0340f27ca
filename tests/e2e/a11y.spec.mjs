// Keyboard, labels for screen readers, 1280×800 and tablet layouts.
import { test, expect } from '@playwright/test';
import { openPage, loadSample, shot } from './helpers.mjs';

test('tabs work by keyboard and every control has an accessible name', async ({ page }) => {
  await openPage(page);
  await loadSample(page);
  const tab = page.getByRole('tab', { name: '测算结果' });
  await tab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: '方案' })).toBeFocused();
  await expect(page.getByRole('tab', { name: '方案' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#panel-scenarios')).toBeVisible();
  await page.keyboard.press('Home');
  await expect(page.getByRole('tab', { name: '数据输入' })).toHaveAttribute('aria-selected', 'true');
  // the sample button is reachable and works from the keyboard
  await page.locator('#load-sample').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: '测算结果' })).toHaveAttribute('aria-selected', 'true');

  await page.getByRole('tab', { name: '数据输入' }).click();
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('input, select, button')]
    .filter((el) => el.offsetParent !== null || el.type === 'file')
    .filter((el) => {
      const label = el.getAttribute('aria-label') || (el.labels && [...el.labels].map((l) => l.textContent).join('')) || el.textContent;
      return !label || !label.trim();
    })
    .map((el) => el.outerHTML.slice(0, 80)));
  expect(unnamed).toEqual([]);
  await expect(page.getByLabel('第 3 行 数量')).toHaveText('900'); // a grid cell named by its line and column
  await expect(page.locator('#status')).toHaveAttribute('role', 'status');
});

for (const [name, viewport] of [['desktop-1280x800', { width: 1280, height: 800 }], ['tablet-820x1180', { width: 820, height: 1180 }], ['tablet-1024x768', { width: 1024, height: 768 }]]) {
  test(`lays out without sideways scrolling at ${name}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await openPage(page);
    await loadSample(page);
    for (const tab of ['测算结果', '数据输入', '第七批目录']) {
      await page.getByRole('tab', { name: tab }).click();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${tab} at ${name}`).toBeLessThanOrEqual(0);
    }
    await page.getByRole('tab', { name: '测算结果' }).click();
    await expect(page.locator('#chart-cuts')).toHaveAttribute('data-drawn', 'true');
    await shot(page, `layout-${name}`, { fullPage: false });
  });
}
