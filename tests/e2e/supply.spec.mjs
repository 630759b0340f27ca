// The 供应保障 tab: disruption scenarios change the totals and the tornado the way a
// pharmacist expects (more disruption → lower savings, larger savings at risk), agreed
// volumes with the inferred rounding stated, 结余留用 with the Shenzhen-draft presets
// labelled as such, cycle tracking with its warning — every figure compared with the
// engine's own output computed here through pkg/node.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engine, planEngine, yuan, openPage, loadSample, sampleCsv, fixtures, shot, recordOutside, unnamedControls } from './helpers.mjs';

const sample = () => engine.estimateCsv(new Uint8Array(readFileSync(sampleCsv)));

/** The engine's plan for the sample with every drug listed as a supplier (as the page does) and these scenarios. */
function enginePlan(report, scenarios, extra = {}) {
  return planEngine.planForEstimate(report, { suppliers: report.by_drug.map((d) => ({ drug: d.drug, ...(extra[d.drug] || {}) })), scenarios });
}

/** The sensitivity input built here from the engine's supply lines (independently of the page's code). */
function sensitivityOf(scn, base) {
  const lines = scn.lines.map((l) => {
    const x = { drug: l.drug, volume: l.volume, baseline_unit_price: l.baseline_unit_price, vbp_unit_price: l.primary.unit_price };
    if (l.backup.basis !== 'primary_price') x.backup_unit_price = l.backup.unit_price;
    if (l.fallback.basis !== 'baseline') x.fallback_unit_price = l.fallback.unit_price;
    return x;
  });
  return planEngine.sensitivity({ lines, primary_failure_share: base.primary_failure_share, backup_failure_share: base.backup_failure_share, metric: 'savings' });
}

async function openSupply(page) {
  const fetched = [];
  page.on('request', (r) => { if (/\.wasm$/.test(r.url())) fetched.push(r.url().split('/').pop()); });
  await openPage(page);
  await loadSample(page);
  expect(fetched).toEqual(['vbp_savings_bg.wasm']); // the engine, once: estimates and plans are one module
  await page.getByRole('tab', { name: '供应保障' }).click();
  await expect(page.getByTestId('supply-no-disruption')).toHaveAttribute('data-value', sample().totals.savings);
  expect(fetched).toEqual(['vbp_savings_bg.wasm']); // the tab loads no other module
  // the tab opens with a default scenario (journey.spec.mjs); these tests start from none
  await page.getByRole('button', { name: '删除情景 情景 1' }).click();
  await expect(page.locator('#scn-table tbody tr')).toHaveCount(0);
}

async function setField(page, label, value) {
  const input = typeof label === 'string' ? page.getByLabel(label, { exact: true }) : label;
  await input.fill(value);
  await input.press('Tab');
}

