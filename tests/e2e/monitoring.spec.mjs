// The 监测与评价 / Monitoring tab: purchase records (and agreed volumes) → the engine's evaluate.
// Every figure the page shows is checked against `vbp-savings evaluate … --json` (the same engine,
// run as a user runs it; tests/cli/evaluate.test.mjs checks that one against an independent exact
// computation), its display text against rounding done here in BigInt (half away from zero), and
// the exports against the engine's bytes.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { engine, yuan, root, fixtures, openPage, shot, shots, unnamedControls } from './helpers.mjs';

const sheets = createRequire(import.meta.url)(join(root, 'pkg', 'vbp_savings_xlsx.cjs'));

const dir = join(fixtures, 'evaluation');
const purchases = join(dir, 'purchases.csv');
const agreed = join(dir, 'agreed.csv');
const gbk = join(dir, 'purchases_gbk.csv');
const SAMPLE_FIELDS = { pre: '2021-11:2022-10', post: '2022-11:2023-10', as_of: '2023-06' };

/** `vbp-savings evaluate FILE … --json`, run as a user would. */
function evaluateCli(file, ...args) {
  return JSON.parse(execFileSync(process.execPath, [join(root, 'bin', 'vbp-savings.mjs'), 'evaluate', file, ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 }));
}
const sampleArgs = (fields) => ['--agreed', agreed, '--pre', fields.pre, '--post', fields.post, ...(fields.as_of ? ['--as-of', fields.as_of] : [])];

// --- display rounding, done here: a decimal string to `dp` places, half away from zero (BigInt) ---
function fixed(s, dp) {
  const neg = s.startsWith('-');
  const [i, f = ''] = (neg ? s.slice(1) : s).split('.');
  const digits = BigInt(i + (f + '0'.repeat(dp + 1)).slice(0, dp + 1)); // one digit more than kept
  let q = digits / 10n;
  if (digits % 10n >= 5n) q += 1n;
  const text = q.toString().padStart(dp + 1, '0');
  const out = dp ? `${text.slice(0, -dp)}.${text.slice(-dp)}` : text;
  return neg && q !== 0n ? `-${out}` : out;
}
const group3 = (s) => { const neg = s.startsWith('-'); const [i, f] = (neg ? s.slice(1) : s).split('.'); return `${neg ? '-' : ''}${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${f !== undefined ? `.${f}` : ''}`; };
/** "0.7625" → "76.25%" (the fraction shifted two places, then 2 dp). */
function pct(s) {
  if (s === null) return '—';
  const neg = s.startsWith('-');
  const [i, f = ''] = (neg ? s.slice(1) : s).split('.');
  const shifted = `${(i + f.padEnd(2, '0').slice(0, 2)).replace(/^0+(?=\d)/, '')}${f.length > 2 ? `.${f.slice(2)}` : ''}`;
  return `${fixed(neg ? `-${shifted}` : shifted, 2)}%`;
}
const qty = (s) => (s === null ? '—' : group3(s));
/** A monthly rate: up to 2 dp, trailing zeros dropped. */
const avg = (s) => (s === null ? '—' : group3(fixed(s, 2).replace(/\.?0+$/, '')));
const idx = (s) => (s === null ? '—' : fixed(s, 4));
const money = (s) => (s === null ? '—' : yuan(s));
const STATUS_ZH = { zero_purchase: '零采购', completed: '已完成', behind: '落后于序时进度', on_track: '正常' };
const STATUS_EN = { zero_purchase: 'zero purchase', completed: 'completed', behind: 'behind', on_track: 'on track' };

async function openMonitoring(page) {
  await openPage(page);
  await page.getByRole('tab', { name: '监测与评价' }).click();
  await expect(page.locator('#panel-monitoring')).toBeVisible();
  await expect(page.locator('#panel-monitoring')).toHaveAttribute('data-ready', 'true'); // its script is fetched on first show
}

async function loadMonitoringSample(page) {
  await page.getByRole('button', { name: /载入示例数据（虚构医院）|Load the sample \(made-up hospital\)/ }).click();
  await expect(page.getByTestId('mon-completion').locator('tbody tr').first()).toBeVisible();
}

