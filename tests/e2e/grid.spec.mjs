// The editable grid of the input tab (issue 15): the user's data is the source of truth (an
// edit never re-prices another line), it types like a spreadsheet (Enter commits and moves
// down, paste a block), and one edit of a 20,000-line file recomputes from the kept lines.
// Every expectation is the CLI's, run on a file holding the same edits.
import { test, expect } from '@playwright/test';
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, fixtures, engine, cli, openPage, shot } from './helpers.mjs';

const dir = join(root, 'artifacts', 'e2e');
mkdirSync(dir, { recursive: true });

/** The grid's editable cell of a file line and an engine field. */
const cell = (page, line, field) => page.locator(`#lines-grid .ag-cell[data-line="${line}"][data-field="${field}"]`);

/** Writes `text` to artifacts/e2e/NAME and returns the path. */
function file(name, text) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The CSV text with `edits` ([line, column index, value]) applied (line 1 = the first line). */
function edited(text, edits) {
  const lines = text.split('\n');
  for (const [line, col, value] of edits) {
    const cells = lines[line - 1].split(',');
    cells[col] = value;
    lines[line - 1] = cells.join(',');
  }
  return lines.join('\n');
}

async function waitTotals(page, want) {
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', want.totals.savings, { timeout: 20_000 });
  await expect(page.getByTestId('total-baseline')).toHaveAttribute('data-value', want.totals.baseline_spend);
  await expect(page.getByTestId('total-vbp')).toHaveAttribute('data-value', want.totals.vbp_spend);
}

// lenvatinib counted per box (盒) with its specification and amount: the catalog's ¥18 a
// capsule × the 30 capsules its specification states = ¥540 a box
const BOXES = [
  '药品名称,规格,单位,生产企业,数量,集采前单价,金额',
  '甲磺酸仑伐替尼胶囊,4mg*30粒,盒,,20,3240,64800',
  '磷酸奥司他韦胶囊,75mg,粒,宜昌东阳光长江药业股份有限公司,3000,6.45,19350',
  '',
].join('\n');

test('an edit of one line re-prices no other line: the CLI on the edited file, to the fen', async ({ page }) => {
  const before = file('boxes.csv', BOXES);
  const want0 = cli(before);
  expect(want0.totals.savings).toBe('70353'); // 54,000 + 3,000 × (6.45 − 0.999)
  await openPage(page);
  await page.getByTestId('import-file').setInputFiles(before);
  await waitTotals(page, want0);
  await page.getByRole('tab', { name: '数据输入' }).click(); // an import shows the results: back to the data

  // only oseltamivir's quantity (file line 3) changes: 3000 → 3100
  await cell(page, 3, 'quantity').click();
  await page.keyboard.type('3100');
  await page.keyboard.press('Enter');
  const after = file('boxes-edited.csv', edited(BOXES, [[3, 4, '3100']]));
  const want = cli(after);
  // independent: lenvatinib still (3240 − 540) × 20 = 54,000; oseltamivir 3100 × 5.451
  expect(want.totals.savings).toBe('70898.1');
  await waitTotals(page, want);
  const lenvatinib = (r) => r.lines.find((l) => l.line === 2);
  const shown = await page.evaluate(() => window.__vbpLastReport.lines.find((l) => l.line === 2));
  expect(shown.vbp_unit_price).toBe(lenvatinib(want).vbp_unit_price);
  expect(shown.price_source).toBe('catalog');
  // the grid still shows every column the file gave
  await expect(cell(page, 2, 'specification')).toHaveText('4mg*30粒');
  await expect(cell(page, 2, 'amount')).toHaveText('64800');
  await expect(cell(page, 3, 'quantity')).toHaveText('3100');
  await shot(page, 'grid-edit-no-reprice');
});

test('typing a column of quantities with Enter between them; a new row is not wrong before anything is typed', async ({ page }) => {
  const path = join(fixtures, 'hospital_gbk.csv');
  const bytes = readFileSync(path);
  const read = engine.readLines(bytes);
  await openPage(page);
  await page.getByTestId('import-file').setInputFiles(path);
  await waitTotals(page, cli(path));
  await page.getByRole('tab', { name: '数据输入' }).click(); // an import shows the results: back to the data

  // the first three lines' quantities, typed one after another with Enter between them
  const first = read.lines.slice(0, 3);
  await cell(page, first[0].line, 'quantity').click();
  for (const q of ['11', '22', '33']) {
    await page.keyboard.type(q);
    await page.keyboard.press('Enter');
  }
  for (const [i, q] of ['11', '22', '33'].entries()) await expect(cell(page, first[i].line, 'quantity')).toHaveText(q);
  // the same edits on the file, in its own encoding: read with the engine's rows, written as UTF-8
  const rows = engine.readCsv(bytes).rows;
  const qcol = read.input.columns.find((c) => c.field === 'quantity').column - 1;
  first.forEach((l, i) => { rows[l.line - 1][qcol] = ['11', '22', '33'][i]; });
  const csv = rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n');
  const want = cli(file('hospital-typed.csv', csv));
  await waitTotals(page, want);
  const rejectedBefore = await page.getByTestId('rejected-rows').locator('tbody tr').count();
  expect(rejectedBefore).toBe(want.rejected.length);

  // rows the engine refused are marked in place with their reason
  for (const p of want.rejected.filter((x) => read.lines.some((l) => l.line === x.line))) {
    await expect(page.locator(`#lines-grid .ag-cell.rejected[data-line="${p.line}"]`).first()).toBeAttached();
  }

  // a new row: no new rejected row until something is typed in it
  await page.getByRole('button', { name: '添加一行' }).click();
  await page.waitForTimeout(300);
  await expect(page.getByTestId('rejected-rows').locator('tbody tr')).toHaveCount(rejectedBefore);
  await expect(page.getByTestId('total-savings')).toHaveAttribute('data-value', want.totals.savings);
  await shot(page, 'grid-typed-column');
});

