// The supply, agreed-volume, cycle, retention and sensitivity commands as a user runs
// them, checked against an independent exact decimal computation (BigInt) of the same figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'bin', 'vbp-savings.mjs');
const fixture = (name) => join(root, 'tests', 'fixtures', name);

function run(...args) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
function json(...args) {
  const r = run(...args, '--json');
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

// --- an independent exact decimal: [BigInt mantissa, scale] ---
const D = (s) => {
  const neg = s.startsWith('-');
  const [i, f = ''] = (neg ? s.slice(1) : s).split('.');
  const m = BigInt(i + f || '0');
  return [neg ? -m : m, f.length];
};
const align = ([a, sa], [b, sb]) => {
  const s = Math.max(sa, sb);
  return [a * 10n ** BigInt(s - sa), b * 10n ** BigInt(s - sb), s];
};
const add = (...xs) => xs.reduce((x, y) => { const [a, b, s] = align(x, y); return [a + b, s]; });
const sub = (x, y) => { const [a, b, s] = align(x, y); return [a - b, s]; };
const mul = (...xs) => xs.reduce(([a, sa], [b, sb]) => [a * b, sa + sb]);
const eq = (x, y) => { const [a, b] = align(x, y); return a === b; };
/** Rounds half up to a whole number (non-negative values). */
const halfUp = ([m, s]) => { const p = 10n ** BigInt(s); return [(m * 2n + p) / (2n * p), 0]; };
const show = ([m, s]) => {
  const neg = m < 0n;
  const digits = (neg ? -m : m).toString().padStart(s + 1, '0');
  return `${neg ? '-' : ''}${s ? `${digits.slice(0, -s)}.${digits.slice(-s)}` : digits}`;
};
const same = (got, want, what) => assert.ok(eq(D(got), want), `${what}: ${got} vs ${show(want)}`);

test('--help lists the new commands and options', () => {
  const h = run('--help');
  assert.equal(h.status, 0);
  for (const s of ['agreed-volume', 'scenarios SUPPLY.json', 'cycle MONTHS.csv', 'retained RETENTION.json', 'sensitivity', '--config PLAN.json']) {
    assert.ok(h.stdout.includes(s), s);
  }
});

test('agreed-volume: the hospital rule and a total from separately rounded parts', () => {
  const a = json('agreed-volume', '--base', '596327', '--winners', '1');
  same(a.agreed_volume, halfUp(mul(D('596327'), D('0.5'))), 'afatinib, 1 winner'); // 298,164
  assert.equal(a.rounding.status, 'inferred');
  assert.equal(a.cycle_years, 1);
  // the published national meropenem figures as Σ half-up(part × ratio) over 32 constructed parts
  const parts = [113849, 151809, 189767, 227707, 265667, 303621, 341561, 113841, 151801, 189761, 227701, 265661, 303621, 341560, 113840, 151800, 189760, 227700, 265660, 303620, 341560, 113840, 151800, 189760, 227700, 265660, 303620, 341560, 113840, 151800, 189760, 455680].map(String);
  for (const [winners, ratio, published] of [['1', '0.3', '2186064'], ['2', '0.4', '2914753'], ['3', '0.5', '3643450']]) {
    const r = json('agreed-volume', '--drug', '注射用美罗培南', '--winners', winners, '--parts', parts.join(','));
    const oracle = add(...parts.map((p) => halfUp(mul(D(p), D(ratio)))));
    assert.equal(show(oracle), published);
    same(r.agreed_volume, oracle, `meropenem ${winners}`);
    assert.equal(r.demand_base, '7286887');
  }
  assert.equal(run('agreed-volume', '--base', '10').status, 2);
  // every value of agreed-volume is an option: one the engine refuses is a usage error naming it
  const bad = run('agreed-volume', '--base', '10', '--winners', '0');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^vbp-savings: --winners 0: out_of_range: /);
});

