// Shared by the e2e specs: the CLI and the engine as oracles, a request recorder,
// screenshots under artifacts/screenshots.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { expect } from '@playwright/test';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixtures = join(root, 'tests', 'fixtures');
/**
 * The 3-drug, 5-line sample the page shipped before issue 13 (tests/fixtures/sample_5_lines.csv):
 * the specs written against its figures load it in place of the page's sample (see openPage).
 */
export const sampleCsv = join(fixtures, 'sample_5_lines.csv');
/** The sample the page ships (www/sample.csv): a made-up hospital year over the batch-7 drugs. */
export const productSampleCsv = join(root, 'www', 'sample.csv');
export const shots = join(root, 'artifacts', 'screenshots');
mkdirSync(shots, { recursive: true });

/** The engine for Node (pkg/vbp_savings.cjs): the same binary the page runs. */
export const engine = createRequire(import.meta.url)(join(root, 'pkg', 'vbp_savings.cjs'));

/** Supply, volumes, cycle, 结余留用, sensitivity: the engine's (one module). */
export const planEngine = engine;

/** The programme, result tables: the engine's (one module). */
export const batchesEngine = engine;

/** `vbp-savings estimate FILE --json`, run as a user would. */
export function cli(file, ...args) {
  return JSON.parse(execFileSync(process.execPath, [join(root, 'bin', 'vbp-savings.mjs'), 'estimate', file, '--json', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 }));
}

/** "¥" + the engine's display rounding, grouped by thousands: the expected full amount. */
export function yuan(exact) {
  const r = engine.roundDisplay(exact);
  const neg = r.startsWith('-');
  const [i, f] = (neg ? r.slice(1) : r).split('.');
  return `${neg ? '-' : ''}¥${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f}`;
}

/** Records every request that does not go to the page's own origin. */
export function recordOutside(page, origin) {
  const outside = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!(u.startsWith(origin) || u.startsWith('data:') || u.startsWith('blob:'))) outside.push(u);
  });
  return outside;
}

/**
 * Opens the page and waits for the engine. The page's 载入示例数据 then loads the 5-line fixture
 * (`sampleCsv`), whose figures most specs assert; `{ sample: 'page' }` keeps the page's own sample.
 */
export async function openPage(page, { sample = 'fixture' } = {}) {
  if (sample === 'fixture') {
    await page.route('**/sample.csv', (route) => route.fulfill({ path: sampleCsv, contentType: 'text/csv; charset=utf-8' }));
  }
  await page.goto('/');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

export async function loadSample(page) {
  await page.getByRole('button', { name: /载入示例数据|Load the sample/ }).click();
  await expect(page.getByTestId('total-baseline')).not.toBeEmpty();
}

export const shot = (page, name, opts = {}) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true, ...opts });

/** Visible form controls under `root` without an accessible name (label, aria-label or text). */
export function unnamedControls(page, root) {
  return page.evaluate((sel) => [...document.querySelectorAll(`${sel} input, ${sel} select, ${sel} button`)]
    .filter((el) => el.offsetParent !== null || el.type === 'file')
    .filter((el) => {
      const label = el.getAttribute('aria-label') || (el.labels && [...el.labels].map((l) => l.textContent).join('')) || el.textContent;
      return !label || !label.trim();
    })
    .map((el) => el.outerHTML.slice(0, 80)), root);
}

/** The input grid's rendered rows, in display order (the grid draws only the rows in view; ensureDomOrder keeps them in display order). */
export const gridRows = (page) => page.locator('#lines-grid .ag-row[row-index]');

/** The grid's editable cell of a line (the file's line, or the row's number for typed lines) and an engine field. */
export const gridCell = (page, line, field) => page.locator(`#lines-grid .ag-cell[data-line="${line}"][data-field="${field}"]`);

/** The grid's editable cell of the row shown at `index` (0 = the top row) and an engine field. */
export const rowCell = (page, index, field) => page.locator(`#lines-grid .ag-row[row-index="${index}"] .ag-cell[data-field="${field}"]`);

/**
 * Types a value into a grid cell as a user does: click it, Backspace (opens the editor
 * empty), type the value, Enter. (Typing a digit on the cell replaces its value too — the
 * grid tests do that — but Chinese text arrives as inserted text, not keys, so it needs
 * the editor open first, as an IME does.)
 */
export async function typeInto(cell, value) {
  await cell.click();
  const kb = cell.page().keyboard;
  await kb.press('Backspace');
  if (value !== '') await kb.type(value);
  await kb.press('Enter');
}