test('a block pasted from the clipboard fills the cells from the focused one', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const text = [
    '药品名称,单位,数量,集采前单价',
    '甲磺酸仑伐替尼胶囊,粒,900,108',
    '磷酸奥司他韦胶囊,粒,3000,6.45',
    '马来酸阿法替尼片,片,420,112.3267',
    '',
  ].join('\n');
  const path = file('paste.csv', text);
  await openPage(page);
  await page.getByTestId('import-file').setInputFiles(path);
  await waitTotals(page, cli(path));
  await page.getByRole('tab', { name: '数据输入' }).click(); // an import shows the results: back to the data
  // as Excel puts two rows of two cells (quantity, baseline price) on the clipboard
  await page.evaluate(() => navigator.clipboard.writeText('100\t120\r\n200\t7\r\n'));
  await cell(page, 3, 'quantity').click();
  await page.keyboard.press('Control+V');
  const want = cli(file('paste-edited.csv', edited(text, [[3, 2, '100'], [3, 3, '120'], [4, 2, '200'], [4, 3, '7']])));
  await waitTotals(page, want);
  await expect(cell(page, 3, 'quantity')).toHaveText('100');
  await expect(cell(page, 4, 'baseline_unit_price')).toHaveText('7');
  await expect(cell(page, 2, 'quantity')).toHaveText('900');
});

test('one edit of a 20,000-line file recomputes from the kept lines: the CLI totals, and only the visible rows are drawn', async ({ page }) => {
  test.setTimeout(180_000);
  const drugs = [
    ['甲磺酸仑伐替尼胶囊', '4mg*30粒', '盒', '3240'],
    ['磷酸奥司他韦胶囊', '75mg', '粒', '6.45'],
    ['马来酸阿法替尼片', '30mg', '片', '112.3267'],
    ['某院内药品A', '', '支', '12.5'],
  ];
  const lines = ['药品名称,规格,单位,数量,集采前单价'];
  for (let i = 0; i < 20_000; i++) {
    const [d, s, u, p] = drugs[i % drugs.length];
    lines.push([d, s, u, String((i * 7919) % 500 + 1), p].join(','));
  }
  const text = `${lines.join('\n')}\n`;
  const path = file('lines-20000.csv', text);
  await openPage(page);
  await page.getByTestId('import-file').setInputFiles(path);
  await waitTotals(page, cli(path));
  await page.getByRole('tab', { name: '数据输入' }).click(); // an import shows the results: back to the data
  await expect(cell(page, 2, 'quantity')).toBeVisible();
  // count the grid rows drawn from here on: an edit redraws the rows it changed, not 20,000
  await page.evaluate(() => {
    window.__rowsAdded = 0;
    new MutationObserver((list) => {
      for (const m of list) for (const n of m.addedNodes) if (n.nodeType === 1 && n.classList.contains('ag-row')) window.__rowsAdded += 1;
    }).observe(document.querySelector('#lines-grid'), { childList: true, subtree: true });
  });
  // line 2 is the first data line: 1 → 7 boxes of lenvatinib; then, typing down the column
  // with Enter, line 3 → 11 and line 4 → 13
  await cell(page, 2, 'quantity').click();
  await page.keyboard.type('7');
  await page.keyboard.press('Enter');
  const want1 = cli(file('lines-20000-edited.csv', edited(text, [[2, 3, '7']])));
  await waitTotals(page, want1);
  await page.keyboard.type('11');
  await page.keyboard.press('Enter');
  await page.keyboard.type('13');
  await page.keyboard.press('Enter');
  const want = cli(file('lines-20000-edited-3.csv', edited(text, [[2, 3, '7'], [3, 3, '11'], [4, 3, '13']])));
  await waitTotals(page, want);
  await expect(page.locator('body')).toHaveAttribute('data-computing', 'false');
  for (const [line, q] of [[2, '7'], [3, '11'], [4, '13']]) await expect(cell(page, line, 'quantity')).toHaveText(q);
  // the whole report the page holds is the CLI's on the edited file: tables, the edited lines, the counts
  const shown = await page.evaluate(() => window.__vbpLastReport);
  expect(shown.by_drug).toEqual(want.by_drug);
  expect(shown.by_category).toEqual(want.by_category);
  expect(shown.price_cut).toEqual(want.price_cut);
  expect(shown.lines.length).toBe(want.lines.length);
  for (const n of [2, 3, 4, 5]) expect(shown.lines.find((l) => l.line === n)).toEqual(want.lines.find((l) => l.line === n));
  expect(shown.input.accepted).toBe(want.input.accepted);
  // only what is visible is drawn: a screenful of grid rows, not 20,000
  const drawn = await page.locator('#lines-grid .ag-row[row-index]').count();
  expect(drawn).toBeGreaterThan(0);
  expect(drawn).toBeLessThan(100);
  expect(await page.evaluate(() => window.__rowsAdded)).toBeLessThan(100);
  await expect(page.locator('#line-table tbody tr')).toHaveCount(200); // the per-line table a page at a time
});