/** The cell of a field in a row: its exact value (data-value) and its text. */
async function cell(row, field) {
  const td = row.locator(`[data-field="${field}"]`);
  return { value: await td.getAttribute('data-value'), text: (await td.innerText()).trim() };
}

/** Checks every completion row, group and decomposition figure shown against the CLI's document. */
async function expectFigures(page, want, { en = false } = {}) {
  const completion = page.getByTestId('mon-completion').locator('tbody tr');
  await expect(completion).toHaveCount(want.completion.length);
  for (const c of want.completion) {
    const row = page.getByTestId('mon-completion').locator(`tbody tr[data-line="${c.line}"]`);
    await expect(row.locator('th')).toHaveText(c.drug);
    const unit = c.unit ? ` ${c.unit}` : '';
    expect(await cell(row, 'agreed_volume')).toEqual({ value: c.agreed_volume, text: `${qty(c.agreed_volume)}${unit}` });
    expect(await cell(row, 'purchased')).toEqual({ value: c.purchased, text: qty(c.purchased) });
    for (const f of ['completion', 'time_elapsed', 'lag', 'projected_completion']) {
      expect(await cell(row, f), `${c.drug} ${f}`).toEqual({ value: c[f] ?? '', text: pct(c[f]) });
    }
    expect(await cell(row, 'required_monthly')).toEqual({ value: c.required_monthly ?? '', text: avg(c.required_monthly) });
    // the status is a word (and a mark), not a colour alone
    const status = row.locator('[data-field=status]');
    await expect(status).toHaveAttribute('data-value', c.status);
    await expect(status).toContainText((en ? STATUS_EN : STATUS_ZH)[c.status]);
  }
  const groups = page.getByTestId('mon-groups');
  const all = [...want.groups.map((g) => [g.key, g]), ['total', want.total]];
  await expect(groups.locator('tbody tr')).toHaveCount(all.length * 2);
  for (const [key, g] of all) {
    for (const p of ['pre', 'post']) {
      const row = groups.locator(`tbody tr[data-group="${key}"][data-period="${p}"]`);
      const m = g[p];
      expect(await cell(row, 'spend'), `${key} ${p} spend`).toEqual({ value: m.spend, text: money(m.spend) });
      expect(await cell(row, 'quantity')).toEqual({ value: m.quantity ?? '', text: qty(m.quantity) });
      expect(await cell(row, 'ddds')).toEqual({ value: m.ddds ?? '', text: qty(m.ddds) });
      expect(await cell(row, 'dddc')).toEqual({ value: m.dddc ?? '', text: money(m.dddc) });
      for (const f of ['winning_share', 'non_winning_share', 'alternative_share']) {
        expect(await cell(row, f), `${key} ${p} ${f}`).toEqual({ value: m[f] ?? '', text: pct(m[f]) });
      }
    }
    const row = page.getByTestId('mon-decomp').locator(`tbody tr[data-group="${key}"]`);
    for (const f of ['expenditure_index', 'volume_index', 'price_index', 'structure_index']) {
      expect(await cell(row, f), `${key} ${f}`).toEqual({ value: g.decomposition[f] ?? '', text: idx(g.decomposition[f]) });
    }
    expect(await cell(row, 'matched_products')).toEqual({ value: String(g.decomposition.matched_products), text: String(g.decomposition.matched_products) });
  }
}

