// The npm package as a stranger gets it: `npm pack` at the root, the tarball installed
// (offline) into a fresh project in a temporary folder, then used from a Node ES module, a
// CommonJS script, strict TypeScript, the CLI, a Vite app (production build and dev server)
// and a plain page with an import map, the browser ones in Debian's headless Chromium. Every
// consumer's results are compared with the engine's: the repository's own build (pkg/vbp_savings.cjs,
// which the CLI runs) called in this process, and the CLI's --json. The marked examples of the
// README and of docs/api.md run here too, against the installed tarball.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build as viteBuild, createServer as viteServer } from 'vite';
import playwrightConfig from '../../playwright.config.mjs';
import { probe } from './project/probe.mjs';
import { DOCUMENTS, countChecks, examples, instrument } from './readme.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(import.meta.url);
const pkgJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const FIXTURES = ['sample_utf8.csv', 'english_utf8.csv', 'hospital_gbk.csv'];
// the marked examples of the README and of the manual's npm page (docs/api.md)
const EXAMPLES = DOCUMENTS.flatMap((doc) => examples(readFileSync(join(root, doc), 'utf8'), doc));
const FULL_TIMEOUT = 180_000; // a guard against a hang, not a timed assertion

// What `npm pack` must put in the tarball, and nothing else.
const PACKED = [
  'CHANGELOG.md', 'LICENSE', 'README.md', 'package.json', 'bin/vbp-savings.mjs', 'bin/supply.mjs', 'bin/evaluate.mjs',
  'js/node.cjs', 'js/node.d.cts', 'js/node.d.mts', 'js/node.mjs', 'js/web.d.mts', 'js/web.mjs',
  'js/batches-node.cjs', 'js/batches-node.d.cts', 'js/batches-node.d.mts', 'js/batches-node.mjs', 'js/batches-web.d.mts', 'js/batches-web.mjs',
  'js/plan-node.cjs', 'js/plan-node.d.cts', 'js/plan-node.d.mts', 'js/plan-node.mjs', 'js/plan-web.d.mts', 'js/plan-web.mjs',
  'js/xlsx-node.cjs', 'js/xlsx-node.d.cts', 'js/xlsx-node.d.mts', 'js/xlsx-node.mjs', 'js/xlsx-web.d.mts', 'js/xlsx-web.mjs',
  'pkg/vbp_savings.js', 'pkg/vbp_savings.d.ts', 'pkg/vbp_savings.cjs', 'pkg/vbp_savings.d.cts', 'pkg/vbp_savings_bg.wasm',
  'pkg/vbp_savings_xlsx.js', 'pkg/vbp_savings_xlsx.d.ts', 'pkg/vbp_savings_xlsx.cjs', 'pkg/vbp_savings_xlsx.d.cts', 'pkg/vbp_savings_xlsx_bg.wasm',
  // the manual the README links to
  ...readdirSync(join(root, 'docs'), { recursive: true })
    .filter((f) => statSync(join(root, 'docs', f)).isFile())
    .map((f) => `docs/${f.split(sep).join('/')}`),
];

// npm's own variables of an enclosing `npm test` must not steer the consumer's npm.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD'));

function run(command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', env: { ...env, ...options.env }, cwd: options.cwd, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return r;
}