test('scenarios: savings, at risk and expected savings equal an independent computation', () => {
  const r = json('scenarios', fixture('supply.json'));
  const V = D('1200'), b = D('108'), pp = D('3.2'), bp = D('18');
  const base = sub(mul(V, b), mul(V, pp));
  same(r.no_disruption.savings, base, 'no disruption');
  // 3 of 12 months: a quarter from the backup
  const s1 = sub(mul(V, b), add(mul(D('900'), pp), mul(D('300'), bp)));
  same(r.scenarios[0].totals.savings, s1, '3 months');
  same(r.scenarios[0].totals.savings_at_risk, sub(base, s1), 'at risk');
  // a quarter disrupted, half of it not supplied by the backup either: bought at the baseline price
  const s2 = sub(mul(V, b), add(mul(D('900'), pp), mul(D('150'), bp), mul(D('150'), b)));
  same(r.scenarios[1].totals.savings, s2, 'both fail');
  const expected = add(mul(D('0.1'), s1), mul(D('0.05'), s2), mul(D('0.85'), base));
  same(r.expected.savings, expected, 'expected');
  assert.equal(r.lines[0].fallback.basis, 'baseline');
  const text = run('scenarios', fixture('supply.json')).stdout;
  assert.match(text, /风险节约额 ¥4,440\.00/);
  assert.match(text, /备供企业替代供货时的执行价格未公开/);
});

test('estimate --config adds scenarios, agreed_volume and retained with exact decimals', () => {
  const doc = json('estimate', fixture('english_utf8.csv'), '--config', fixture('plan.json'));
  for (const k of ['totals', 'lines', 'scenarios', 'agreed_volume', 'retained']) assert.ok(k in doc, k);
  // lenvatinib 90 capsules at 18 (primary) / 20 (backup), 3 of 12 months disrupted: 22.5 from the backup
  const lenv = doc.scenarios.scenarios[0];
  assert.deepEqual(lenv.drugs, ['lenvatinib']);
  same(lenv.totals.savings_at_risk, mul(D('22.5'), sub(D('20'), D('18'))), 'lenvatinib at risk'); // 45
  // oseltamivir's backup is 东阳光: its own catalog price 29.97 / 30 = 0.999 per capsule
  const osel = doc.scenarios.lines.find((l) => l.key === 'oseltamivir');
  assert.equal(osel.backup.unit_price, '0.999');
  assert.equal(osel.backup.basis, 'catalog');
  // agreed volume 100 × 80% = 80
  assert.equal(doc.agreed_volume[0].agreed_volume, '80');
  // retained: Σ (budget − fund spend) × 40% (grade B), fund share 0.7 × 0.9 = 0.63
  const f = mul(D('0.7'), D('0.9'));
  const lenvBal = sub(mul(D('80'), D('108'), f), mul(D('80'), D('18'), f)); // 90 used, 80 counted
  const oselBal = sub(mul(D('400'), D('6.45'), f), mul(D('300'), D('1.65'), f));
  const aspBal = sub(mul(D('1000'), D('0.1'), f), mul(D('1000'), D('0.052'), f));
  same(doc.retained.totals.balance, add(lenvBal, oselBal, aspBal), 'balance');
  same(doc.retained.retained, mul(add(lenvBal, oselBal, aspBal), D('0.4')), 'retained');
  assert.equal(doc.retained.retention_ratio.basis, 'grade');
  assert.ok(doc.retained.warnings.some((w) => w.code === 'no_net_quantity'), 'ezetimibe (net return) is said to be left out');
  // the text report carries the sections too
  const text = run('estimate', fixture('english_utf8.csv'), '--config', fixture('plan.json')).stdout;
  assert.match(text, /断供情景/);
  assert.match(text, /结余留用/);
});