test('the sample: every completion row, group and index is the CLI\'s, with a chart per item; the sample is labelled made-up', async ({ page }) => {
  // the page's sample files are the fixtures (the CLI's and the engine tests' files), byte for byte
  for (const [name, fixture] of [['evaluation-purchases.csv', purchases], ['evaluation-agreed.csv', agreed]]) {
    const served = readFileSync(join(root, 'www', 'samples', name));
    expect(served.equals(readFileSync(fixture)), name).toBe(true);
    expect(served.toString('utf8').split('\n')[0]).toContain('虚构');
  }
  await openMonitoring(page);
  await expect(page.locator('#mon-empty')).toBeVisible();
  await loadMonitoringSample(page);
  await expect(page.getByTestId('mon-sample-banner')).toBeVisible();
  await expect(page.getByTestId('mon-sample-banner')).toContainText('虚构');
  await expect(page.locator('#mon-pre')).toHaveValue(SAMPLE_FIELDS.pre);
  await expect(page.locator('#mon-post')).toHaveValue(SAMPLE_FIELDS.post);
  await expect(page.locator('#mon-as-of')).toHaveValue(SAMPLE_FIELDS.as_of);

  const want = evaluateCli(purchases, ...sampleArgs(SAMPLE_FIELDS));
  // the page's document is the CLI's, whole
  expect(await page.evaluate(() => window.__vbpLastEvaluation)).toEqual(want);
  await expectFigures(page, want);
  await expect(page.getByTestId('mon-periods')).toHaveText('集采前 2021-11 至 2022-10（12 个月），集采后 2022-11 至 2023-10（12 个月）；截至 2023-06');
  // mid-cycle: the statuses the sample shows, each with its word
  expect(new Set(want.completion.map((c) => c.status))).toEqual(new Set(['on_track', 'behind', 'zero_purchase']));

  // a chart per item (cumulative purchases, 序时进度, the agreed volume) and the decomposition chart
  const charts = page.locator('#mon-item-charts .chart');
  await expect(charts).toHaveCount(want.completion.length);
  for (let i = 0; i < want.completion.length; i++) await expect(charts.nth(i)).toHaveAttribute('data-drawn', 'true');
  await expect(page.locator('#chart-mon-decomposition')).toHaveAttribute('data-drawn', 'true');
  await expect(charts.first()).toHaveAttribute('aria-label', /甲磺酸仑伐替尼胶囊.*已采购 1,830 粒.*约定采购量 2,400 粒.*完成率 76\.25%.*序时进度 66\.67%.*正常/);

  // the rejected rows with line and column; the warnings; formulas and assumptions next to the figures and in full
  const rejected = page.getByTestId('mon-rejected').locator('tbody tr');
  await expect(rejected).toHaveCount(want.rejected.length + want.rejected_agreed.length);
  for (const p of want.rejected) {
    const row = page.getByTestId('mon-rejected').locator(`tbody tr[data-source=purchases][data-line="${p.line}"]`);
    await expect(row).toContainText(`第 ${p.column} 列（${p.header}）`);
    await expect(row).toContainText(p.code);
    await expect(row).toContainText(p.message_zh);
  }
  await expect(page.getByTestId('mon-warnings').locator('li')).toHaveCount(want.warnings.length);
  for (const w of want.warnings) await expect(page.getByTestId('mon-warnings')).toContainText(w.message_zh);
  await expect(page.getByTestId('mon-formulas').locator('li')).toHaveCount(want.formulas.length);
  await expect(page.getByTestId('mon-assumptions').locator('li')).toHaveCount(want.assumptions.length);
  await page.locator('#mon-completion-notes summary').click();
  await expect(page.locator('#mon-completion-notes')).toContainText(want.formulas.find((f) => f.code === 'time_elapsed').zh);
  await page.locator('#mon-decomp-notes summary').click();
  await expect(page.locator('#mon-decomp-notes')).toContainText('Chen L');
  await shot(page, 'monitoring-sample');

  // the as-of month cleared: the engine's default (the data's last month), the cycle's end statuses
  await page.locator('#mon-as-of').fill('');
  await page.locator('#mon-as-of').press('Enter');
  await page.locator('#mon-as-of').blur();
  const end = evaluateCli(purchases, ...sampleArgs({ ...SAMPLE_FIELDS, as_of: '' }));
  await expect.poll(() => page.evaluate(() => window.__vbpLastEvaluation.as_of)).toBe(end.as_of);
  expect(await page.evaluate(() => window.__vbpLastEvaluation)).toEqual(end);
  expect(end.completion.some((c) => c.status === 'completed')).toBe(true);
  await expectFigures(page, end);
});

