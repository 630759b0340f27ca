// npm run bench — the same parse + validate + aggregate pipeline several ways, in one process,
// interleaved round by round (a machine whose speed drifts slows every pipeline alike):
//   wasm       this project's engine (pkg/vbp_savings.cjs): estimateCsv(bytes, { omit_lines: true })
//   decimaljs  what a web developer would write instead: PapaParse + decimal.js (exact)
//   f64        PapaParse + plain JS numbers (inexact)
//   udsv_f64   uDSV + plain JS numbers (inexact: the fastest JS CSV parser, the float speed limit)
//   duckdb     DuckDB native (@duckdb/node-api), one thread, typed DECIMAL(18,4) columns (exact)
//   objects    estimate({ lines }) with 200,000 line objects (a web app that holds its data)
// on a deterministic 1,000,000-row usage CSV (bench/data.mjs). Then the engine's own memory on
// that file, streamed in 1 MiB pieces as the page's worker does, in a child process
// (bench/memory.mjs); a 60-line estimate's median time per call; the gzipped size of each
// shipped .wasm; and the page bench (bench/page.mjs: time to the first correct total, cold, our
// page vs a DuckDB-WASM page, in Chromium; skipped with --no-page); one edit of a 20,000- and a
// 1,000,000-line table, edit → totals (bench/page-edit.mjs: a whole estimate against the
// EstimateSession, and the page at 20,000 lines in Chromium). Its last lines:
//   bench-edit: rows=20000 full_ms=… full_omit_lines_ms=… incremental_ms=… page_ms=… page_longest_task_ms=…
//   bench-edit: rows=1000000 full_ms=… full_omit_lines_ms=… incremental_ms=…
//   bench: rows=… file_mb=… wasm_ms=… decimaljs_ms=… f64_ms=… udsv_f64_ms=… duckdb_ms=… objects_rows=200000 objects_ms=… speedup_vs_decimaljs=… ratio_vs_f64=… ratio_vs_duckdb=… wasm_extra_mb=…
//   bench-page: rows=10000 ours_ms=… duckdb_wasm_ms=…
//   bench-page: rows=1000000 ours_ms=… duckdb_wasm_ms=…
// A tool, not a test: nothing here asserts a time. See docs/performance.md.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { rng, DRUGS, dataFile, rowsOf, generate } from './data.mjs';
import { peerUdsvF64 } from './peers/udsv.mjs';
import { openDuckdb } from './peers/duckdb.mjs';
import { pageBench } from './page.mjs';
import { engineEdit, printEngineEdit, pageEdit } from './page-edit.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const engine = require(join(root, 'pkg', 'vbp_savings.cjs'));
// An interleaved A/B of two builds of the engine: BENCH_ENGINE_B=/path/to/an/other/pkg/vbp_savings.cjs
// (e.g. a copy of pkg/ kept from before a change) adds a pipeline wasm_b beside wasm, round by
// round, with its per-round ratio and a check that its totals are the same.
const engineB = process.env.BENCH_ENGINE_B ? require(process.env.BENCH_ENGINE_B) : null;
const Papa = require('papaparse');
const Decimal = require('decimal.js');
// decimal.js rounds to 20 significant digits by default; give it room so its totals are exact too
Decimal.set({ precision: 60 });

const ROWS = Number(process.env.BENCH_ROWS || 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS || 5);
const OBJECT_ROWS = 200_000;
const PAGE = !process.argv.includes('--no-page');

