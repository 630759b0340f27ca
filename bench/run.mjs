// npm run bench — the same parse + validate + aggregate pipeline three ways, in one process:
//   wasm      this project's engine (pkg/vbp_savings.cjs): estimateCsv(bytes, { omit_lines: true })
//   decimaljs what a web developer would write instead: PapaParse + decimal.js
//   f64       PapaParse + plain JS numbers (inexact: the platform's speed limit)
// on a deterministic 1,000,000-row usage CSV. Prints medians of several runs, a 60-line
// estimate's median time per call, peak memory, the gzipped size of each shipped .wasm,
// and, as its last line:
//   bench: rows=… wasm_ms=… decimaljs_ms=… f64_ms=… speedup_vs_decimaljs=… ratio_vs_f64=…
// A tool, not a test: nothing here asserts a time.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const engine = require(join(root, 'pkg', 'vbp_savings.cjs'));
const Papa = require('papaparse');
const Decimal = require('decimal.js');
// decimal.js rounds to 20 significant digits by default; give it room so its totals are exact too
Decimal.set({ precision: 60 });

const ROWS = Number(process.env.BENCH_ROWS || 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS || 5);

// ---------- deterministic data ----------
function* rng(seed) {
  // xorshift32
  let x = seed >>> 0 || 1;
  for (;;) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    yield x;
  }
}
// drugs: names as hospital systems write them; VBP prices given on most lines, left empty on
// some so the engine's catalog / estimate rules run too (the JS peers apply the same rule:
// given price, else baseline × 0.52 — the batch's 48% cut; catalog drugs always carry a price here)
const DRUGS = ['甲磺酸仑伐替尼胶囊', '磷酸奥司他韦胶囊', '依折麦布片', '注射用米卡芬净钠', '注射用替加环素', '碘帕醇注射液',
  '依巴斯汀片', '琥珀酸美托洛尔缓释片', '奥硝唑片', '罗红霉素片', '某院内药品A', '某院内药品B', '某院内药品C', '某院内药品D'];
const UNPRICED_OK = new Set(['某院内药品A', '某院内药品B', '某院内药品C', '某院内药品D']);

function generate(rows) {
  const r = rng(20221120);
  const next = () => r.next().value;
  const parts = ['drug,quantity,baseline_unit_price,vbp_unit_price\n'];
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const drug = DRUGS[next() % DRUGS.length];
    let q = 1 + (next() % 500);
    if (next() % 50 === 0) q = -q; // returns
    const baseCents = 50 + (next() % 2_000_000); // 0.50 … 20000.49, sometimes 4 dp
    const base = next() % 4 === 0 ? (baseCents / 100).toFixed(2) + '15' : (baseCents / 100).toFixed(2);
    let vbp = '';
    if (!UNPRICED_OK.has(drug) || next() % 3 !== 0) {
      const cut = 20 + (next() % 75); // 20%…94% off
      vbp = ((baseCents * (100 - cut)) / 10_000).toFixed(4);
    }
    chunk += `${drug},${q},${base},${vbp}\n`;
    if (chunk.length > 1 << 20) { parts.push(chunk); chunk = ''; }
  }
  parts.push(chunk);
  return Buffer.from(parts.join(''), 'utf8');
}

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
function time(fn) {
  if (global.gc) global.gc();
  const t0 = performance.now();
  const out = fn();
  const ms = performance.now() - t0;
  sample();
  return { ms, out };
}

const dataDir = join(root, 'artifacts', 'bench');
mkdirSync(dataDir, { recursive: true });
const file = join(dataDir, `usage_${ROWS}.csv`);
let bytes;
if (existsSync(file)) bytes = readFileSync(file);
else { bytes = generate(ROWS); writeFileSync(file, bytes); }
console.log(`data: ${file} (${ROWS} rows, ${(bytes.length / 1e6).toFixed(1)} MB, deterministic)`);
const text = bytes.toString('utf8');

const pipelines = {
  wasm: () => {
    const r = engine.estimateCsv(bytes, { omit_lines: true });
    return { base: r.totals.baseline_spend, vbp: r.totals.vbp_spend, savings: r.totals.savings, drugs: r.by_drug.length, rejected: r.input.rejected };
  },
  // the JS pipelines get the text already decoded (a head start: TextDecoder is not counted)
  decimaljs: () => peerDecimal(text),
  f64: () => peerF64(text),
};
// Runs are interleaved (wasm, decimal.js, f64, then again …) so that a machine whose speed
// drifts during the run (shared or virtual machines) slows every pipeline alike.
const times = Object.fromEntries(Object.keys(pipelines).map((name) => [name, []]));
const outs = {};
for (let i = 0; i < RUNS; i++) {
  for (const [name, fn] of Object.entries(pipelines)) { const t = time(fn); times[name].push(t.ms); outs[name] = t.out; }
}
const results = {};
for (const name of Object.keys(pipelines)) {
  const out = outs[name];
  results[name] = { ms: median(times[name]), out };
  console.log(`${name.padEnd(10)} median ${median(times[name]).toFixed(0).padStart(6)} ms  (runs: ${times[name].map((t) => t.toFixed(0)).join(', ')})  savings=${out.savings} drugs=${out.drugs} rejected=${out.rejected}`);
}
const roundRatios = times.wasm.map((w, i) => times.decimaljs[i] / w);
console.log(`speedup vs decimal.js per round: ${roundRatios.map((r) => r.toFixed(2)).join(', ')} (median ${median(roundRatios).toFixed(2)})`);
const exactAgree = results.wasm.out.savings === new Decimal(results.decimaljs.out.savings).toString()
  && new Decimal(results.wasm.out.base).equals(results.decimaljs.out.base);
console.log(`exact totals agree (wasm vs decimal.js): ${exactAgree}; f64 savings off by ${new Decimal(results.f64.out.savings).minus(results.wasm.out.savings).abs().toString()} yuan`);

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

// shipped .wasm sizes
const wasmFiles = [];
for (const f of readdirSync(join(root, 'pkg'))) if (f.endsWith('.wasm')) wasmFiles.push(join('pkg', f));
for (const f of wasmFiles) {
  const b = readFileSync(join(root, f));
  console.log(`${f}: ${b.length} bytes, ${gzipSync(b, { level: 9 }).length} gzipped`);
}
const maxRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
console.log(`peak memory (RSS): ${(maxRss / 1e6).toFixed(0)} MB`);

const w = results.wasm.ms, dj = results.decimaljs.ms, f = results.f64.ms;
console.log(`bench: rows=${ROWS} wasm_ms=${w.toFixed(0)} decimaljs_ms=${dj.toFixed(0)} f64_ms=${f.toFixed(0)} speedup_vs_decimaljs=${(dj / w).toFixed(2)} ratio_vs_f64=${(w / f).toFixed(2)}`);