test('a GBK export is decoded by the engine; its bad row is listed by line and column and every other row counts', async ({ page }) => {
  await openMonitoring(page);
  await page.locator('#mon-pre').fill('2022-07:2022-10');
  await page.locator('#mon-pre').blur();
  await page.locator('#mon-post').fill('2022-11:2023-02');
  await page.locator('#mon-post').blur();
  await page.getByTestId('mon-purchases').setInputFiles(gbk);
  const want = evaluateCli(gbk, '--pre', '2022-07:2022-10', '--post', '2022-11:2023-02');
  await expect(page.getByTestId('mon-groups').locator('tbody tr').first()).toBeVisible();
  expect(want.input.purchases.encoding).toMatch(/GB/);
  expect(await page.evaluate(() => window.__vbpLastEvaluation)).toEqual(want);
  await expect(page.getByTestId('mon-files')).toContainText(`purchases_gbk.csv”（${want.input.purchases.encoding}）计入 ${want.input.purchases.accepted} 行，拒绝 1 行`);
  // the Chinese names read right from GBK bytes
  await expect(page.getByTestId('mon-groups')).toContainText('依巴斯汀片');
  await expect(page.getByTestId('mon-groups')).toContainText('磷酸奥司他韦胶囊');
  await expectFigures(page, want);
  // no agreed volumes: said, not an empty table
  await expect(page.locator('#mon-completion-empty')).toHaveText('未导入约定采购量：完成情况需要约定采购量文件（可选）。');

  // the bad row: line 17, column 6 (数量), "三十"
  expect(want.rejected).toHaveLength(1);
  const [bad] = want.rejected;
  expect([bad.line, bad.column, bad.header, bad.code, bad.value]).toEqual([17, 6, '数量', 'bad_number', '三十']);
  const row = page.getByTestId('mon-rejected').locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row.locator('td')).toHaveText(['采购记录', '17', '第 6 列（数量）', 'bad_number', bad.message_zh, '三十']);
  await expect(page.locator('#mon-rejected-count')).toHaveText('(1)');
});

test('a workbook: read by the spreadsheet module, its sheet chosen in the picker; the same figures as its CSV twin', async ({ page }) => {
  const book = join(dir, 'purchases.xlsx'); // tests/fixtures/evaluation/make_workbook.py: a notes sheet, then the records
  await openMonitoring(page);
  await page.locator('#mon-pre').fill(SAMPLE_FIELDS.pre);
  await page.locator('#mon-post').fill(SAMPLE_FIELDS.post);
  await page.locator('#mon-as-of').fill(SAMPLE_FIELDS.as_of);
  await page.locator('#mon-as-of').blur();
  await page.getByTestId('mon-agreed').setInputFiles(agreed);
  await page.getByTestId('mon-purchases').setInputFiles(book);
  // it opens on the first sheet, the notes: no header there, said so, with the way out
  await expect(page.getByTestId('mon-error')).toContainText('no_header');
  await expect(page.getByTestId('mon-error')).toContainText('请在上方选择');
  const picker = page.getByLabel('采购记录的工作表');
  await expect(picker).toBeVisible();
  await expect(picker.locator('option')).toHaveText(['说明', '采购记录']);
  await picker.selectOption('采购记录');
  await expect(page.getByTestId('mon-error')).toBeEmpty();
  const want = evaluateCli(book, '--sheet', '采购记录', ...sampleArgs(SAMPLE_FIELDS));
  expect(await page.evaluate(() => window.__vbpLastEvaluation)).toEqual(want);
  await expectFigures(page, want);
  await expect(page.getByTestId('mon-files')).toContainText('“purchases.xlsx”（xlsx · 采购记录）计入 227 行，拒绝 2 行');
  // months as dates, numbers as numbers: the CSV twin's figures exactly
  const twin = evaluateCli(purchases, ...sampleArgs(SAMPLE_FIELDS));
  for (const k of ['groups', 'total', 'completion', 'rejected', 'warnings']) expect(want[k], k).toEqual(twin[k]);
});