function ok(r, what) {
  assert.equal(r.status, 0, `${what} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const plain = (value) => JSON.parse(JSON.stringify(value));

let work; // the temporary folder
let project; // the consumer project inside it
let packed; // npm pack --json's record of the tarball
let engine; // the repository's build, as the CLI uses it
let expected; // the probe run against the engine
let browser;

before(() => {
  const built = join(root, 'pkg', 'vbp_savings_bg.wasm');
  assert.ok(existsSync(built) && existsSync(join(root, 'pkg', 'vbp_savings.cjs')), 'the package is not built: run "npm run build" first');
  engine = require(join(root, 'pkg', 'vbp_savings.cjs'));
  // plan and batches are the engine's own functions (one module); the probe still calls
  // them through the names it used when they were separate modules
  const planEngine = engine;
  const batchesEngine = engine;
  const files = Object.fromEntries(FIXTURES.map((n) => [n, readFileSync(join(root, 'tests', 'fixtures', n))]));
  // the repository's build has no init() (the package's entries add it); the rest must match
  const { hasInit, ...results } = plain(probe(engine, planEngine, batchesEngine, files));
  expected = results;

  work = mkdtempSync(join(tmpdir(), 'vbp-consumer-'));
  const pack = ok(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root }), 'npm pack');
  [packed] = JSON.parse(pack.stdout);

  project = join(work, 'project');
  cpSync(join(here, 'project'), project, { recursive: true });
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`);
  for (const dir of [join(project, 'fixtures'), join(project, 'check-app', 'public', 'fixtures')]) {
    mkdirSync(dir, { recursive: true });
    for (const name of FIXTURES) cpSync(join(root, 'tests', 'fixtures', name), join(dir, name));
  }
  cpSync(join(root, 'tests', 'fixtures', 'xlsx', 'usage_twin.xlsx'), join(project, 'fixtures', 'usage_twin.xlsx'));
  for (const example of EXAMPLES) {
    const file = join(project, example.file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, instrument(example));
    if (example.file.endsWith('.ts')) writeFileSync(join(project, 'ts', `readme-${example.file.split('/').pop()}`), example.code);
  }
  ok(run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(work, packed.filename)], { cwd: project }), 'npm install of the tarball');
});

after(async () => {
  if (browser) await browser.close();
  if (work && !process.env.KEEP_CONSUMER) rmSync(work, { recursive: true, force: true });
});

// --- the browser side: a static server with a strict CSP, headless Chromium ---

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.csv': 'text/csv', '.json': 'application/json' };
const STRICT_CSP = "default-src 'self'; img-src 'self' data:; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; object-src 'none'; base-uri 'none'";

async function serve(dir, csp) {
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir + sep)) return res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'content-security-policy': csp });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Opens url; waits until #out has content (or the page fails); returns what the page did. */
async function visit(url) {
  browser ??= await chromium.launch(playwrightConfig.use.launchOptions);
  const context = await browser.newContext();
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const seen = { outside: [], errors: [] };
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) seen.outside.push(r.url()); });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  // failed loads are reported by URL (from the response) rather than by console message
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) seen.errors.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) seen.errors.push(`${r.status()} ${r.url()}`); });
  try {
    await page.goto(url);
    await page.waitForFunction(() => {
      const text = document.getElementById('out')?.textContent;
      return text && text !== 'loading';
    }, null, { timeout: 60_000 }).catch(() => {});
    return { ...seen, out: await page.textContent('#out'), doctest: await page.evaluate(() => globalThis.__doctest ?? null) };
  } finally {
    await context.close();
  }
}

function assertProbe(actual, where) {
  const { resolved, beforeInit, hasInit, ...rest } = actual;
  assert.deepEqual(rest, expected, `${where}: results differ from the engine's`);
  assert.equal(hasInit, true, `${where}: init() is exported`);
  return { resolved, beforeInit };
}

function assertChecks(doctest, examplesRun, where) {
  assert.ok(Array.isArray(doctest), `${where}: no documented check ran`);
  const failed = doctest.filter((c) => !c.ok).map((c) => `${c.line}: got ${c.actual}, the document says ${c.expected}`);
  assert.deepEqual(failed, [], where);
  const want = examplesRun.reduce((n, e) => n + countChecks(e.code), 0);
  assert.equal(doctest.length, want, `${where}: ${doctest.length} of ${want} documented checks ran`);
}

// --- the tests ---

test('npm pack makes vbp-savings-<version>.tgz holding only the built package', () => {
  assert.equal(packed.filename, `vbp-savings-${pkgJson.version}.tgz`);
  assert.deepEqual(packed.files.map((f) => f.path).sort(), [...PACKED].sort());
  const installed = join(project, 'node_modules', 'vbp-savings');
  for (const name of ['vbp_savings_bg.wasm', 'vbp_savings_xlsx_bg.wasm']) {
    assert.equal(sha256(readFileSync(join(installed, 'pkg', name))), sha256(readFileSync(join(root, 'pkg', name))), name);
  }
  // each WebAssembly binary is shipped once: Node's glue and the browsers' load the same file
  const wasm = packed.files.map((f) => f.path).filter((p) => p.endsWith('.wasm'));
  assert.deepEqual(wasm.sort(), ['pkg/vbp_savings_bg.wasm', 'pkg/vbp_savings_xlsx_bg.wasm']);
  assert.equal(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).dependencies['vbp-savings'], `file:../${packed.filename}`);
});