test('a disruption scenario lowers the savings, raises the savings at risk and moves the tornado', async ({ page, baseURL }) => {
  const outside = recordOutside(page, baseURL);
  const report = sample();
  await openSupply(page);
  // no scenario yet: the tornado's base is the savings without disruption
  await expect(page.locator('#chart-tornado-savings')).toHaveAttribute('data-drawn', 'true');
  await expect(page.locator('#chart-tornado-savings')).toHaveAttribute('data-base', report.totals.savings);

  await page.getByRole('button', { name: '添加情景' }).click();
  await expect(page.getByLabel('情景 1 情景名称')).toBeFocused();
  await setField(page, '情景 1 主供断供比例（小数）', '0.1');
  await setField(page, '情景 1 备供也断供的比例（占断供量）', '0.5');
  await setField(page, '情景 1 发生概率', '0.1');
  const one = enginePlan(report, [{ id: 's1', name: '情景 1', primary_failure_share: '0.1', backup_failure_share: '0.5', probability: '0.1' }]).scenarios;
  const s1 = one.scenarios[0].totals;
  const row = page.getByTestId('scn-results').locator('tr[data-scenario=s1]');
  await expect(row.locator('td').nth(3)).toHaveAttribute('data-value', s1.savings);
  await expect(row.locator('td').nth(4)).toHaveAttribute('data-value', s1.savings_at_risk);
  await expect(row.locator('td').nth(3)).toHaveText(yuan(s1.savings));
  await expect(page.getByTestId('supply-expected')).toHaveAttribute('data-value', one.expected.savings);
  await expect(page.getByTestId('supply-expected-risk')).toHaveAttribute('data-value', one.expected.savings_at_risk);
  // the engine's own figures: half the disrupted tenth bought back at the baseline price
  expect(one.no_disruption.savings).toBe(report.totals.savings);
  expect(Number(s1.savings_at_risk)).toBeGreaterThan(0);
  // the tornado now starts from this scenario, and its bars are the engine's
  const tornado1 = sensitivityOf(one, one.scenarios[0]);
  expect(tornado1.base.savings).toBe(s1.savings);
  await expect(page.locator('#chart-tornado-savings')).toHaveAttribute('data-base', s1.savings);
  await expect(page.locator('#tornado-note')).toContainText('情景 1');
  for (const b of tornado1.bars) {
    const tr = page.getByTestId('tornado-table').locator(`tr[data-metric=savings][data-parameter=${b.parameter}]`);
    await expect(tr.locator('td').nth(2)).toHaveAttribute('data-value', b.low_result);
    await expect(tr.locator('td').nth(3)).toHaveAttribute('data-value', b.high_result);
  }
  await shot(page, 'supply-scenario-zh');

  // more disruption: 30% instead of 10%
  await setField(page, '情景 1 主供断供比例（小数）', '0.3');
  const three = enginePlan(report, [{ id: 's1', name: '情景 1', primary_failure_share: '0.3', backup_failure_share: '0.5', probability: '0.1' }]).scenarios;
  const s3 = three.scenarios[0].totals;
  await expect(row.locator('td').nth(3)).toHaveAttribute('data-value', s3.savings);
  await expect(row.locator('td').nth(4)).toHaveAttribute('data-value', s3.savings_at_risk);
  await expect(page.getByTestId('supply-expected')).toHaveAttribute('data-value', three.expected.savings);
  // what a pharmacist expects: lower savings, more at risk, lower expected savings, a lower tornado base
  expect(Number(s3.savings)).toBeLessThan(Number(s1.savings));
  expect(Number(s3.savings_at_risk)).toBeGreaterThan(Number(s1.savings_at_risk));
  expect(Number(three.expected.savings)).toBeLessThan(Number(one.expected.savings));
  await expect(page.locator('#chart-tornado-savings')).toHaveAttribute('data-base', s3.savings);
  const tornado3 = sensitivityOf(three, three.scenarios[0]);
  const share3 = tornado3.bars.find((b) => b.parameter === 'disruption_share');
  expect(share3.high_value).toBe('0.55'); // base 0.3 + the default 0.25
  expect(Number(share3.high_result)).toBeLessThan(Number(share3.low_result)); // more disruption never raises savings
  const shareRow = page.getByTestId('tornado-table').locator('tr[data-metric=savings][data-parameter=disruption_share]');
  await expect(shareRow.locator('td').nth(3)).toHaveAttribute('data-value', share3.high_result);
  await expect(shareRow.locator('td').nth(4)).toHaveAttribute('data-value', share3.swing);

  // a dearer backup for lenvatinib: the engine takes it, says it is yours, and more is at risk
  await setField(page, '甲磺酸仑伐替尼胶囊 的备供单价', '30');
  const dearer = enginePlan(report, [{ id: 's1', name: '情景 1', primary_failure_share: '0.3', backup_failure_share: '0.5', probability: '0.1' }], { 甲磺酸仑伐替尼胶囊: { backup: { unit_price: '30' } } }).scenarios;
  await expect(row.locator('td').nth(4)).toHaveAttribute('data-value', dearer.scenarios[0].totals.savings_at_risk);
  expect(Number(dearer.scenarios[0].totals.savings_at_risk)).toBeGreaterThan(Number(s3.savings_at_risk));
  const lenv = page.locator('#suppliers-table tr[data-drug=甲磺酸仑伐替尼胶囊]');
  await expect(lenv.locator('.priced[data-basis=config]')).toContainText('¥30');
  await expect(lenv.locator('.priced[data-basis=baseline]')).toContainText('¥108');
  await expect(lenv).toContainText('依据：您填写');

  // the scenario by months of the cycle: 3 of 12 = 25%, said so
  await setField(page, '情景 1 主供断供比例（小数）', '');
  await setField(page, '情景 1 或断供月数', '3');
  await expect(row).toContainText('主供断供 25.00%');
  await expect(row).toContainText('假设各月用量均匀');
  // a share outside [0, 1] is refused by the engine in plain words, nothing else is computed from it
  await setField(page, '情景 1 或断供月数', '');
  await setField(page, '情景 1 主供断供比例（小数）', '1.5');
  await expect(page.locator('#scn-error')).toContainText('out_of_range');
  await expect(page.getByTestId('scn-results').locator('tbody tr')).toHaveCount(0);
  await setField(page, '情景 1 主供断供比例（小数）', '0.3');
  await expect(page.locator('#scn-error')).toHaveText('');
  expect(outside).toEqual([]);
});

