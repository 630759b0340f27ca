// Where the bulk path's time goes: estimateCsv(bytes, { omit_lines: true }) on the bench's
// 1,000,000-row file, sampled by V8's CPU profiler in Node, in the shipped engine's code with
// its function names kept.
//   node bench/profile.mjs [RUNS]          (default 5; needs `npm run build` first)
// 1. The engine's cargo output (target/wasm32-unknown-unknown/release/vbp_savings_wasm.wasm, from
//    crates/wasm: the same code wasm-pack shipped into pkg/) through wasm-bindgen --target nodejs (names kept) and
//    wasm-opt -Oz -g (the shipped optimisation, names kept) into artifacts/bench/profile/pkg.
// 2. node --cpu-prof (sampling every 100 µs) runs estimateCsv RUNS times after a warm-up.
// 3. Ranks functions by self time (samples in the function itself) and by inclusive time
//    (samples with the function anywhere on the stack), as percentages of the estimateCsv time;
//    writes artifacts/bench/profile/profile.txt and prints it.
// The Rust symbol names are demangled-ish (hashes dropped); a function LLVM inlined into its
// caller is counted in the caller.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, dataFile } from './data.mjs';

const RUNS = Number(process.argv[2] || 5);
const out = join(root, 'artifacts', 'bench', 'profile');
const pkg = join(out, 'pkg');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const cargoWasm = join(root, 'target', 'wasm32-unknown-unknown', 'release', 'vbp_savings_wasm.wasm');
if (!existsSync(cargoWasm)) throw new Error(`no ${cargoWasm}: run npm run build first`);
mkdirSync(pkg, { recursive: true });
const wasmBindgen = process.env.WASM_BINDGEN || join(process.env.HOME || '', '.cargo', 'bin', 'wasm-bindgen');
execFileSync(wasmBindgen, ['--target', 'nodejs', '--out-dir', pkg, '--out-name', 'vbp_savings', cargoWasm], { stdio: 'inherit' });
execFileSync(bin('wasm-opt'), [join(pkg, 'vbp_savings_bg.wasm'), '-Oz', '-g', '-o', join(pkg, 'vbp_savings_bg.wasm')], { stdio: 'inherit' });
writeFileSync(join(pkg, 'package.json'), '{ "type": "commonjs" }\n');

const { file } = dataFile(1_000_000);
const runner = join(out, 'run.cjs');
writeFileSync(runner, `
const engine = require(${JSON.stringify(join(pkg, 'vbp_savings.js'))});
const bytes = require('fs').readFileSync(${JSON.stringify(file)});
engine.estimateCsv(bytes, { omit_lines: true }); // warm-up (tier-up)
const t = [];
for (let i = 0; i < ${RUNS}; i++) { const t0 = performance.now(); engine.estimateCsv(bytes, { omit_lines: true }); t.push(performance.now() - t0); }
console.log('estimateCsv runs (ms): ' + t.map((x) => x.toFixed(0)).join(', '));
`);
const profDir = join(out, 'cpuprofile');
rmSync(profDir, { recursive: true, force: true });
execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', profDir, runner], { stdio: 'inherit' });
const prof = JSON.parse(readFileSync(join(profDir, readdirSync(profDir)[0]), 'utf8'));

// the profile: a tree of nodes (callFrame, hitCount, children); samples and time deltas
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children || []) parent.set(c, n.id);
const clean = (name) => (name || '(anonymous)')
  .replace(/::h[0-9a-f]{16}$/, '')
  .replace(/^_ZN/, '')
  .replace(/\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$u20\$/g, ' ').replace(/\$RF\$/g, '&').replace(/\$C\$/g, ',').replace(/\.\./g, '::');
// time per sample: the deltas (µs)
const self = new Map();
const incl = new Map();
let inEngine = 0;
let total = 0;
for (let i = 0; i < prof.samples.length; i++) {
  const dt = prof.timeDeltas[i + 1] ?? prof.timeDeltas[i] ?? 0;
  total += dt;
  let id = prof.samples[i];
  const stack = [];
  while (id !== undefined) { stack.push(clean(byId.get(id).callFrame.functionName)); id = parent.get(id); }
  if (!stack.includes('estimateCsv')) continue;
  inEngine += dt;
  self.set(stack[0], (self.get(stack[0]) || 0) + dt);
  for (const f of new Set(stack)) incl.set(f, (incl.get(f) || 0) + dt);
}
const pct = (x) => ((100 * x) / inEngine).toFixed(1).padStart(5);
const rank = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
const lines = [];
lines.push(`estimateCsv on ${file} (1,000,000 rows), ${RUNS} runs after a warm-up; ${(inEngine / 1000).toFixed(0)} ms sampled inside estimateCsv of ${(total / 1000).toFixed(0)} ms profiled (100 µs interval)`);
lines.push('', 'self time (the function itself, callees excluded):');
for (const [f, t] of rank(self, 30)) lines.push(`${pct(t)}%  ${f}`);
lines.push('', 'inclusive time (the function and what it calls):');
for (const [f, t] of rank(incl, 45)) lines.push(`${pct(t)}%  ${f}`);
const text = `${lines.join('\n')}\n`;
writeFileSync(join(out, 'profile.txt'), text);
process.stdout.write(text);