// ---------- the JS peers: what a web developer writes ----------
function cleanNumber(s) {
  return s.trim().replace(/^[¥￥]/, '').replace(/,/g, '');
}
function peerDecimal(text) {
  const parsed = Papa.parse(text, { header: true, skipEmptyLines: true });
  const perDrug = new Map();
  let base = new Decimal(0), vbp = new Decimal(0), rejected = 0;
  for (const row of parsed.data) {
    const drug = (row.drug || '').trim();
    const qs = cleanNumber(row.quantity || ''), bs = cleanNumber(row.baseline_unit_price || ''), vs = cleanNumber(row.vbp_unit_price || '');
    if (!drug || !/^-?\d+(\.\d+)?$/.test(qs) || !/^\d+(\.\d+)?$/.test(bs) || (vs && !/^\d+(\.\d+)?$/.test(vs))) { rejected++; continue; }
    const q = new Decimal(qs), b = new Decimal(bs);
    if (b.isZero()) { rejected++; continue; }
    const v = vs ? new Decimal(vs) : b.times('0.52');
    const lb = q.times(b), lv = q.times(v);
    base = base.plus(lb); vbp = vbp.plus(lv);
    const d = perDrug.get(drug) || { base: new Decimal(0), vbp: new Decimal(0), qty: new Decimal(0) };
    d.base = d.base.plus(lb); d.vbp = d.vbp.plus(lv); d.qty = d.qty.plus(q);
    perDrug.set(drug, d);
  }
  return { base: base.toString(), vbp: vbp.toString(), savings: base.minus(vbp).toString(), drugs: perDrug.size, rejected };
}
function peerF64(text) {
  const parsed = Papa.parse(text, { header: true, skipEmptyLines: true });
  const perDrug = new Map();
  let base = 0, vbp = 0, rejected = 0;
  for (const row of parsed.data) {
    const drug = (row.drug || '').trim();
    const q = Number(cleanNumber(row.quantity || '')), b = Number(cleanNumber(row.baseline_unit_price || ''));
    const vs = cleanNumber(row.vbp_unit_price || '');
    if (!drug || !Number.isFinite(q) || !Number.isFinite(b) || b <= 0) { rejected++; continue; }
    const v = vs ? Number(vs) : b * 0.52;
    if (!Number.isFinite(v)) { rejected++; continue; }
    base += q * b; vbp += q * v;
    const d = perDrug.get(drug) || { base: 0, vbp: 0, qty: 0 };
    d.base += q * b; d.vbp += q * v; d.qty += q;
    perDrug.set(drug, d);
  }
  return { base: String(base), vbp: String(vbp), savings: String(base - vbp), drugs: perDrug.size, rejected };
}