test('a period the engine refuses is that field\'s error, in both languages; the last results stay and say which periods they are', async ({ page }) => {
  await openMonitoring(page);
  await loadMonitoringSample(page);
  const before = await page.evaluate(() => window.__vbpLastEvaluation);
  const pre = page.locator('#mon-pre');
  await pre.fill('2021-13:2022-10');
  await pre.blur();
  let refused;
  try { engine.checkEvaluateOptions({ pre: '2021-13:2022-10' }); } catch (e) { refused = e; }
  await expect(page.getByTestId('mon-pre-error')).toBeVisible();
  await expect(page.getByTestId('mon-pre-error')).toHaveText(`${refused.code}: ${refused.messageZh}`);
  await expect(pre).toHaveAttribute('aria-invalid', 'true');
  await expect(pre).toHaveAttribute('aria-describedby', 'mon-pre-error');
  await expect(page.locator('#mon-options-kept')).toBeVisible();
  await expect(page.locator('#status')).toHaveText('监测与评价的设置有误，请按提示修改');
  expect(await page.evaluate(() => window.__vbpLastEvaluation)).toEqual(before);
  await expect(page.getByTestId('mon-periods')).toContainText('集采前 2021-11 至 2022-10');

  // two periods each valid but in the wrong order: both fields say so
  await pre.fill('2022-11:2023-10');
  await pre.blur();
  await page.locator('#mon-post').fill('2021-11:2022-10');
  await page.locator('#mon-post').blur();
  await expect(page.getByTestId('mon-pre-error')).toContainText('须在集采后期间');
  await expect(page.getByTestId('mon-post-error')).toContainText('须在集采后期间');
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('mon-post-error')).toContainText('must end before the post period');
  await page.getByTestId('lang-toggle').click();

  // put right: evaluated again, the errors gone
  await pre.fill('2021-11:2022-10');
  await pre.blur();
  await page.locator('#mon-post').fill('2022-11:2023-10');
  await page.locator('#mon-post').blur();
  await expect(page.getByTestId('mon-pre-error')).toBeHidden();
  await expect(page.getByTestId('mon-post-error')).toBeHidden();
  await expect(pre).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#mon-options-kept')).toBeHidden();
});

test('English on the toggle: labels, statuses, the VBP drugs\' English names, notes; back to Chinese', async ({ page }) => {
  await openMonitoring(page);
  await loadMonitoringSample(page);
  const want = evaluateCli(purchases, ...sampleArgs(SAMPLE_FIELDS));
  await page.getByTestId('lang-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('tab', { name: 'Monitoring' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#mon-completion-h')).toHaveText('Agreed volumes: completion against 序时进度 (time elapsed)');
  await expect(page.getByTestId('mon-completion').locator('thead th')).toHaveText(['Drug', 'Manufacturer', 'Cycle', 'Agreed volume', 'Purchased', 'Completion', 'Time elapsed', 'Lag', 'Status', 'Required monthly', 'Projected completion']);
  await expectFigures(page, want, { en: true });
  for (const g of want.groups) await expect(page.getByTestId('mon-groups').locator(`tbody tr[data-group="${g.key}"] th`)).toHaveText(g.group_en);
  await expect(page.getByTestId('mon-periods')).toHaveText('Before: 2021-11 to 2022-10 (12 months); after: 2022-11 to 2023-10 (12 months); as of 2023-06');
  await expect(page.getByTestId('mon-rejected')).toContainText(want.rejected[0].message);
  await expect(page.getByTestId('mon-warnings')).toContainText(want.warnings[0].message);
  await expect(page.getByTestId('mon-formulas')).toContainText(want.formulas[0].en);
  await expect(page.getByTestId('mon-sample-banner')).toContainText('made up');
  await expect(page.locator('#mon-item-charts .chart').first()).toHaveAttribute('aria-label', /purchased 1,830 粒 of an agreed 2,400 粒, completion 76\.25%/);
  await shot(page, 'monitoring-en');
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByRole('tab', { name: '监测与评价' })).toHaveAttribute('aria-selected', 'true');
  await expectFigures(page, want);
});

test('the CSV export is the engine\'s evaluationCsv bytes, with a BOM, in the page language', async ({ page }) => {
  await openMonitoring(page);
  await loadMonitoringSample(page);
  const doc = evaluateCli(purchases, ...sampleArgs(SAMPLE_FIELDS));
  for (const lang of ['zh', 'en']) {
    if (lang === 'en') await page.getByTestId('lang-toggle').click();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#mon-export-csv').click()]);
    expect(dl.suggestedFilename()).toBe(lang === 'en' ? 'vbp-savings-monitoring.csv' : 'vbp-savings-监测与评价.csv');
    const got = readFileSync(await dl.path());
    expect(got.equals(Buffer.from(engine.evaluationCsv(doc, lang)))).toBe(true);
    expect([...got.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = got.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0].split(',')[0]).toBe(lang === 'en' ? 'level' : '层级');
    // the first completion row carries the exact decimals
    const first = lines[1].split(',');
    expect(first.slice(19, 25)).toEqual([doc.completion[0].agreed_volume, doc.completion[0].purchased, doc.completion[0].completion, doc.completion[0].time_elapsed, doc.completion[0].lag, doc.completion[0].status]);
  }
});

