// An interleaved A/B of two copies of the page, cold: node bench/page-ab.mjs FILE DIR_A DIR_B [ROUNDS]
// Each DIR is a www/ directory (absolute, or relative to the checkout) served by scripts/serve.mjs
// on its own port; each round opens each page in a new Chromium (new empty profile), the order
// alternating, and records, as bench/page.mjs does: ready (navigation → body[data-ready]) and
// file → total (the file input's change → the first frame after total-savings has a value).
// Prints each page's rounds and medians. Used for the page's optimisations in docs/performance.md.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root } from './data.mjs';

const [file, ...rest] = process.argv.slice(2);
const dirs = rest.slice(0, 2);
const rounds = Number(rest[2] || 4);
if (!file || dirs.length !== 2) {
  console.error('usage: node bench/page-ab.mjs FILE DIR_A DIR_B [ROUNDS]');
  process.exit(2);
}
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const servers = [];
for (const [i, dir] of dirs.entries()) {
  const port = 8950 + i;
  const srv = spawn(process.execPath, [join(root, 'scripts', 'serve.mjs')], { cwd: root, env: { ...process.env, PORT: String(port), VBP_WWW_DIR: dir }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => srv.stdout.on('data', (d) => { if (String(d).includes('http://')) resolve(); }));
  servers.push({ srv, url: `http://127.0.0.1:${port}/` });
}
const res = dirs.map(() => []);
try {
  for (let k = 0; k < rounds; k++) {
    for (const i of (k % 2 ? [1, 0] : [0, 1])) {
      const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ARGS });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
        await page.addInitScript(() => {
          const m = (window.__m = {});
          document.addEventListener('change', (e) => { if (e.target.type === 'file') m.change = performance.now(); }, true);
          new MutationObserver(() => {
            if (!m.ready && document.body && document.body.dataset.ready === 'true') m.ready = performance.now();
            const el = document.querySelector('[data-testid="total-savings"]');
            if (!m.set && m.change && el && el.dataset.value) { m.set = 1; requestAnimationFrame(() => { m.total = performance.now(); }); }
          }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready', 'data-value'] });
        });
        await page.goto(servers[i].url);
        await page.waitForFunction(() => window.__m.ready, null, { polling: 20 });
        await page.locator('[data-testid="import-file"]').setInputFiles(file);
        await page.waitForFunction(() => window.__m.total, null, { polling: 20, timeout: 600_000 });
        const m = await page.evaluate(() => window.__m);
        res[i].push([m.ready, m.total - m.change]);
      } finally {
        await browser.close();
      }
    }
  }
} finally {
  servers.forEach((s) => s.srv.kill());
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); const h = s.length >> 1; return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; };
dirs.forEach((d, i) => console.log(`${d}: ready ${res[i].map((x) => x[0].toFixed(0)).join(' ')} (median ${med(res[i].map((x) => x[0])).toFixed(0)} ms); file → total ${res[i].map((x) => x[1].toFixed(0)).join(' ')} (median ${med(res[i].map((x) => x[1])).toFixed(0)} ms)`));
