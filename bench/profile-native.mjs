// The bulk path's hotspots in native code, with LLVM's inlining undone: perf samples of
// examples/estimate_file.rs (estimate_csv with omit_lines, the bench's 1,000,000-row file),
// each attributed to the innermost function of this crate on its (inline-expanded) stack.
//   node bench/profile-native.mjs [RUNS]    (default 5; needs perf; builds the example with line tables)
// Prints and writes artifacts/bench/profile/native.txt:
//   self       samples whose innermost crate function is this one (what it calls in std,
//              rust_decimal, the allocator… counted here, split out below)
//   inclusive  samples with the function anywhere on the stack
//   leaf       where the self time lands outside the crate (memmove, malloc, from_utf8 …)
//   lines      the crate's source lines (file:line of the innermost frame in a crate file)
// The WebAssembly build inlines differently: bench/profile.mjs gives its per-function view.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, basename } from 'node:path';
import { root, dataFile } from './data.mjs';

const RUNS = process.argv[2] || '5';
const out = join(root, 'artifacts', 'bench', 'profile');
mkdirSync(out, { recursive: true });
execFileSync('cargo', ['build', '--release', '--example', 'estimate_file'], { cwd: root, stdio: 'inherit', env: { ...process.env, CARGO_PROFILE_RELEASE_DEBUG: 'line-tables-only' } });
const exe = join(root, 'target', 'release', 'examples', 'estimate_file');
const { file } = dataFile(1_000_000);
const data = join(out, 'perf.data');
if (!process.env.PERF_REUSE) execFileSync('perf', ['record', '-q', '-F', '4000', '-g', '--call-graph', 'dwarf,16384', '-o', data, exe, file, RUNS], { stdio: 'inherit' });
const script = spawnSync('perf', ['script', '-i', data, '-F', 'ip,sym,srcline', '--inline'], { encoding: 'utf8', maxBuffer: 1 << 30 });
// perf.data is about 240 MB: kept only when asked (PERF_KEEP=1; PERF_REUSE=1 reads a kept one again)
if (!process.env.PERF_KEEP && !process.env.PERF_REUSE) rmSync(data, { force: true });

// the crate's source file names (mod.rs and lib.rs are everyone's: those frames count only
// when their symbol names the crate)
const names = new Set();
(function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) walk(join(dir, e.name));
    else if (e.name.endsWith('.rs') && e.name !== 'mod.rs' && e.name !== 'lib.rs') names.add(e.name);
  }
})(join(root, 'src'));
const short = (sym) => sym.replace(/<[^<>]*(<[^<>]*(<[^<>]*>[^<>]*)*>[^<>]*)*>$/g, '').replace(/^vbp_savings::/, '');
const samples = [];
let frames = [];
const lines = script.stdout.split('\n');
for (let i = 0; i < lines.length; i++) {
  const l = lines[i];
  if (!l.trim()) { if (frames.length) samples.push(frames); frames = []; continue; }
  const m = /^\s+[0-9a-f]+ (.*)$/.exec(l);
  if (!m) continue;
  const src = (lines[i + 1] || '').trim();
  const at = src.split(' ')[0];
  frames.push({ sym: m[1], file: basename(at.split(':')[0]), line: basename(at) });
}
if (frames.length) samples.push(frames);
const isCrate = (fr) => fr.sym.includes('vbp_savings') || names.has(fr.file);
const self = new Map(), incl = new Map(), leaf = new Map(), srcLines = new Map();
let n = 0;
const leafName = (fr) => {
  const s = fr.sym;
  if (/memmove|memcpy/.test(s)) return 'memmove/memcpy';
  if (/memcmp|bcmp/.test(s)) return 'memcmp';
  if (/malloc|free|realloc|_int_|alloc::|__rdl_|finish_grow|grow_one/.test(s)) return 'allocation (malloc/free/grow)';
  if (/from_utf8|validations/.test(s) || fr.file === 'validations.rs') return 'UTF-8 validation (core::str::from_utf8)';
  if (/sip|hash/i.test(s)) return 'hashing (SipHash)';
  if (/rust_decimal/.test(s) || fr.file === 'decimal.rs' || /^(cmp|add|sub|mul|div)_/.test(s)) return 'rust_decimal';
  if (/^[0-9a-f]+$|kallsyms|^(asm_)?exc_|page|_raw_spin|filemap|copy_|do_syscall|entry_SYSCALL/.test(s) || /kernel/.test(fr.file)) return 'kernel (page faults, file read)';
  return `${short(s)} (${fr.line})`;
};
for (const st of samples) {
  if (!st.some((fr) => /estimate_csv/.test(fr.sym))) continue; // the call itself, not reading the file
  n++;
  const k = st.findIndex(isCrate);
  const own = k >= 0 ? short(st[k].sym) : '(outside the crate)';
  // the innermost frame in a crate file (a mod.rs counts when its symbol names the crate)
  const j = st.findIndex((fr) => names.has(fr.file) || (fr.file === 'mod.rs' && /^<?vbp_savings::/.test(fr.sym)));
  if (j >= 0) { const at = `${st[j].line}  ${short(st[j].sym)}`; srcLines.set(at, (srcLines.get(at) || 0) + 1); }
  self.set(own, (self.get(own) || 0) + 1);
  if (k > 0) { const x = leafName(st[0]); leaf.set(x, (leaf.get(x) || 0) + 1); }
  else { leaf.set('(in the crate\'s own code)', (leaf.get('(in the crate\'s own code)') || 0) + 1); }
  for (const x of new Set(st.filter(isCrate).map((fr) => short(fr.sym)))) incl.set(x, (incl.get(x) || 0) + 1);
}
const pct = (x) => ((100 * x) / n).toFixed(1).padStart(5);
const rank = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k);
const text = [
  `native estimate_csv (omit_lines) on ${file}, ${RUNS} runs: ${n} samples inside estimate_csv (perf, 4 kHz, DWARF call graphs, inlined frames expanded)`,
  '', 'self, by the innermost crate function (what it calls outside the crate included):',
  ...rank(self, 30).map(([f, c]) => `${pct(c)}%  ${f}`),
  '', 'where that time lands (the leaf frame, when it is outside the crate):',
  ...rank(leaf, 20).map(([f, c]) => `${pct(c)}%  ${f}`),
  '', 'inclusive (the crate function anywhere on the stack):',
  ...rank(incl, 40).map(([f, c]) => `${pct(c)}%  ${f.length > 150 ? `${f.slice(0, 150)}…` : f}`),
  '', 'source lines of the crate (the innermost frame in a crate file):',
  ...rank(srcLines, 25).map(([f, c]) => `${pct(c)}%  ${f}`),
].join('\n');
writeFileSync(join(out, 'native.txt'), `${text}\n`);
console.log(text);