test('cycle: a GBK monthly file, on course to miss, bad row by line and column', () => {
  const r = json('cycle', fixture('months_gbk.csv'), '--config', fixture('plan.json'), '--drug', '甲磺酸仑伐替尼胶囊', '--as-of', '2023-06');
  assert.equal(r.consumed, '480');
  assert.equal(r.status, 'at_risk');
  assert.equal(r.projected_completion_month, '2024-03'); // 720 left at 80 a month: 9 months after 2023-06
  assert.equal(r.required_monthly, '120');
  assert.deepEqual(r.rejected.map((p) => [p.line, p.column, p.code]), [[10, 3, 'bad_number']]);
  const text = run('cycle', fixture('months_gbk.csv'), '--agreed-volume', '1200', '--cycle-end', '2023-12', '--drug', '仑伐替尼', '--as-of', '2023-06');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /预计无法按期完成/);
  const noEnd = run('cycle', fixture('months_gbk.csv'), '--agreed-volume', '1200');
  // a missing option is a usage error about the option, not the file's
  assert.equal(noEnd.status, 2);
  assert.match(noEnd.stderr, /missing_option: .*--cycle-end/);
});

test('retained: grade presets and the editable default, against an independent computation', () => {
  const f = mul(D('0.7'), D('0.9'));
  const balance = add(sub(mul(D('10000'), D('5'), f), D('10000')), sub(mul(D('10000'), D('5'), f), mul(D('10000'), D('1'), f)));
  const def = json('retained', fixture('retention.json'));
  same(def.retained, mul(balance, D('0.5')), 'default 50%');
  assert.equal(def.retention_ratio.basis, 'default');
  const c = json('retained', fixture('retention.json'), '--grade', 'C');
  same(c.retained, mul(balance, D('0.3')), 'grade C');
  const r = json('retained', fixture('retention.json'), '--retention-ratio', '0.35');
  same(r.retained, mul(balance, D('0.35')), 'ratio 0.35');
  assert.equal(c.drugs[1].counted_volume, '10000');
});

test('sensitivity: tornado bars in exact decimals', () => {
  const r = json('sensitivity', fixture('sensitivity.json'));
  assert.equal(r.bars.length, 4);
  assert.equal(r.base.savings, '6000');
  const vol = r.bars.find((b) => b.parameter === 'volume');
  same(vol.high_result, mul(D('1200'), sub(D('10'), D('4'))), 'volume ×1.2');
  const m = json('sensitivity', fixture('sensitivity.json'), '--metric', 'retained');
  assert.equal(m.bars[0].parameter, 'retention_ratio');
});

test('a configuration with a misspelt key, or not JSON, is refused with one line on stderr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbp-supply-'));
  const typo = join(dir, 'typo.json');
  writeFileSync(typo, JSON.stringify({ scenarios: [{ primary_failure_shares: '0.5' }] }));
  const r = run('estimate', fixture('english_utf8.csv'), '--config', typo);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /invalid_input/);
  assert.match(r.stderr, /primary_failure_shares/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  const notJson = join(dir, 'x.json');
  writeFileSync(notJson, '{ nope');
  assert.equal(run('scenarios', notJson).status, 1);
  assert.equal(run('scenarios', join(dir, 'missing.json')).status, 1);
});

test('the engine\'s .d.ts declares the supply functions with their real types', async () => {
  const { readFileSync } = await import('node:fs');
  for (const [target, file] of [['node', 'vbp_savings.d.cts'], ['web', 'vbp_savings.d.ts']]) {
    const dts = readFileSync(join(root, 'pkg', file), 'utf8');
    for (const sig of [
      'export function agreedVolume(input: AgreedVolumeInput): AgreedVolume;',
      'export function batchRules(): BatchRules;',
      'export function scenarios(input: SupplyInput): ScenarioReport;',
      'export function cycle(input: CycleInput): CycleReport;',
      'export function cycleCsv(bytes: Uint8Array, options: CycleOptions): CycleReport;',
      'export function retained(input: RetentionInput): RetentionReport;',
      'export function sensitivity(input: SensitivityInput): SensitivityReport;',
      'export function planForEstimate(report: EstimateReport, config: PlanConfig): Plan;',
    ]) {
      assert.ok(dts.includes(sig), `${target}: ${sig}`);
    }
    for (const iface of ['interface TornadoBar', 'interface ScenarioResult', 'interface RetentionDrug', 'type CycleStatus']) {
      assert.ok(dts.includes(iface), `${target}: ${iface}`);
    }
  }
});
