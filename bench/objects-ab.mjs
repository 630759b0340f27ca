// A/B in one binary: the same 200,000 line objects read through the array's JSON (fast) and,
// with one BigInt line appended (no JSON text), object by object (the reference reader).
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const e = require(new URL('../pkg/vbp_savings.cjs', import.meta.url).pathname);
const N = 200000;
const drugs = ['甲磺酸仑伐替尼胶囊', '磷酸奥司他韦胶囊', '依折麦布片', '某院内药品A', '某院内药品B'];
const lines = []; let csv = 'drug,quantity,baseline_unit_price,vbp_unit_price\n';
for (let i = 0; i < N; i++) {
  const d = drugs[i % 5], q = 1 + (i % 500), b = (50 + (i * 7919) % 2000000) / 100, v = i % 3 ? (b * 0.52).toFixed(4) : '';
  lines.push(v ? { drug: d, quantity: q, baseline_unit_price: b, vbp_unit_price: v } : { drug: d, quantity: q, baseline_unit_price: b });
  csv += `${d},${q},${b},${v}\n`;
}
const slowLines = [...lines, { drug: '某药', quantity: 1n, baseline_unit_price: 1 }];
const bytes = Buffer.from(csv);
const cpu = (f) => { const u = process.cpuUsage(); const r = f(); const d = process.cpuUsage(u); return [(d.user + d.system) / 1000, r]; };
const rows = [];
for (let k = 0; k < 5; k++) {
  const [tf, rf] = cpu(() => e.estimate({ lines, options: { omit_lines: true } }));
  const [ts, rs] = cpu(() => e.estimate({ lines: slowLines, options: { omit_lines: true } }));
  const [tc, rc] = cpu(() => e.estimateCsv(bytes, { omit_lines: true }));
  if (rf.totals.savings !== rc.totals.savings || rs.totals.lines !== rf.totals.lines + 1) throw new Error('totals differ');
  rows.push([tf, ts, tc]);
  console.log(`round ${k + 1}: json ${tf.toFixed(0)} ms, object-by-object ${ts.toFixed(0)} ms, csv ${tc.toFixed(0)} ms (cpu); json/csv ${(tf / tc).toFixed(2)}, objects/csv ${(ts / tc).toFixed(2)}, speedup ${(ts / tf).toFixed(2)}`);
}
const med = (i) => rows.map((r) => r[i]).sort((a, b) => a - b)[2];
console.log(`median cpu: json ${med(0).toFixed(0)} ms, object-by-object ${med(1).toFixed(0)} ms, csv ${med(2).toFixed(0)} ms`);
