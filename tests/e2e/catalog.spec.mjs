// The catalog: search by Chinese name, pinyin initials (one typo allowed), English name;
// every fact with its source and confidence; the notice that the list is partial.
import { test, expect } from '@playwright/test';
import { openPage, shot, engine } from './helpers.mjs';

test('search finds by Chinese, pinyin initials (with a typo) and English; facts show sources', async ({ page }) => {
  await openPage(page);
  await page.getByRole('tab', { name: '第七批目录' }).click();
  await expect(page.locator('#catalog-notice')).toContainText('公开名单不完整');
  await expect(page.locator('#catalog-notice')).toContainText('60');
  await expect(page.locator('#catalog-notice')).toContainText('中选单价');
  // the grades' legend, as the data states it
  await expect(page.locator('#catalog-notice')).toContainText('H = 官方或主流媒体明确说明，或两个独立来源');
  await expect(page.locator('#catalog-notice')).toContainText('M = 单一二手来源');
  // the entries by status, as the engine's coverage counts them: the withdrawn drug and the
  // reporting-stage ones are not counted as the batch's drugs
  const cov = engine.catalog().coverage;
  await expect(page.locator('#catalog-notice')).toContainText(`${cov.confirmed_winning_named} 个中选或拟中选`);
  await expect(page.locator('#catalog-notice')).toContainText(`${cov.application_stage} 个仅见于申报阶段（是否纳入未核实），${cov.withdrawn} 个已撤回`);
  const search = page.getByLabel(/搜索药品/);
  const cards = page.locator('#catalog-list article');

  await search.fill('lfttn');
  await expect(cards.first()).toHaveAttribute('data-id', 'lenvatinib');
  await expect(cards.first()).toContainText('甲磺酸仑伐替尼胶囊');
  await expect(cards.first()).toContainText('拼音首字母（容错）');
  await search.fill('lftn');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toHaveAttribute('data-id', 'lenvatinib');
  // its facts: ceiling price ¥108 per capsule, H, with the source
  await expect(cards.first()).toContainText('¥108/粒');
  await expect(cards.first().locator('.conf-H').first()).toBeVisible();
  await expect(cards.first()).toContainText('chinadaily.com.cn');
  await shot(page, 'catalog-lfttn');

  await search.fill('奥司他韦');
  await expect(cards.first()).toHaveAttribute('data-id', 'oseltamivir');
  await search.fill('afatinib');
  await expect(cards.first()).toHaveAttribute('data-id', 'afatinib');
  // won, Kelun named by Yicai Global (issue 13; it was listed in the bid list only)
  await expect(cards.first()).not.toContainText('在采购品种目录中');
  await expect(cards.first()).toContainText('科伦 (Kelun)');
  await expect(cards.first()).toContainText('yicaiglobal.com');
  await search.fill('');
  await expect(cards).toHaveCount(43); // 38, and the five drugs of the third and fourth research passes

  // unknown stays unknown
  await search.fill('依巴斯汀');
  await expect(cards.first()).toContainText('最高有效申报价未知');
});
