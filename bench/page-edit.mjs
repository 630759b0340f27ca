// node bench/page-edit.mjs — what one edit of a large table costs, edit → totals:
//   engine  (Node, pkg/vbp_savings.cjs), at 20,000 and 1,000,000 lines read by readLines, one
//           quantity changed, interleaved round by round:
//             full         estimate({ lines }) of every line again (what the page did before
//                          EstimateSession): with the per-line list (the page's report), and
//                          without it (omit_lines: the 1,000,000-line case); broken down into
//                          handing the lines over (their JSON text: the binding's first step),
//                          the engine, and handing the per-line list back (with − without)
//             incremental  EstimateSession: set([the edited line]) + report(false, changed) (the
//                          totals, tables and warnings; the review and the rejected rows only
//                          when the edit changed them, as the page's worker asks; the edited
//                          line's outcome from set)
//           and checks that both give the same totals, to the fen.
//   page    (Debian's Chromium, the page served from www/): a 20,000-line file imported, one
//           quantity typed + Enter, the time until the total on the page shows the new figure,
//           the longest main-thread task meanwhile, the time the results views took to redraw
//           (the page's `vbp:render` user-timing measures) and the rendered grid rows.
// A tool, not a test: nothing here asserts a time. Alone: BENCH_SIZES=20000,1000000 to choose
// sizes; BENCH_PAGE=0 skips the browser part. bench/run.mjs calls engineEdit and pageEdit.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const engine = require(join(root, 'pkg', 'vbp_savings.cjs'));