// ---------- measuring ----------
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
let peakRss = 0;
const sample = () => { peakRss = Math.max(peakRss, process.memoryUsage().rss); };
// wall time (what a user waits) and the process's CPU time (user + system, all threads): on a
// shared machine the CPU time is the steadier of the two (it leaves out waiting for a core)
async function time(fn) {
  if (global.gc) global.gc();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  sample();
  return { ms, cpu: (c.user + c.system) / 1000, out };
}
// an exact decimal string without trailing zeros after the point ("12.3400" → "12.34")
const plain = (x) => { const t = String(x); return t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t; };

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; node ${process.version}; load average ${load()}`);
const { file, bytes } = dataFile(ROWS);
const FILE_MB = bytes.length / 1e6;
console.log(`data: ${file} (${ROWS} rows, ${FILE_MB.toFixed(1)} MB, deterministic)`);
const text = bytes.toString('utf8');

// line objects: the first OBJECT_ROWS rows of the same data, as a web app holds them
// (decimals as strings; an empty VBP price left out)
const objectLines = [];
for (const [drug, quantity, baseline, vbp] of rowsOf(OBJECT_ROWS)) {
  const line = { drug, quantity, baseline_unit_price: baseline };
  if (vbp) line.vbp_unit_price = vbp;
  objectLines.push(line);
}
const objectInput = { lines: objectLines, options: { omit_lines: true } };
// the same rows as CSV bytes: the objects' totals must equal the CSV path's
const objectCsv = engine.estimateCsv(generate(OBJECT_ROWS), { omit_lines: true });

const duckdb = await openDuckdb(file);
console.log(`duckdb: ${duckdb.version}, threads=${duckdb.threads} (reads the file itself, from the page cache)`);

const pipelines = {
  wasm: () => {
    const r = engine.estimateCsv(bytes, { omit_lines: true });
    return { base: r.totals.baseline_spend, vbp: r.totals.vbp_spend, savings: r.totals.savings, drugs: r.by_drug.length, rejected: r.input.rejected, byDrug: r.by_drug };
  },
  ...(engineB ? {
    wasm_b: () => {
      const r = engineB.estimateCsv(bytes, { omit_lines: true });
      return { base: r.totals.baseline_spend, vbp: r.totals.vbp_spend, savings: r.totals.savings, drugs: r.by_drug.length, rejected: r.input.rejected };
    },
  } : {}),
  // the JS pipelines get the text already decoded (a head start: TextDecoder is not counted)
  decimaljs: () => peerDecimal(text),
  f64: () => peerF64(text),
  udsv_f64: () => peerUdsvF64(text),
  duckdb: () => duckdb.run(),
  objects: () => {
    const r = engine.estimate(objectInput);
    return { base: r.totals.baseline_spend, vbp: r.totals.vbp_spend, savings: r.totals.savings, drugs: r.by_drug.length, rejected: r.input.rejected };
  },
};
const times = Object.fromEntries(Object.keys(pipelines).map((name) => [name, []]));
const cpu = Object.fromEntries(Object.keys(pipelines).map((name) => [name, []]));
const outs = {};
// one round not counted first: every pipeline compiled and tiered up (wasm) or JIT-warmed (JS)
for (let i = 0; i < Number(process.env.BENCH_WARMUP ?? 1); i++) for (const fn of Object.values(pipelines)) await fn();
for (let i = 0; i < RUNS; i++) {
  for (const [name, fn] of Object.entries(pipelines)) { const t = await time(fn); times[name].push(t.ms); cpu[name].push(t.cpu); outs[name] = t.out; }
}
duckdb.close();
const results = {};
for (const name of Object.keys(pipelines)) {
  const out = outs[name];
  results[name] = { ms: median(times[name]), out };
  console.log(`${name.padEnd(10)} median ${median(times[name]).toFixed(0).padStart(6)} ms  (runs: ${times[name].map((t) => t.toFixed(0)).join(', ')}; CPU median ${median(cpu[name]).toFixed(0)} ms)  savings=${out.savings} drugs=${out.drugs} rejected=${out.rejected}${name === 'objects' ? ` (${OBJECT_ROWS} rows)` : ''}`);
}
const perRound = (f) => { const xs = times.wasm.map((_, i) => f(i)); return `${xs.map((r) => r.toFixed(2)).join(', ')} (median ${median(xs).toFixed(2)})`; };
console.log(`speedup vs decimal.js per round: ${perRound((i) => times.decimaljs[i] / times.wasm[i])}`);
console.log(`wasm / f64 per round: ${perRound((i) => times.wasm[i] / times.f64[i])}`);
console.log(`wasm / udsv_f64 per round: ${perRound((i) => times.wasm[i] / times.udsv_f64[i])}`);
console.log(`wasm / duckdb per round: ${perRound((i) => times.wasm[i] / times.duckdb[i])}`);
console.log(`objects per row / CSV per row, per round: ${perRound((i) => (times.objects[i] / OBJECT_ROWS) / (times.wasm[i] / ROWS))}`);
console.log(`on CPU time, per round: wasm / duckdb ${perRound((i) => cpu.wasm[i] / cpu.duckdb[i])}; decimal.js / wasm ${perRound((i) => cpu.decimaljs[i] / cpu.wasm[i])}; wasm / f64 ${perRound((i) => cpu.wasm[i] / cpu.f64[i])}; objects per row / CSV per row ${perRound((i) => (cpu.objects[i] / OBJECT_ROWS) / (cpu.wasm[i] / ROWS))}`);
const W = results.wasm.out;
if (engineB) {
  console.log(`A/B: wasm_b (${process.env.BENCH_ENGINE_B}) / wasm per round: ${perRound((i) => times.wasm_b[i] / times.wasm[i])}; on CPU time ${perRound((i) => cpu.wasm_b[i] / cpu.wasm[i])}; the same totals: ${results.wasm_b.out.savings === W.savings && results.wasm_b.out.base === W.base}`);
}
const exactAgree = W.savings === new Decimal(results.decimaljs.out.savings).toString()
  && new Decimal(W.base).equals(results.decimaljs.out.base);
console.log(`exact totals agree (wasm vs decimal.js): ${exactAgree}; f64 savings off by ${new Decimal(results.f64.out.savings).minus(W.savings).abs().toString()} yuan, udsv_f64 by ${new Decimal(results.udsv_f64.out.savings).minus(W.savings).abs().toString()} yuan`);
// DuckDB's exact decimals, compared as strings (trailing zeros of its fixed scale dropped)
const D = results.duckdb.out;
const duckTotals = ['base', 'vbp', 'savings'].every((k) => plain(D[k]) === plain(W[k]));
const pairs = (xs) => xs.map((x) => `${plain(x.base)}|${plain(x.vbp)}`).sort().join(';');
const duckDrugs = pairs(D.byDrug.map((d) => ({ base: d.base.toString(), vbp: d.vbp.toString() }))) === pairs(W.byDrug.map((d) => ({ base: d.baseline_spend, vbp: d.vbp_spend })));
console.log(`exact totals agree (wasm vs duckdb): ${duckTotals} (baseline ${plain(D.base)}, vbp ${plain(D.vbp)}, savings ${plain(D.savings)}); by drug: ${duckDrugs} (${D.drugs} drugs); rejected ${D.rejected}`);
const O = results.objects.out;
console.log(`line objects agree with the same ${OBJECT_ROWS} rows as CSV: ${O.savings === objectCsv.totals.savings && O.base === objectCsv.totals.baseline_spend} (savings ${O.savings}); ${((results.objects.ms * 1000) / OBJECT_ROWS).toFixed(2)} µs a line object vs ${((results.wasm.ms * 1000) / ROWS).toFixed(2)} µs a CSV row`);

// the engine's own memory on the file, streamed as the page's worker does, in its own process
const mem = JSON.parse(execFileSync(process.execPath, ['--expose-gc', join(root, 'bench', 'memory.mjs'), file], { encoding: 'utf8' }).trim().split('\n').pop());
const WASM_EXTRA_MB = mem.extra / 1e6;
console.log(`engine memory, streaming ${FILE_MB.toFixed(1)} MB in 1 MiB pieces (own process, ${mem.peak_method}): RSS ${(mem.rss_before / 1e6).toFixed(1)} MB before reading, peak ${(mem.peak_rss / 1e6).toFixed(1)} MB, extra ${WASM_EXTRA_MB.toFixed(1)} MB (${((100 * mem.extra) / bytes.length).toFixed(0)}% of the file); WebAssembly memory ${(mem.wasm_before / 1e6).toFixed(1)} → ${(mem.wasm_after / 1e6).toFixed(1)} MB; ${mem.rows} rows in ${mem.ms.toFixed(0)} ms; savings ${mem.savings === W.savings ? '= estimateCsv\'s' : `${mem.savings} (DIFFERS from estimateCsv's)`}`);

// a 60-line estimate, per call
const lines = [];
{
  const r = rng(7);
  for (let i = 0; i < 60; i++) {
    const v = r.next().value;
    lines.push({ drug: DRUGS[v % DRUGS.length], quantity: String(1 + (v % 900)), baseline_unit_price: (1 + (v % 9000) / 100).toFixed(2), vbp_unit_price: ((v % 4000) / 100).toFixed(2) });
  }
}
const input = { lines };
/** Median µs per call of `call` (7 rounds of n calls, after a warm-up). */
function perCallUs(call, n = 2000) {
  for (let i = 0; i < 200; i++) call(); // warm up
  const rounds = [];
  for (let rep = 0; rep < 7; rep++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) call();
    rounds.push(((performance.now() - t0) * 1000) / n);
  }
  return median(rounds);
}
const estimate60us = perCallUs(() => engine.estimate(input));
sample();
console.log(`60-line estimate: median ${estimate60us.toFixed(1)} µs per call`);
// where the time goes: the same call with the per-line list left out, the same 60 lines as
// CSV bytes (no line objects to read), and an estimate of no lines (the report's fixed part)
const omitInput = { lines, options: { omit_lines: true } };
const csv60 = new TextEncoder().encode(`drug,quantity,baseline_unit_price,vbp_unit_price\n${lines.map((l) => `${l.drug},${l.quantity},${l.baseline_unit_price},${l.vbp_unit_price}`).join('\n')}\n`);
const parts = {
  omit_lines: perCallUs(() => engine.estimate(omitInput)),
  csv_omit_lines: perCallUs(() => engine.estimateCsv(csv60, { omit_lines: true })),
  no_lines: perCallUs(() => engine.estimate({ lines: [] })),
};
const reportBytes = JSON.stringify(engine.estimate(input)).length;
console.log(`  of which: omit_lines ${parts.omit_lines.toFixed(1)} µs, as CSV bytes with omit_lines ${parts.csv_omit_lines.toFixed(1)} µs, no lines ${parts.no_lines.toFixed(1)} µs; the full report is ${reportBytes} bytes of JSON`);
// what building that report's object costs in JavaScript alone, without the engine: V8's
// JSON.parse of its text, and a plain JS copy of the object (new objects and arrays, the
// same strings). No implementation that returns this report can be faster than the copy.
{
  const report = engine.estimate(input);
  const text = JSON.stringify(report);
  const copy = (v) => {
    if (Array.isArray(v)) return v.map(copy);
    if (v && typeof v === 'object') { const o = {}; for (const k in v) o[k] = copy(v[k]); return o; }
    return v;
  };
  let objects = 0;
  let strings = 0;
  (function walk(v) {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') { objects++; Object.values(v).forEach(walk); }
    else if (typeof v === 'string') strings++;
  })(report);
  console.log(`  the report alone in JS (${objects} objects, ${strings} strings): JSON.parse of its text ${perCallUs(() => JSON.parse(text)).toFixed(1)} µs, a plain JS copy ${perCallUs(() => copy(report)).toFixed(1)} µs`);
}

// one edit of a large table, edit → totals (bench/page-edit.mjs): a whole estimate of every
// line against the EstimateSession, interleaved, at 20,000 and 1,000,000 lines
const edits = [];
for (const n of (process.env.BENCH_EDIT_SIZES || '20000,1000000').split(',').map(Number)) {
  try {
    const e = engineEdit(n);
    printEngineEdit(e);
    edits.push(e);
  } catch (e) {
    console.log(`edit bench at ${n} lines not run: ${e && e.message}`);
  }
  sample();
}

// shipped .wasm sizes
const wasmFiles = [];
for (const f of readdirSync(join(root, 'pkg'))) if (f.endsWith('.wasm')) wasmFiles.push(join('pkg', f));
for (const f of wasmFiles) {
  const b = readFileSync(join(root, f));
  console.log(`${f}: ${b.length} bytes, ${gzipSync(b, { level: 9 }).length} gzipped`);
}
const maxRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
console.log(`peak memory (RSS): ${(maxRss / 1e6).toFixed(0)} MB`);

const r0 = (x) => x.toFixed(0);
const w = results.wasm.ms, dj = results.decimaljs.ms, f = results.f64.ms;
let page = null;
if (PAGE) {
  try {
    page = await pageBench([10_000, 1_000_000]);
  } catch (e) {
    console.log(`page bench not run: ${e && e.message}`);
  }
}
let editPage = null;
if (PAGE) {
  try {
    editPage = await pageEdit(20_000);
  } catch (e) {
    console.log(`page edit bench not run: ${e && e.message}`);
  }
}
console.log(`load average at the end: ${load()}`);
for (const e of edits) {
  const page = e.rows === 20_000 && editPage ? ` page_ms=${r0(editPage.ms)} page_longest_task_ms=${r0(editPage.longest)}` : '';
  const fixed = (x) => (Number.isNaN(x) ? 'na' : x.toFixed(2));
  console.log(`bench-edit: rows=${e.rows} full_ms=${fixed(Number.isNaN(e.full) ? e.full_omit : e.full)} full_omit_lines_ms=${fixed(e.full_omit)} incremental_ms=${fixed(e.incremental)}${page}`);
}
console.log(`cpu medians (ms): ${Object.keys(pipelines).map((n) => `${n}=${r0(median(cpu[n]))}`).join(' ')}`);
console.log(`bench: rows=${ROWS} file_mb=${FILE_MB.toFixed(1)} wasm_ms=${r0(w)} decimaljs_ms=${r0(dj)} f64_ms=${r0(f)} udsv_f64_ms=${r0(results.udsv_f64.ms)} duckdb_ms=${r0(results.duckdb.ms)} objects_rows=${OBJECT_ROWS} objects_ms=${r0(results.objects.ms)} speedup_vs_decimaljs=${(dj / w).toFixed(2)} ratio_vs_f64=${(w / f).toFixed(2)} ratio_vs_duckdb=${(w / results.duckdb.ms).toFixed(2)} wasm_extra_mb=${WASM_EXTRA_MB.toFixed(1)}`);
if (page) for (const [rows, x] of Object.entries(page)) console.log(`bench-page: rows=${rows} ours_ms=${r0(x.ours)} duckdb_wasm_ms=${r0(x.duckdb_wasm)}`);