test('a scenario for one drug hits only that drug and cannot be the tornado base', async ({ page }) => {
  const report = sample();
  await openSupply(page);
  await page.getByRole('button', { name: '添加情景' }).click();
  await page.getByLabel('情景 1 涉及药品').selectOption('甲磺酸仑伐替尼胶囊');
  await setField(page, '情景 1 主供断供比例（小数）', '0.5');
  await setField(page, '情景 1 备供也断供的比例（占断供量）', '1');
  const plan = enginePlan(report, [{ id: 's1', name: '情景 1', drugs: ['甲磺酸仑伐替尼胶囊'], primary_failure_share: '0.5', backup_failure_share: '1' }]).scenarios;
  const row = page.getByTestId('scn-results').locator('tr[data-scenario=s1]');
  await expect(row.locator('td').nth(3)).toHaveAttribute('data-value', plan.scenarios[0].totals.savings);
  const hit = plan.scenarios[0].by_drug.filter((d) => d.affected).map((d) => d.drug);
  expect(hit).toEqual(['甲磺酸仑伐替尼胶囊']);
  // at risk: half of 870 capsules bought at 108 instead of 18
  expect(plan.scenarios[0].totals.savings_at_risk).toBe('39150');
  await expect(row.locator('td').nth(4)).toHaveText('¥39,150.00');
  await expect(page.locator('#tornado-base option[value=s1]')).toBeDisabled();
  await expect(page.locator('#chart-tornado-savings')).toHaveAttribute('data-base', report.totals.savings);
});

test('agreed volumes: the published worked example, the inferred rounding stated, the rule with its source', async ({ page }) => {
  await openSupply(page);
  const rules = planEngine.batchRules();
  await expect(page.getByTestId('av-rounding')).toContainText('推断');
  await expect(page.locator('#av-rules')).toContainText(rules.agreed_volume.source);
  await expect(page.locator('#av-rules')).toContainText('80.00%');
  await expect(page.locator('#av-rules')).toContainText('30.00%');
  // afatinib: the published example 596,327 tablets, 1 winner
  await setField(page, '马来酸阿法替尼片 的需求基数', '596327');
  await setField(page, '马来酸阿法替尼片 的中选企业数', '1');
  const one = planEngine.agreedVolume({ drug: '马来酸阿法替尼片', demand_base: '596327', winners: '1' });
  const row = page.getByTestId('av-table').locator('tr[data-drug=马来酸阿法替尼片]');
  await expect(row.locator('td[data-value]')).toHaveAttribute('data-value', one.agreed_volume);
  expect(one.agreed_volume).toBe('298164'); // 298,163.5 rounded half up; the published national 298,170 is a sum of parts
  await expect(row).toContainText('50.00%');
  await expect(row).toContainText('298,163.5');
  await setField(page, '马来酸阿法替尼片 的中选企业数', '2');
  await expect(row.locator('td[data-value]')).toHaveAttribute('data-value', planEngine.agreedVolume({ drug: '马来酸阿法替尼片', demand_base: '596327', winners: '2' }).agreed_volume);
  // the published figures are listed as the evidence
  await page.locator('#av-rules details summary').click();
  await expect(page.locator('#av-rules details')).toContainText('298,170');
  await expect(page.locator('#av-rules details')).toContainText('3,643,450');
  // a bad number of winners is the engine's error on that row only
  await setField(page, '马来酸阿法替尼片 的中选企业数', '0');
  await expect(row.locator('[role=alert]')).toContainText('out_of_range');
  await shot(page, 'supply-agreed-volume');
});