test('versions agree: Cargo.toml, package.json, package-lock.json, version(), CHANGELOG', () => {
  const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^\[package\][^[]*?^version = "([^"]+)"/m)[1];
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const v = pkgJson.version;
  assert.match(v, /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/, 'semantic version');
  assert.equal(cargo, v, 'Cargo.toml');
  assert.equal(lock.version, v, 'package-lock.json');
  assert.equal(lock.packages[''].version, v, 'package-lock.json root');
  assert.equal(engine.version(), v, 'version()');
  const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
  assert.match(changelog, new RegExp(`^## \\[${v.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'), `CHANGELOG.md has a section for ${v}`);
});

test('the exports map: every condition has types first and points at a file in the tarball', () => {
  const installed = JSON.parse(readFileSync(join(project, 'node_modules', 'vbp-savings', 'package.json'), 'utf8'));
  const targets = [];
  const walk = (node, path) => {
    if (typeof node === 'string') return targets.push([path, node]);
    const keys = Object.keys(node);
    if (keys.includes('types')) assert.equal(keys[0], 'types', `${path}: "types" must come first`);
    for (const k of keys) walk(node[k], `${path}.${k}`);
  };
  walk(installed.exports, 'exports');
  for (const [path, target] of [...targets, ['main', installed.main], ['types', installed.types], ['bin', installed.bin['vbp-savings']]]) {
    assert.ok(existsSync(join(project, 'node_modules', 'vbp-savings', target)), `${path} → ${target} is missing`);
  }
  assert.ok(targets.some(([p]) => p === 'exports...node.import.default'));
  assert.ok(targets.some(([p]) => p === 'exports...browser.default'));
});

test('Node ES module: import with no initialisation gives the engine\'s results', () => {
  const r = ok(run(process.execPath, ['esm.mjs', ...FIXTURES], { cwd: project }), 'esm.mjs');
  const { resolved } = assertProbe(JSON.parse(r.stdout), 'Node ESM');
  assert.ok(resolved.import.endsWith('/project/node_modules/vbp-savings/js/node.mjs'), resolved.import);
  assert.ok(resolved.require.endsWith(`${sep}project${sep}node_modules${sep}vbp-savings${sep}js${sep}node.cjs`), resolved.require);
  assert.equal(resolved.sameEngine, true, 'import and require share one engine');
  assert.ok(resolved.plan.endsWith('/project/node_modules/vbp-savings/js/plan-node.mjs'), resolved.plan);
  assert.ok(resolved.batches.endsWith('/project/node_modules/vbp-savings/js/batches-node.mjs'), resolved.batches);
});

test('Node CommonJS: require with no initialisation gives the engine\'s results', () => {
  const r = ok(run(process.execPath, ['cjs.cjs', ...FIXTURES], { cwd: project }), 'cjs.cjs');
  const { resolved } = assertProbe(JSON.parse(r.stdout), 'Node CJS');
  assert.ok(resolved.require.endsWith(`${sep}node_modules${sep}vbp-savings${sep}js${sep}node.cjs`), resolved.require);
});

test('the CSV estimates equal the CLI\'s --json for the same files', () => {
  for (const name of FIXTURES) {
    const cli = ok(run(process.execPath, [join(root, 'bin', 'vbp-savings.mjs'), 'estimate', join(root, 'tests', 'fixtures', name), '--json']), `CLI ${name}`);
    assert.deepEqual(expected.csv[name], JSON.parse(cli.stdout), name);
  }
});

test('the CLI runs from the installed package (npx vbp-savings)', () => {
  const help = ok(run('npx', ['vbp-savings', '--help'], { cwd: project }), 'npx vbp-savings --help');
  assert.match(help.stdout, /vbp-savings estimate FILE\.csv/);
  assert.equal(ok(run('npx', ['vbp-savings', '--version'], { cwd: project }), '--version').stdout, `${pkgJson.version}\n`);
  const fixture = join('fixtures', 'hospital_gbk.csv');
  for (const args of [['--json'], ['--lang', 'en'], []]) {
    const installed = ok(run('npx', ['vbp-savings', 'estimate', fixture, ...args], { cwd: project }), `installed CLI ${args}`);
    const repo = ok(run(process.execPath, [join(root, 'bin', 'vbp-savings.mjs'), 'estimate', fixture, ...args], { cwd: project }), `repo CLI ${args}`);
    assert.equal(installed.stdout, repo.stdout, `estimate ${args.join(' ')}`);
  }
});

test('the spreadsheet entry: vbp-savings/xlsx reads a workbook, vbp-savings estimates it, as the CLI does', () => {
  const script = [
    "import { readWorkbook } from 'vbp-savings/xlsx';",
    "import { createRequire } from 'node:module';",
    "import { estimateRows } from 'vbp-savings';",
    "import { readFileSync } from 'node:fs';",
    "const book = readWorkbook(readFileSync('fixtures/usage_twin.xlsx'));",
    "const sheet = book.sheets[book.default_sheet ?? 0];",
    "const report = estimateRows(sheet.rows, { sheet: sheet.name, source_kind: book.format });",
    "const cjs = createRequire(import.meta.url)('vbp-savings/xlsx');",
    "console.log(JSON.stringify({ totals: report.totals, rejected: report.rejected, sheet: sheet.name, cjs: typeof cjs.readWorkbook, where: import.meta.resolve('vbp-savings/xlsx') }));",
  ].join('\n');
  writeFileSync(join(project, 'xlsx-probe.mjs'), script);
  const got = JSON.parse(ok(run(process.execPath, ['xlsx-probe.mjs'], { cwd: project }), 'xlsx-probe.mjs').stdout);
  assert.ok(got.where.endsWith('/node_modules/vbp-savings/js/xlsx-node.mjs'), got.where);
  assert.equal(got.cjs, 'function');
  const cli = JSON.parse(ok(run(process.execPath, [join(root, 'bin', 'vbp-savings.mjs'), 'estimate', join(root, 'tests', 'fixtures', 'xlsx', 'usage_twin.xlsx'), '--json']), 'CLI xlsx').stdout);
  assert.deepEqual(got.totals, cli.totals);
  assert.deepEqual(got.rejected, cli.rejected);
  // and the installed CLI reads the workbook the same way
  const installed = JSON.parse(ok(run('npx', ['vbp-savings', 'estimate', join('fixtures', 'usage_twin.xlsx'), '--json'], { cwd: project }), 'installed CLI xlsx').stdout);
  assert.deepEqual(installed.totals, cli.totals);
});

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

test('TypeScript, strict: Node ES module and CommonJS consumers typecheck (nodenext)', () => {
  ok(run(process.execPath, [tsc, '-p', 'tsconfig.node.json'], { cwd: project }), 'tsc -p tsconfig.node.json');
});

test('TypeScript, strict: bundler consumers typecheck, the documented Vite example included', () => {
  assert.ok(existsSync(join(project, 'ts', 'readme-main.ts')), 'docs/api.md has a vite-app/src/main.ts example');
  ok(run(process.execPath, [tsc, '-p', 'tsconfig.bundler.json'], { cwd: project }), 'tsc -p tsconfig.bundler.json');
});

test('the README and docs/api.md have runnable examples, each kind has a runner, each file one example', () => {
  const files = EXAMPLES.map((e) => e.file);
  assert.ok(EXAMPLES.some((e) => e.doc === 'README.md'), 'the README has a runnable example');
  assert.deepEqual(files.filter((f, i) => files.indexOf(f) !== i), [], 'two examples write the same file');
  for (const want of ['vite-app/index.html', 'vite-app/src/main.ts', 'plain.html']) assert.ok(files.includes(want), want);
  assert.ok(files.some((f) => f.endsWith('.mjs')) && files.some((f) => f.endsWith('.cjs')));
  for (const f of files) assert.match(f, /^(vite-app\/.*|[\w-]+\.(mjs|cjs|html))$/, `example ${f}: no runner for it`);
});

for (const example of EXAMPLES.filter((e) => /^[\w-]+\.[mc]js$/.test(e.file))) {
  test(`${example.doc} example ${example.file} runs against the installed package`, () => {
    const out = join(work, `${example.file}.checks.json`);
    ok(run(process.execPath, [example.file], { cwd: project, env: { DOCTEST_OUT: out } }), example.file);
    assertChecks(JSON.parse(readFileSync(out, 'utf8')), [example], example.file);
  });
}

test('Vite build: the documented app runs in Chromium under a strict CSP', { timeout: FULL_TIMEOUT }, async () => {
  const dir = join(project, 'vite-app');
  await viteBuild({ root: dir, configFile: false, logLevel: 'warn', build: { outDir: join(dir, 'dist'), emptyOutDir: true } });
  const assets = readdirSync(join(dir, 'dist', 'assets'));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `one .wasm asset: ${assets}`);
  assert.equal(sha256(readFileSync(join(dir, 'dist', 'assets', wasm[0]))), sha256(readFileSync(join(root, 'pkg', 'vbp_savings_bg.wasm'))));
  const server = await serve(join(dir, 'dist'), STRICT_CSP);
  try {
    const page = await visit(server.url);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(page.outside, [], 'no request leaves the origin');
    assertChecks(page.doctest, EXAMPLES.filter((e) => e.file.startsWith('vite-app/')), 'vite-app');
    const report = engine.estimate({ lines: [{ drug: '甲磺酸仑伐替尼胶囊', quantity: '90', baseline_unit_price: '108', vbp_unit_price: '18' }] });
    assert.equal(page.out, `节约 ¥${engine.roundDisplay(report.totals.savings)}（${engine.formatPercent(report.totals.savings_rate)}）`);
  } finally {
    await server.close();
  }
});

const checkQuery = `?${FIXTURES.map((f) => `f=${encodeURIComponent(f)}`).join('&')}`;

test('Vite build: a Vite app gives the engine\'s results in Chromium', { timeout: FULL_TIMEOUT }, async () => {
  const dir = join(project, 'check-app');
  await viteBuild({ root: dir, configFile: false, logLevel: 'warn', build: { outDir: join(dir, 'dist'), emptyOutDir: true } });
  const server = await serve(join(dir, 'dist'), STRICT_CSP);
  try {
    const page = await visit(`${server.url}${checkQuery}`);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(page.outside, []);
    assert.ok(page.out.startsWith('{'), page.out);
    const { beforeInit } = assertProbe(JSON.parse(page.out), 'Vite build');
    assert.equal(beforeInit, 'TypeError', 'a call before init() throws a TypeError, as docs/api.md says');
  } finally {
    await server.close();
  }
});

test('Vite dev server: both apps give the engine\'s results in Chromium', { timeout: FULL_TIMEOUT }, async () => {
  for (const app of ['check-app', 'vite-app']) {
    const server = await viteServer({ root: join(project, app), configFile: false, logLevel: 'error', server: { host: '127.0.0.1', port: 0 } });
    await server.listen();
    try {
      const url = server.resolvedUrls.local[0];
      const page = await visit(app === 'check-app' ? `${url}${checkQuery}` : url);
      assert.deepEqual(page.errors, [], app);
      if (app === 'check-app') {
        assert.ok(page.out.startsWith('{'), page.out);
        assertProbe(JSON.parse(page.out), 'Vite dev');
      } else {
        assertChecks(page.doctest, EXAMPLES.filter((e) => e.file.startsWith('vite-app/')), 'vite-app (dev)');
      }
    } finally {
      await server.close();
    }
  }
});

test('a page without a bundler (import map) runs the documented example in Chromium', { timeout: FULL_TIMEOUT }, async () => {
  const server = await serve(project, "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'");
  try {
    const page = await visit(`${server.url}plain.html`);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(page.outside, []);
    assertChecks(page.doctest, EXAMPLES.filter((e) => e.file === 'plain.html'), 'plain.html');
    const report = engine.estimateCsv(new TextEncoder().encode('drug,quantity,baseline_unit_price,vbp_unit_price\nLenvatinib,90,108,18\n'));
    assert.equal(page.out, report.totals.savings);
  } finally {
    await server.close();
  }
});
