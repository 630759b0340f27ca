// The CLI's memory and time on a large file (not part of `npm run bench`: it writes a file of
// about 1 GB into the temp directory, and takes minutes on a shared 2-core machine):
//   node bench/cli-memory.mjs [MB]        (default 1000; the file is kept for the next run)
// Runs `vbp-savings estimate FILE --json --omit-lines` as a user would and reads its peak RSS
// (the process's own maxRSS, printed by a preloaded exit hook), against `vbp-savings --version`
// (the engine loaded, no file). Then the engine's streaming import on the same file, in its
// own process (bench/memory.mjs), for comparison. Prints the last line:
//   bench-cli: file_mb=… cli_ms=… cli_peak_mb=… cli_extra_mb=… stream_ms=… stream_extra_mb=…
import { spawnSync } from 'node:child_process';
import { existsSync, openSync, writeSync, closeSync, statSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { root, rowsOf, HEADER } from './data.mjs';

const MB = Number(process.argv[2] || 1000);
const file = join(tmpdir(), `vbp-bench-usage-${MB}mb.csv`);
if (!existsSync(file)) {
  // the bench's rows (bench/data.mjs), as many as fill MB megabytes (about 41.7 bytes a row)
  const t0 = performance.now();
  const part = `${file}.part`;
  const fd = openSync(part, 'w');
  let size = 0;
  let chunk = `${HEADER}\n`;
  for (const [drug, q, base, vbp] of rowsOf(Number.MAX_SAFE_INTEGER)) {
    chunk += `${drug},${q},${base},${vbp}\n`;
    if (chunk.length > 1 << 20) {
      size += writeSync(fd, chunk);
      chunk = '';
      if (size >= MB * 1e6) break;
    }
  }
  if (chunk) writeSync(fd, chunk);
  closeSync(fd);
  renameSync(part, file);
  console.log(`wrote ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const bytes = statSync(file).size;
console.log(`data: ${file} (${(bytes / 1e6).toFixed(0)} MB)`);

// an exit hook preloaded into the CLI's process: its own peak RSS, on stderr
const PRELOAD = `data:text/javascript,${encodeURIComponent("import { writeSync } from 'node:fs'; process.on('exit', () => writeSync(2, '\\nmaxrss_kb=' + process.resourceUsage().maxRSS + '\\n'));")}`;
function run(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', PRELOAD, join(root, 'bin', 'vbp-savings.mjs'), ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  const m = /maxrss_kb=(\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`vbp-savings ${args.join(' ')}: exit ${r.status}\n${r.stderr.slice(0, 2000)}`);
  return { ms, peak: Number(m[1]) * 1024, stdout: r.stdout };
}

const idle = run(['--version']);
const cli = run(['estimate', file, '--json', '--omit-lines']);
const report = JSON.parse(cli.stdout);
console.log(`cli: ${report.input.rows} rows in ${(cli.ms / 1000).toFixed(1)} s (process start included), peak RSS ${(cli.peak / 1e6).toFixed(0)} MB; with no file (--version) ${(idle.peak / 1e6).toFixed(0)} MB; savings ${report.totals.savings}`);
const s = spawnSync(process.execPath, ['--expose-gc', join(root, 'bench', 'memory.mjs'), file], { encoding: 'utf8' });
if (s.status !== 0) throw new Error(`memory.mjs: ${s.stderr}`);
const stream = JSON.parse(s.stdout.trim().split('\n').pop());
console.log(`stream (bench/memory.mjs, 1 MiB pieces): ${stream.rows} rows in ${(stream.ms / 1000).toFixed(1)} s, extra ${(stream.extra / 1e6).toFixed(1)} MB, wasm memory ${(stream.wasm_after / 1e6).toFixed(1)} MB; savings ${stream.savings}${stream.savings === report.totals.savings ? ' (= the CLI\'s)' : ' (DIFFERS from the CLI\'s)'}`);
console.log(`bench-cli: file_mb=${(bytes / 1e6).toFixed(0)} cli_ms=${cli.ms.toFixed(0)} cli_peak_mb=${(cli.peak / 1e6).toFixed(0)} cli_extra_mb=${((cli.peak - idle.peak) / 1e6).toFixed(0)} stream_ms=${stream.ms.toFixed(0)} stream_extra_mb=${(stream.extra / 1e6).toFixed(1)}`);