test('the .xlsx export: the spreadsheet module\'s workbook, its numbers the document\'s figures, fetched only now', async ({ page }) => {
  const fetched = [];
  page.on('request', (r) => { if (/vbp_savings_xlsx/.test(r.url())) fetched.push(r.url().split('/').pop()); });
  await openMonitoring(page);
  await loadMonitoringSample(page);
  expect(fetched).toEqual([]); // CSV files need no spreadsheet code
  const doc = evaluateCli(purchases, ...sampleArgs(SAMPLE_FIELDS));
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#mon-export-xlsx').click()]);
  expect(dl.suggestedFilename()).toBe('vbp-savings-监测与评价.xlsx');
  await expect(page.locator('#status')).toHaveText('已导出 Excel 工作簿');
  expect(fetched).toContain('vbp_savings_xlsx_bg.wasm');
  const bytes = readFileSync(await dl.path());
  // a workbook carries the time it was written: compared by what it reads back as
  const book = sheets.readWorkbook(new Uint8Array(bytes));
  expect(book.sheets.map((x) => x.name)).toEqual(['完成情况', '各月采购', '集采前后', '费用分解', '未计入', '说明']);
  const same = (cellText, exact) => expect(cellText === undefined ? null : Number(cellText)).toBe(exact === null ? null : Number(exact));
  const rows = book.sheets[0].rows.slice(5);
  expect(rows).toHaveLength(doc.completion.length);
  doc.completion.forEach((c, i) => {
    expect(rows[i].slice(0, 2)).toEqual([String(c.line), c.drug]);
    for (const [col, f] of [[8, 'agreed_volume'], [9, 'purchased'], [10, 'completion'], [11, 'time_elapsed'], [12, 'lag'], [14, 'required_monthly'], [15, 'projected_completion']]) same(rows[i][col], c[f]);
    expect(rows[i][13]).toBe(STATUS_ZH[c.status]);
  });
  const decomposition = book.sheets[3].rows;
  const total = decomposition[decomposition.length - 1];
  expect(total[0]).toBe('合计');
  ['expenditure_index', 'volume_index', 'price_index', 'structure_index'].forEach((f, i) => same(total[i + 1], doc.total.decomposition[f]));
  // in English too
  await page.getByTestId('lang-toggle').click();
  const [en] = await Promise.all([page.waitForEvent('download'), page.locator('#mon-export-xlsx').click()]);
  expect(en.suggestedFilename()).toBe('vbp-savings-monitoring.xlsx');
  expect(sheets.readWorkbook(new Uint8Array(readFileSync(await en.path()))).sheets[0].name).toBe('Completion');
});