test('retained savings: inputs shown with their basis, the Shenzhen draft grades labelled, the tornado of the retained amount', async ({ page }) => {
  const report = sample();
  await openSupply(page);
  await expect(page.locator('#ret-ratio-basis')).toContainText('填写医保基金支付比例');
  await page.getByLabel('医保基金支付比例（小数，如 0.7）').fill('0.7');
  await page.getByLabel('医保基金支付比例（小数，如 0.7）').press('Tab');
  // the insured share has no default: the engine says it is missing, and no figure is shown
  await expect(page.locator('#ret-problems')).toContainText('insured_share');
  await expect(page.locator('#ret-figures .figure')).toHaveCount(0);
  await page.getByLabel('参保人员占比（小数，如 0.9）').fill('0.9');
  await page.getByLabel('参保人员占比（小数，如 0.9）').press('Tab');
  const want = planEngine.planForEstimate(report, { agreed_volume: [], retention: { fund_payment_ratio: '0.7', insured_share: '0.9' } }).retained;
  await expect(page.getByTestId('ret-retained')).toHaveAttribute('data-value', want.retained);
  await expect(page.getByTestId('ret-budget')).toHaveAttribute('data-value', want.totals.budget);
  await expect(page.getByTestId('ret-balance')).toHaveAttribute('data-value', want.totals.balance);
  await expect(page.getByTestId('ret-ratio')).toHaveAttribute('data-value', '0.5');
  await expect(page.locator('#ret-ratio-basis')).toContainText('默认留用比例50%');
  // every input with where it came from
  const lenv = page.getByTestId('ret-table').locator('tr[data-drug=甲磺酸仑伐替尼胶囊]');
  await lenv.locator('summary').click();
  await expect(lenv).toContainText('假设：取测算中的用量');
  await expect(lenv).toContainText('测算中的加权平均基准价');

  // grade B of the Shenzhen 2024 draft: 40%, labelled as that city's draft
  await expect(page.locator('#ret-grade option[value=B]')).toHaveText(/B 档 40\.00%.*深圳草案/);
  await page.locator('#ret-grade').selectOption('B');
  const b = planEngine.planForEstimate(report, { agreed_volume: [], retention: { fund_payment_ratio: '0.7', insured_share: '0.9', grade: 'B' } }).retained;
  await expect(page.getByTestId('ret-retained')).toHaveAttribute('data-value', b.retained);
  await expect(page.getByTestId('ret-ratio')).toHaveAttribute('data-value', '0.4');
  await expect(page.locator('#ret-ratio-basis')).toContainText('深圳');
  await expect(page.locator('#ret-ratio')).toBeDisabled();
  await page.locator('#ret-notes summary').click();
  await expect(page.getByTestId('ret-presets')).toContainText('深圳市2024年征求意见稿（该市草案，非全国规则）');
  // the budget formula is the Shenzhen draft's, said so; no national formula was found
  await expect(page.locator('[data-i18n=ret_hint]')).toContainText('按深圳市2024年征求意见稿');
  await expect(page.locator('[data-i18n=ret_hint]')).toContainText('全国统一的计算公式未找到');

  // an agreed volume entered above goes into the budget
  await page.locator('#ret-grade').selectOption('');
  await setField(page, '留用比例（小数，留空 = 默认 0.5）', '0.45');
  await setField(page, '马来酸阿法替尼片 的需求基数', '1000');
  await setField(page, '马来酸阿法替尼片 的中选企业数', '1');
  const withAv = planEngine.planForEstimate(report, { agreed_volume: [{ drug: '马来酸阿法替尼片', demand_base: '1000', winners: '1' }], retention: { fund_payment_ratio: '0.7', insured_share: '0.9', retention_ratio: '0.45' } }).retained;
  await expect(page.getByTestId('ret-retained')).toHaveAttribute('data-value', withAv.retained);
  expect(withAv.drugs.find((d) => d.drug === '马来酸阿法替尼片').agreed_volume).toBe('500');

  // the retained amount's tornado, from the same inputs; the retention ratio's bar is not flat
  await expect(page.locator('#chart-tornado-retained')).toHaveAttribute('data-drawn', 'true');
  await expect(page.locator('#chart-tornado-retained')).toHaveAttribute('data-base', withAv.retained);
  const ratioRow = page.getByTestId('tornado-table').locator('tr[data-metric=retained][data-parameter=retention_ratio]');
  await expect(ratioRow.locator('td').nth(2)).toHaveAttribute('data-value', '0');
  await expect(ratioRow).toContainText('0.00% … 50.00%');
  await shot(page, 'supply-retained-tornado');
});

