// The engine's own memory on a file, in a process of its own (bench/run.mjs starts it):
//   node --expose-gc bench/memory.mjs FILE [--piece BYTES] [--whole]
// Streams FILE into the engine's CsvImport in pieces (1 MiB by default), as the page's
// import worker does (www/js/import-worker.js): only the piece in hand is held. The engine is
// pkg/vbp_savings.js — the build the page's worker runs — instantiated with initSync (so its WebAssembly
// memory can be read). With --whole, reads the file whole and calls estimateCsv, as the CLI does.
// Prints one JSON line:
//   rss_before   RSS after the engine is loaded, before the file is read (after a GC)
//   peak_rss     the process's peak RSS while reading (Linux: VmHWM, reset to the current RSS
//                just before reading via /proc/self/clear_refs; else the lifetime peak)
//   extra        peak_rss − rss_before: what reading the file cost, the engine's memory with it
//   wasm_before / wasm_after   the engine's WebAssembly memory (it only grows: its peak)
import { openSync, readSync, closeSync, fstatSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { root } from './data.mjs';
import { initSync, CsvImport, estimateCsv } from '../pkg/vbp_savings.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const whole = args.includes('--whole');
const pieceAt = args.indexOf('--piece');
const PIECE = pieceAt >= 0 ? Number(args[pieceAt + 1]) : 1 << 20;

const wasm = initSync({ module: readFileSync(join(root, 'pkg', 'vbp_savings_bg.wasm')) });
const kb = (name) => {
  try {
    const m = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
};
// warm the engine (a tiny file) so its first-call setup is not counted as reading the file
estimateCsv(new TextEncoder().encode('drug,quantity,baseline_unit_price\nA,1,1\n'), { omit_lines: true });
if (global.gc) { global.gc(); global.gc(); }
const rssBefore = process.memoryUsage().rss;
const wasmBefore = wasm.memory.buffer.byteLength;
let hwmReset = false;
try { writeFileSync('/proc/self/clear_refs', '5'); hwmReset = true; } catch { /* not Linux: the lifetime peak */ }
let sampled = rssBefore;

const t0 = performance.now();
let report;
const fd = openSync(file, 'r');
const size = fstatSync(fd).size;
if (whole) {
  closeSync(fd);
  report = estimateCsv(readFileSync(file), { omit_lines: true });
} else {
  const buf = Buffer.allocUnsafe(PIECE);
  const imp = new CsvImport({ omit_lines: true });
  try {
    let n;
    let pieces = 0;
    while ((n = readSync(fd, buf, 0, PIECE, null)) > 0) {
      imp.push(new Uint8Array(buf.buffer, buf.byteOffset, n));
      if (++pieces % 16 === 0) sampled = Math.max(sampled, process.memoryUsage().rss);
    }
    report = imp.finish();
  } finally {
    imp.free();
    closeSync(fd);
  }
}
const ms = performance.now() - t0;
sampled = Math.max(sampled, process.memoryUsage().rss);
const peak = (hwmReset && kb('VmHWM')) || Math.max(sampled, process.resourceUsage().maxRSS * 1024);
process.stdout.write(`${JSON.stringify({
  mode: whole ? 'whole' : 'stream', piece: whole ? null : PIECE, file_bytes: size, ms,
  rss_before: rssBefore, peak_rss: peak, extra: peak - rssBefore, peak_method: hwmReset ? 'VmHWM reset before reading' : 'lifetime maxRSS',
  wasm_before: wasmBefore, wasm_after: wasm.memory.buffer.byteLength,
  rows: report.input.rows, rejected: report.input.rejected, savings: report.totals.savings,
})}\n`);