test('the A4 print: the monitoring report alone, every explanation open, nothing wider than the paper', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 800 });
  await openMonitoring(page);
  await loadMonitoringSample(page);
  await expect(page.locator('#chart-mon-decomposition')).toHaveAttribute('data-drawn', 'true');
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
  await page.getByRole('button', { name: '打印 A4 报告' }).click();
  await expect.poll(() => page.evaluate(() => window.__printed)).toBe(1);
  for (const id of ['mon-completion-notes', 'mon-groups-notes', 'mon-decomp-notes']) await expect(page.locator(`#${id}`)).toHaveAttribute('open', '');

  // A4 less 12 mm margins each side: 186 mm ≈ 703 CSS px
  await page.setViewportSize({ width: 703, height: 1000 });
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.mon-print-head h1')).toBeVisible();
  await expect(page.locator('.mon-print-head h1')).toHaveText('集采监测与评价报告');
  await expect(page.locator('#mon-print-date')).toHaveText(/\d{4}年\d{1,2}月\d{1,2}日/);
  await expect(page.locator('#mon-print-input')).toContainText('evaluation-purchases.csv');
  await expect(page.locator('main > .print-head')).toBeHidden();
  await expect(page.locator('#panel-results')).toBeHidden();
  await expect(page.getByRole('tablist')).toBeHidden();
  await expect(page.locator('#mon-export-csv')).toBeHidden();
  await expect(page.locator('#mon-pre')).toBeHidden();
  for (const id of ['mon-completion', 'mon-groups', 'mon-decomp', 'mon-rejected', 'mon-formulas']) await expect(page.getByTestId(id)).toBeVisible();
  const overflowing = () => page.evaluate(() => {
    const right = document.querySelector('#mon-results').getBoundingClientRect().right;
    const sel = '#mon-results table, #mon-results th, #mon-results td, #mon-results td *, #mon-results .chart-box, #mon-results .chart, #mon-results .chart > div, #mon-results canvas, #mon-results li, #mon-results p';
    return [...document.querySelectorAll(sel)]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.right > right + 0.5)
      .map(({ el, r }) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${Math.round(r.right)} > ${Math.round(right)}: ${el.textContent.trim().slice(0, 24)}`);
  });
  await expect.poll(overflowing).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(703);
  await shot(page, 'monitoring-print');
  const pdf = await page.pdf({ path: join(shots, 'monitoring-a4.pdf'), format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

  // printed from the results tab, the results print as before, without the monitoring report
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('tab', { name: '测算结果' }).click();
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#panel-monitoring')).toBeHidden();
  await expect(page.locator('main > .print-head')).toBeVisible();
});

test('keyboard and screen readers: the tab by arrow keys, every control named, tables captioned, charts described, no sideways scrolling', async ({ page }) => {
  await openPage(page);
  await page.getByRole('tab', { name: '供应保障' }).focus();
  await page.keyboard.press('ArrowRight');
  const tab = page.getByRole('tab', { name: '监测与评价' });
  await expect(tab).toBeFocused();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#panel-monitoring')).toBeVisible();
  await expect(page.locator('#panel-monitoring')).toHaveAttribute('aria-labelledby', 'tab-monitoring');
  await expect(page.locator('#panel-monitoring')).toHaveAttribute('data-ready', 'true');
  // the sample button by keyboard
  await page.getByRole('button', { name: '载入示例数据（虚构医院）' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('mon-completion').locator('tbody tr').first()).toBeVisible();
  expect(await unnamedControls(page, '#panel-monitoring')).toEqual([]);
  // the file inputs and fields are reached by their labels
  await expect(page.getByLabel('选择采购记录（CSV 或 Excel）…')).toHaveCount(1);
  await expect(page.getByLabel('选择约定采购量（可选）…')).toHaveCount(1);
  await expect(page.getByLabel('统计截至（YYYY-MM，留空 = 数据中最近的月份）')).toHaveValue('2023-06');
  // every table has a caption and column headers; rows are headed by their drug
  for (const id of ['mon-completion', 'mon-groups', 'mon-decomp', 'mon-rejected']) {
    const table = page.getByTestId(id);
    await expect(table.locator('caption')).not.toBeEmpty();
    expect(await table.locator('thead th[scope=col]').count()).toBeGreaterThan(3);
  }
  await expect(page.getByRole('table', { name: '约定采购量完成情况（对照序时进度）' })).toBeVisible();
  await expect(page.getByTestId('mon-completion').locator('tbody th[scope=row]').first()).toHaveText('甲磺酸仑伐替尼胶囊');
  // charts are images with a description built from the displayed figures
  for (const chart of await page.locator('#panel-monitoring .chart').all()) {
    await expect(chart).toHaveAttribute('role', 'img');
    await expect(chart).toHaveAttribute('aria-label', /\S/);
  }
  await expect(page.locator('#chart-mon-decomposition')).toHaveAttribute('aria-label', /费用指数 0\.2039，数量指数 1\.7167，价格指数 0\.8642，结构指数 0\.1374/);
  // a status is told in words, not by colour alone
  for (const s of await page.getByTestId('mon-completion').locator('.mon-status').all()) await expect(s).toHaveText(/[零正落已]/);
  // the status line speaks to screen readers
  await expect(page.locator('#status')).toHaveAttribute('role', 'status');

  for (const [name, viewport] of [['1280x800', { width: 1280, height: 800 }], ['820x1180', { width: 820, height: 1180 }]]) {
    await page.setViewportSize(viewport);
    // the charts follow the window's resize event
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), { message: name }).toBeLessThanOrEqual(0);
    await shot(page, `monitoring-${name}`, { fullPage: false });
  }
});