test('retained savings: a drug\'s non-winning spend lowers its balance by exactly its fund share (the engine\'s figure)', async ({ page }) => {
  const report = sample();
  await openSupply(page);
  await setField(page, '医保基金支付比例（小数，如 0.7）', '0.7');
  await setField(page, '参保人员占比（小数，如 0.9）', '0.9');
  const base = planEngine.planForEstimate(report, { agreed_volume: [], retention: { fund_payment_ratio: '0.7', insured_share: '0.9' } }).retained;
  await expect(page.getByTestId('ret-balance')).toHaveAttribute('data-value', base.totals.balance);
  await setField(page, '甲磺酸仑伐替尼胶囊 的非中选产品金额', '1000.50');
  const want = planEngine.planForEstimate(report, { agreed_volume: [], retention: { fund_payment_ratio: '0.7', insured_share: '0.9', drugs: [{ drug: '甲磺酸仑伐替尼胶囊', non_winning_spend: '1000.50' }] } }).retained;
  await expect(page.getByTestId('ret-balance')).toHaveAttribute('data-value', want.totals.balance);
  await expect(page.getByTestId('ret-retained')).toHaveAttribute('data-value', want.retained);
  // 1000.50 × 0.7 × 0.9 = 630.315 off the balance, exactly
  expect(want.totals.non_winning_fund_spend).toBe('630.315');
  const row = page.getByTestId('ret-table').locator('tr[data-drug=甲磺酸仑伐替尼胶囊]');
  await expect(row.locator('td[data-value="630.315"]')).toHaveCount(1);
});

test('cycle tracking from a GBK monthly CSV: completion, projected month, the miss warning', async ({ page }) => {
  await openSupply(page);
  const file = join(fixtures, 'months_gbk.csv');
  await page.locator('#cyc-file').setInputFiles(file);
  await expect(page.locator('#cyc-source')).toContainText('周期截止');
  await setField(page, '药品（留空 = 全部行）', '仑伐替尼');
  await setField(page, page.locator('#cyc-agreed'), '1200');
  await setField(page, '周期开始（YYYY-MM，留空 = 首月）', '2023-01');
  await setField(page, '周期截止（YYYY-MM）', '2023-12');
  const want = planEngine.cycleCsv(new Uint8Array(readFileSync(file)), { agreed_volume: '1200', cycle_start: '2023-01', cycle_end: '2023-12', drug: '仑伐替尼' });
  await expect(page.getByTestId('cyc-completion')).toHaveAttribute('data-value', want.completion);
  await expect(page.getByTestId('cyc-completion')).toHaveText('40.00%');
  await expect(page.getByTestId('cyc-projected')).toHaveText(want.projected_completion_month);
  expect(want.projected_completion_month).toBe('2024-03');
  await expect(page.locator('#cyc-warning')).toBeVisible();
  await expect(page.locator('#cyc-warning')).toContainText('预计无法按期完成');
  await expect(page.getByTestId('cyc-table').locator('tbody tr')).toHaveCount(want.months.length);
  await expect(page.locator('#cyc-problems')).toContainText('bad_number'); // line 10: "abc"
  // a smaller agreed volume is on track: no warning
  await setField(page, page.locator('#cyc-agreed'), '900');
  await expect(page.locator('#cyc-warning')).toBeHidden();
  await shot(page, 'supply-cycle');
});

test('the supply tab in English, by keyboard, labelled, and within 1280×800 and tablet widths', async ({ page }) => {
  await openSupply(page);
  await page.getByRole('button', { name: '添加情景' }).click();
  await setField(page, '情景 1 主供断供比例（小数）', '0.2');
  // Tab moves on to the next field even though the section was recomputed
  await expect(page.getByLabel('情景 1 或断供月数')).toBeFocused();
  expect(await unnamedControls(page, '#panel-supply')).toEqual([]);
  for (const viewport of [{ width: 1280, height: 800 }, { width: 1024, height: 768 }, { width: 820, height: 1180 }]) {
    await page.setViewportSize(viewport);
    for (const tab of ['供应保障', '多批次总览', '第七批目录', '数据输入']) {
      await page.getByRole('tab', { name: tab }).click();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${tab} at ${viewport.width}`).toBeLessThanOrEqual(0);
    }
  }
  await page.setViewportSize({ width: 820, height: 1180 });
  await page.getByRole('tab', { name: '供应保障' }).click();
  await shot(page, 'supply-tablet-820', { fullPage: false });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByRole('tab', { name: 'Supply' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#scn-h')).toHaveText('Primary and backup supply (一省双供): disruption scenarios');
  await expect(page.getByTestId('scn-results')).toContainText('No disruption');
  await expect(page.getByTestId('tornado-table')).toContainText('share of volume the primary fails to supply');
  await shot(page, 'supply-en');
});