const DRUGS = [
  ['甲磺酸仑伐替尼胶囊', '4mg*30粒', '盒', '3240'],
  ['磷酸奥司他韦胶囊', '75mg', '粒', '6.45'],
  ['马来酸阿法替尼片', '30mg', '片', '112.3267'],
  ['某院内药品A', '', '支', '12.5'],
];
/** A deterministic usage CSV of n lines (the file's line numbers start at 2). */
export function editCsv(n) {
  const out = ['药品名称,规格,单位,数量,集采前单价'];
  for (let i = 0; i < n; i++) {
    const [d, s, u, p] = DRUGS[i % DRUGS.length];
    out.push([d, s, u, String((i * 7919) % 500 + 1), p].join(','));
  }
  return `${out.join('\n')}\n`;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
function time(f) {
  const t = performance.now();
  const r = f();
  return [performance.now() - t, r];
}

/**
 * The engine part at n lines: medians (ms) of `rounds` interleaved rounds, each editing the
 * quantity of one line (a different line each round).
 */
export function engineEdit(n, rounds = n > 100_000 ? 3 : 7) {
  const [readMs, table] = time(() => engine.readLines(Buffer.from(editCsv(n))));
  const lines = table.lines;
  const big = n > 100_000; // the per-line list of a million lines is not built (as the page's worker does not)
  const options = big ? { omit_lines: true } : undefined;
  const [startMs, session] = time(() => new engine.EstimateSession({ lines, options }));
  const m = { full: [], full_omit: [], json: [], incremental: [], incremental_lines: [] };
  for (let r = 0; r < rounds; r++) {
    const at = (r * 7919) % lines.length;
    lines[at] = { ...lines[at], quantity: String(7 + r) };
    const [json] = time(() => JSON.stringify(lines));
    const [omit, o] = time(() => engine.estimate({ lines, options: { omit_lines: true } }));
    const [full] = big ? [NaN] : time(() => engine.estimate({ lines }));
    // as the page's worker does: the review and the rejected rows only when they changed
    const [inc, s] = time(() => { const v = session.listsVersion; session.set([lines[at]]); return session.report(false, session.listsVersion !== v); });
    const [incLines] = big ? [NaN] : time(() => session.report(true));
    if (s.totals.savings !== o.totals.savings || s.by_drug.length !== o.by_drug.length) {
      throw new Error(`the session's totals differ from a whole estimate at ${n} lines: ${s.totals.savings} vs ${o.totals.savings}`);
    }
    m.full.push(full); m.full_omit.push(omit); m.json.push(json); m.incremental.push(inc); m.incremental_lines.push(incLines);
  }
  session.free();
  const med = Object.fromEntries(Object.entries(m).map(([k, v]) => [k, median(v)]));
  return { rows: n, read_ms: readMs, session_start_ms: startMs, ...med };
}

const f1 = (x) => (Number.isNaN(x) ? '—' : x < 10 ? x.toFixed(2) : x.toFixed(0));
export function printEngineEdit(e) {
  const perLine = Number.isNaN(e.full) ? '' : `; with the per-line list ${f1(e.full)} ms (handing the list back ≈ ${f1(e.full - e.full_omit)} ms)`;
  console.log(`edit ${e.rows} lines, engine: whole estimate per edit ${f1(e.full_omit)} ms without the per-line list (of which the lines' JSON text ≈ ${f1(e.json)} ms)${perLine}; EstimateSession set + report ${f1(e.incremental)} ms${Number.isNaN(e.incremental_lines) ? '' : ` (with the per-line list ${f1(e.incremental_lines)} ms)`}; readLines ${f1(e.read_ms)} ms, session start ${f1(e.session_start_ms)} ms`);
}

/** The page part at n lines (Chromium): edit → total on the page, ms; null when it can't run. */
export async function pageEdit(n, { port = 8790 + Math.floor(Math.random() * 100), www, label = 'page' } = {}) {
  const { chromium } = await import('@playwright/test');
  const dir = join(root, 'artifacts', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `page-edit-${n}.csv`);
  writeFileSync(file, editCsv(n));
  const server = spawn(process.execPath, [join(root, 'scripts', 'serve.mjs')], { env: { ...process.env, PORT: String(port), ...(www ? { VBP_WWW_DIR: www } : {}) }, stdio: 'ignore' });
  try {
    await new Promise((r) => { setTimeout(r, 800); });
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForSelector('body[data-ready="true"]');
      const t0 = Date.now();
      await page.setInputFiles('[data-testid="import-file"]', file);
      await page.waitForFunction(() => window.__vbpLastReport && window.__vbpLastReport.totals.lines > 0, null, { timeout: 120_000 });
      const importMs = Date.now() - t0;
      await page.click('#tab-input');
      await page.waitForFunction(() => document.body.dataset.grid === 'ready', null, { timeout: 120_000 });
      const out = [];
      for (const [i, value] of [[2, '7'], [5, '11'], [9, '13']].entries()) {
        const cell = page.locator(`#lines-grid .ag-cell[data-line="${value[0]}"][data-field="quantity"]`);
        await cell.click();
        const before = await page.getByTestId('total-savings').getAttribute('data-value');
        await page.evaluate((old) => {
          performance.clearMeasures('vbp:render');
          window.__bench = { longest: 0 };
          new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.longest = Math.max(window.__bench.longest, e.duration); }).observe({ type: 'longtask' });
          const el = document.querySelector('[data-testid="total-savings"]');
          new MutationObserver(() => { if (el.dataset.value !== old && !window.__bench.done) window.__bench.done = performance.now(); }).observe(el, { attributes: true });
          document.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !window.__bench.start) window.__bench.start = performance.now(); }, { capture: true });
        }, before);
        await page.keyboard.type(value[1]);
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => window.__bench.done, null, { timeout: 120_000 });
        await page.waitForFunction(() => document.body.dataset.computing !== 'true', null, { timeout: 120_000 });
        await page.waitForTimeout(300);
        const b = await page.evaluate(() => ({
          ...window.__bench,
          render: performance.getEntriesByName('vbp:render').reduce((s, e) => s + e.duration, 0),
          rows: document.querySelectorAll('#lines-grid .ag-row[row-index]').length,
        }));
        out.push({ ms: b.done - b.start, longest: b.longest, render: b.render, rows: b.rows });
        if (i === 0) console.log(`${label} ${n} lines: import → results ${importMs} ms`);
      }
      const ms = median(out.map((x) => x.ms));
      console.log(`${label} ${n} lines: one edit → totals ${out.map((x) => x.ms.toFixed(0)).join(', ')} ms (median ${ms.toFixed(0)}); longest main-thread task ${out.map((x) => x.longest.toFixed(0)).join(', ')} ms; views redrawn in ${out.map((x) => x.render.toFixed(0)).join(', ')} ms; grid rows rendered ${out.map((x) => x.rows).join(', ')}`);
      return { ms, longest: median(out.map((x) => x.longest)), render: median(out.map((x) => x.render)) };
    } finally {
      await browser.close();
    }
  } finally {
    server.kill();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const SIZES = (process.env.BENCH_SIZES || '20000,1000000').split(',').map(Number);
  for (const n of SIZES) printEngineEdit(engineEdit(n));
  if (process.env.BENCH_PAGE !== '0') {
    // the page edits files read at once (below its large-file size); a larger file goes
    // through the streaming worker, which keeps no lines (aggregates only: not editable)
    // BENCH_EDIT_BEFORE=dir (relative to the repository, e.g. a copy of www/ from before a
    // change): that page and this one, alternately, BENCH_EDIT_ROUNDS times
    const before = process.env.BENCH_EDIT_BEFORE;
    for (const n of SIZES.filter((x) => x <= 50_000)) {
      for (let r = 0; r < Number(process.env.BENCH_EDIT_ROUNDS || 1); r++) {
        if (before) await pageEdit(n, { www: before, label: 'before' });
        await pageEdit(n, { label: before ? 'after' : 'page' });
      }
    }
  }
}
