// npm run bench:page-load — what the page loads: the bytes of every response on a cold
// first load (raw, and gzipped as a server would send them), then the modules each tab adds.
// Serves www/ itself (scripts/serve.mjs) and drives Debian's Chromium. A tool, not a test.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = 8799;
const server = spawn(process.execPath, [join(root, 'scripts/serve.mjs')], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 600));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const seen = [];
  page.on('response', async (res) => {
    try {
      const body = await res.body();
      seen.push({ url: new URL(res.url()).pathname, raw: body.length, gz: gzipSync(body, { level: 9 }).length });
    } catch { /* redirects have no body */ }
  });
  const t0 = Date.now();
  await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'networkidle' });
  const loadMs = Date.now() - t0;
  const sum = (list) => list.reduce((a, s) => ({ raw: a.raw + s.raw, gz: a.gz + s.gz }), { raw: 0, gz: 0 });
  const first = [...seen];
  const kb = (n) => (n / 1024).toFixed(0) + ' KB';
  console.log(`first load: ${first.length} files, ${kb(sum(first).raw)} raw, ${kb(sum(first).gz)} gzipped, ${loadMs} ms to network idle (localhost)`);
  for (const s of first.filter((s) => s.url.endsWith('.wasm'))) console.log(`  ${s.url}: ${kb(s.raw)} raw, ${kb(s.gz)} gzipped`);
  await page.click('#load-sample');
  await page.waitForLoadState('networkidle');
  const tabs = await page.locator('[role=tab]').all();
  for (const tab of tabs) {
    const before = seen.length;
    await tab.click();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1500);
    await page.waitForLoadState('networkidle');
    const added = seen.slice(before).filter((s) => s.url.endsWith('.wasm'));
    if (added.length) console.log(`  tab "${(await tab.textContent()).trim()}" adds ${added.map((s) => `${s.url} (${kb(s.gz)} gzipped)`).join(', ')}`);
  }
  const wasm = seen.filter((s) => s.url.endsWith('.wasm'));
  console.log(`page-load: files=${first.length} first_gz_kb=${(sum(first).gz / 1024).toFixed(0)} wasm_modules_all_tabs=${new Set(wasm.map((s) => s.url)).size} wasm_gz_kb_all_tabs=${(sum(wasm).gz / 1024).toFixed(0)}`);
} finally {
  await browser.close();
  server.kill();
}
