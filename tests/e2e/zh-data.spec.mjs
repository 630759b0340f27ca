// The catalog's own texts in the page's language: a pack, a dosage form, a note, a
// winner described rather than named — the `_zh` translation in Chinese, the English in
// English, re-rendered on the language toggle — in the catalog tab, the match review's
// candidates and the supply tab's agreed-volume rules.
import { test, expect } from '@playwright/test';
import { openPage, loadSample, engine, planEngine } from './helpers.mjs';

const osel = () => engine.catalog().entries.find((e) => e.id === 'oseltamivir');

test('the catalog tab shows the data texts in Chinese, and in English after the toggle', async ({ page }) => {
  const e = osel();
  await openPage(page);
  await page.getByRole('tab', { name: '第七批目录' }).click();
  await page.getByLabel(/搜索药品/).fill('奥司他韦');
  const card = page.locator('#catalog-list article[data-id="oseltamivir"]');
  // Chinese: the translations, and none of the English texts they translate
  for (const zh of ['75mg×10粒/盒', '75mg×30粒/盒', '胶囊（口服常释剂型）', '每粒（75mg）最高有效申报价', '最低报价，每粒0.999元', '10家中选企业，包括Hetero、Kelun、HEC', e.notes_zh, '抗流感 / 抗病毒']) {
    await expect(card).toContainText(zh);
  }
  for (const en of [e.products[0].pack, e.products[1].pack, e.dosage_form, e.ceiling_price.note, e.products[1].note, e.winners[0].company, e.notes, e.category.indication]) {
    await expect(card).not.toContainText(en);
  }
  // company names and sources stay as sourced
  await expect(card).toContainText('Hetero Labs');
  await expect(card).toContainText('reach24h.com');
  await expect(card.locator('.notes')).toHaveText(e.notes_zh);

  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('lang-toggle')).toHaveText('中文');
  await expect(card.locator('.notes')).toHaveText(e.notes);
  for (const en of [e.products[0].pack, e.dosage_form, e.ceiling_price.note, e.products[1].note, e.winners[0].company, e.category.indication]) {
    await expect(card).toContainText(en);
  }
  await expect(card).not.toContainText('75mg×10粒/盒');
  await expect(card).not.toContainText('胶囊（口服常释剂型）');
});

test('the match review names a candidate pack in the page language', async ({ page }) => {
  await openPage(page);
  // a line without a manufacturer where two products exist: listed for review
  const csv = '药品名称,生产企业,单位,数量,集采前单价\n磷酸奥司他韦胶囊,,粒,100,6.45\n';
  await page.getByTestId('import-file').setInputFiles({ name: 'osel.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const choice = page.getByLabel('第 2 行 磷酸奥司他韦胶囊 对应的目录产品');
  await expect(choice.locator('option')).toHaveCount(4);
  const labels = () => choice.locator('option').allTextContents();
  await expect.poll(labels).toContainEqual(expect.stringContaining('75mg×30粒/盒'));
  expect((await labels()).join('\n')).not.toContain('capsules/box');
  expect((await labels()).join('\n')).toContain('/粒');

  await page.getByTestId('lang-toggle').click();
  const en = page.getByLabel('Catalog product for line 2 磷酸奥司他韦胶囊');
  await expect.poll(() => en.locator('option').allTextContents()).toContainEqual(expect.stringContaining('75 mg × 30 capsules/box'));
  expect((await en.locator('option').allTextContents()).join('\n')).not.toContain('75mg×30粒/盒');
});

test('the supply tab states the cycle-end note and worked-example units in the page language', async ({ page }) => {
  const cycleEnd = planEngine.batchRules().agreed_volume.cycle_end;
  await openPage(page);
  await loadSample(page);
  await page.getByRole('tab', { name: '供应保障' }).click();
  const note = page.getByTestId('av-cycle-end');
  await expect(note).toContainText(cycleEnd.note_zh);
  await expect(note).not.toContainText(cycleEnd.note);
  await expect(page.locator('#av-rules')).toContainText('片（30mg）');
  // the worked examples name their drug, not its catalog id
  await expect(page.locator('#av-rules')).toContainText('马来酸阿法替尼片');
  await expect(page.locator('#av-rules td').filter({ hasText: /^afatinib$/ })).toHaveCount(0);

  await page.getByTestId('lang-toggle').click();
  await expect(note).toContainText(cycleEnd.note);
  await expect(note).not.toContainText(cycleEnd.note_zh);
  await expect(page.locator('#av-rules')).toContainText('tablet (30 mg)');
  await expect(page.locator('#av-rules')).toContainText('Afatinib (maleate) tablets');
});
