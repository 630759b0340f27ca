// node bench/page-edit.mjs — what one edit of a large table costs, edit → totals:
//   engine  (Node, pkg/node): readLines of the CSV (once, at import), estimate({ lines }) of the
//           kept line objects (what every edit recomputes), with and without the per-line list,
//           at 20,000 and 1,000,000 lines;
//   page    (Debian's Chromium, the page served from www/): a 20,000-line file imported, one
//           quantity typed + Enter, the time until the total on the page shows the new figure,
//           and the longest main-thread task meanwhile.
// A tool, not a test: nothing here asserts a time. BENCH_SIZES=20000,1000000 to choose sizes;
// BENCH_PAGE=0 skips the browser part.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const engine = require(join(root, 'pkg', 'node', 'vbp_savings.js'));
const SIZES = (process.env.BENCH_SIZES || '20000,1000000').split(',').map(Number);

const DRUGS = [
  ['甲磺酸仑伐替尼胶囊', '4mg*30粒', '盒', '3240'],
  ['磷酸奥司他韦胶囊', '75mg', '粒', '6.45'],
  ['马来酸阿法替尼片', '30mg', '片', '112.3267'],
  ['某院内药品A', '', '支', '12.5'],
];
function csv(n) {
  const out = ['药品名称,规格,单位,数量,集采前单价'];
  for (let i = 0; i < n; i++) {
    const [d, s, u, p] = DRUGS[i % DRUGS.length];
    out.push([d, s, u, String((i * 7919) % 500 + 1), p].join(','));
  }
  return `${out.join('\n')}\n`;
}

const ms = (t) => `${t.toFixed(0)} ms`;
function time(f) {
  const t = performance.now();
  const r = f();
  return [performance.now() - t, r];
}

const results = {};
for (const n of SIZES) {
  const bytes = Buffer.from(csv(n));
  const [read, table] = time(() => engine.readLines(bytes));
  const lines = table.lines;
  lines[0].quantity = '7'; // the edit
  const [full] = n <= 100_000 ? time(() => engine.estimate({ lines })) : [NaN];
  const [omit, r] = time(() => engine.estimate({ lines, options: { omit_lines: true } }));
  results[n] = { read, full, omit };
  console.log(`engine ${n} lines: readLines ${ms(read)}; estimate({lines}) per edit ${Number.isNaN(full) ? '(per-line list not built at this size)' : ms(full)}, without the per-line list ${ms(omit)} (${(omit * 1000 / n).toFixed(1)} µs a line); savings ${r.totals.savings}`);
}

async function pageBench(n) {
  const { chromium } = await import('playwright-core');
  const dir = join(root, 'artifacts', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `page-edit-${n}.csv`);
  writeFileSync(file, csv(n));
  const port = 8790 + Math.floor(Math.random() * 100);
  const server = spawn(process.execPath, [join(root, 'scripts', 'serve.mjs')], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  try {
    await new Promise((r) => { setTimeout(r, 500); });
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForSelector('body[data-ready="true"]');
    const t0 = Date.now();
    await page.setInputFiles('[data-testid="import-file"]', file);
    await page.waitForFunction(() => window.__vbpLastImport && document.body.dataset.grid === 'ready', null, { timeout: 120_000 });
    const importMs = Date.now() - t0;
    const cell = page.locator('#lines-grid .ag-cell[data-line="2"][data-field="quantity"]');
    await cell.click();
    const before = await page.getByTestId('total-savings').getAttribute('data-value');
    await page.evaluate((old) => {
      window.__bench = { longest: 0 };
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.longest = Math.max(window.__bench.longest, e.duration); }).observe({ type: 'longtask' });
      const el = document.querySelector('[data-testid="total-savings"]');
      new MutationObserver(() => { if (el.dataset.value !== old && !window.__bench.done) window.__bench.done = performance.now(); }).observe(el, { attributes: true });
      document.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !window.__bench.start) window.__bench.start = performance.now(); }, { capture: true });
    }, before);
    await page.keyboard.type('7');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__bench.done, null, { timeout: 120_000 });
    const b = await page.evaluate(() => window.__bench);
    console.log(`page ${n} lines: import → grid ${ms(importMs)}; one edit → totals ${ms(b.done - b.start)}; longest main-thread task meanwhile ${ms(b.longest)}`);
    await browser.close();
  } finally {
    server.kill();
  }
}

if (process.env.BENCH_PAGE !== '0') {
  // the page edits files read at once (below 2 MB: 20,000 lines is about 1 MB); a larger file
  // goes through the streaming worker, which keeps no lines (aggregates only: not editable)
  for (const n of SIZES.filter((x) => x <= 50_000)) await pageBench(n);
}
