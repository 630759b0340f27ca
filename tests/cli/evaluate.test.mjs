// vbp-savings evaluate as a user runs it, on the made-up hospital's 24 months, checked
// against an independent exact computation in BigInt (its own CSV split, pack sizes and roles
// for the fixture's products, fractions rounded half away from zero at 12 places).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'bin', 'vbp-savings.mjs');
const purchases = join(root, 'tests', 'fixtures', 'evaluation', 'purchases.csv');
const agreed = join(root, 'tests', 'fixtures', 'evaluation', 'agreed.csv');
const PERIODS = ['--pre', '2021-11:2022-10', '--post', '2022-11:2023-10'];

function run(...args) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// --- exact arithmetic: integers (fen, units) and n ÷ d to 12 places, half away from zero ---
const abs = (x) => (x < 0n ? -x : x);
function round12(n, d) {
  const neg = (n < 0n) !== (d < 0n);
  const q = (abs(n) * 10n ** 12n * 2n + abs(d)) / (2n * abs(d));
  return neg && q !== 0n ? -q : q; // scaled by 10^12
}
/** A decimal string as an integer scaled by 10^12. */
function e12(s) {
  const neg = s.startsWith('-');
  const [i, f = ''] = (neg ? s.slice(1) : s).split('.');
  const v = BigInt(i) * 10n ** 12n + BigInt((f + '0'.repeat(12)).slice(0, 12));
  assert.ok(f.length <= 12, `${s} has more than 12 places`);
  return neg ? -v : v;
}
const fen = (s) => e12(s) / 10n ** 10n;

const PACK = { '4mg×30粒/盒': 30n, '75mg×30粒/盒': 30n, '10mg×30片/盒': 30n, '75mg×10粒/盒': 10n, '10mg×10片/盒': 10n };
const WINNERS = ['江苏先声药业有限公司', '宜昌东阳光长江药业股份有限公司', '山德士（中国）制药有限公司', '辉瑞制药有限公司', '江苏联环药业股份有限公司'];
const VBP = ['甲磺酸仑伐替尼胶囊', '磷酸奥司他韦胶囊', '依折麦布片', '注射用替加环素', '注射用米卡芬净钠', '依巴斯汀片'];

function rows() {
  return readFileSync(purchases, 'utf8')
    .split('\n')
    .slice(2)
    .filter((l) => l && !l.startsWith(',') && !l.startsWith('2023-13'))
    .map((l) => {
      const [month, drug, spec, unit, manufacturer, quantity, amount, role, group] = l.split(',');
      let g = null;
      let r = null;
      if (drug === '海博麦布片' && group === '依折麦布片') [g, r] = ['依折麦布片', 'alternative'];
      else if (VBP.includes(drug) && role === '非中选') [g, r] = [drug, 'non_winning'];
      else if (VBP.includes(drug) && manufacturer) [g, r] = [drug, WINNERS.includes(manufacturer) ? 'winning' : 'non_winning'];
      const q = BigInt(quantity);
      if (g && unit === '盒') assert.ok(PACK[spec], `a pack for ${spec}`);
      return { month, drug, manufacturer, unit, q, units: g && unit === '盒' ? q * PACK[spec] : q, fen: fen(amount), group: g, role: r };
    });
}

function sums(from, to) {
  const out = {};
  for (const r of rows()) {
    if (!r.group || r.month < from || r.month > to) continue;
    const g = (out[r.group] ??= { fen: 0n, units: 0n, role: { winning: 0n, non_winning: 0n, alternative: 0n }, products: {} });
    g.fen += r.fen;
    g.units += r.units;
    g.role[r.role] += r.units;
    const p = (g.products[`${r.drug}|${r.manufacturer}`] ??= { fen: 0n, units: 0n });
    p.fen += r.fen;
    p.units += r.units;
  }
  return out;
}

test('evaluate --json: groups, shares and indices equal an independent exact computation', () => {
  const r = run('evaluate', purchases, '--agreed', agreed, ...PERIODS, '--json');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.schema, 'vbp-savings/evaluation@1');
  const pre = sums('2021-11', '2022-10');
  const post = sums('2022-11', '2023-10');
  assert.equal(doc.groups.length, Object.keys(pre).length);
  for (const g of doc.groups) {
    const [a, b] = [pre[g.group], post[g.group]];
    assert.ok(a && b, g.group);
    for (const [m, s] of [[g.pre, a], [g.post, b]]) {
      assert.equal(fen(m.spend), s.fen, `${g.group} spend`);
      assert.equal(e12(m.quantity), s.units * 10n ** 12n, `${g.group} quantity`);
      for (const role of ['winning', 'non_winning', 'alternative']) {
        assert.equal(e12(m[`${role}_share`]), round12(s.role[role], s.units), `${g.group} ${role}`);
      }
    }
    const d = g.decomposition;
    assert.equal(e12(d.expenditure_index), round12(b.fen, a.fen), `${g.group} expenditure`);
    assert.equal(e12(d.volume_index), round12(b.units, a.units), `${g.group} volume`);
    // price: Σ E_post,i ÷ Σ (E_pre,i ÷ q_pre,i × q_post,i), each term kept to 12 places (in yuan)
    let num = 0n;
    let den = 0n;
    for (const [k, p0] of Object.entries(a.products)) {
      const p1 = b.products[k];
      if (!p1 || p0.units <= 0n || p1.units <= 0n) continue;
      num += p1.fen * 10n ** 10n;
      den += round12(p0.fen * p1.units, p0.units * 100n);
    }
    assert.equal(e12(d.price_index), round12(num, den), `${g.group} price`);
    assert.equal(e12(d.structure_index), round12(b.fen * a.units * den, a.fen * b.units * num), `${g.group} structure`);
  }
});

test('evaluate --as-of: completion against 序时进度 equals an independent exact computation', () => {
  const r = run('evaluate', purchases, '--agreed', agreed, ...PERIODS, '--as-of', '2023-06', '--json');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  const bought = (drug, manufacturer) =>
    rows()
      .filter((x) => x.drug === drug && x.manufacturer === manufacturer && x.month >= '2022-11' && x.month <= '2023-06')
      .reduce((s, x) => s + x.q, 0n);
  // [drug, units bought in the agreed unit × per, per, agreed]
  const cases = [
    ['甲磺酸仑伐替尼胶囊', bought('甲磺酸仑伐替尼胶囊', '江苏先声药业有限公司') * 30n, 1n, 2400n], // boxes → capsules
    ['磷酸奥司他韦胶囊', bought('磷酸奥司他韦胶囊', '宜昌东阳光长江药业股份有限公司'), 1n, 900n],
    ['依折麦布片', bought('依折麦布片', '山德士（中国）制药有限公司'), 1n, 600n],
    ['注射用替加环素', bought('注射用替加环素', '辉瑞制药有限公司'), 1n, 1000n],
    ['注射用米卡芬净钠', 0n, 1n, 150n],
    ['依巴斯汀片', bought('依巴斯汀片', '江苏联环药业股份有限公司'), 14n, 400n], // tablets → boxes of 14
  ];
  assert.equal(doc.completion.length, cases.length);
  for (const [drug, x, per, agreedVolume] of cases) {
    const c = doc.completion.find((c) => c.drug === drug);
    const target = per * agreedVolume;
    assert.equal(e12(c.purchased), round12(x, per), drug);
    assert.equal(e12(c.completion), round12(x, target), drug);
    assert.equal(e12(c.time_elapsed), round12(8n, 12n));
    assert.equal(e12(c.lag), round12(x * 12n - target * 8n, target * 12n), drug);
    assert.equal(e12(c.required_monthly), round12(target > x ? target - x : 0n, per * 4n), drug);
    assert.equal(e12(c.projected_completion), round12(x * 12n, target * 8n), drug);
    const status = x >= target ? 'completed' : x <= 0n ? 'zero_purchase' : x * 12n < target * 8n ? 'behind' : 'on_track';
    assert.equal(c.status, status, drug);
  }
});

test('evaluate --xlsx writes the workbook the page exports; its figures read back as the independent ones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbp-eval-'));
  const out = join(dir, 'evaluation.xlsx');
  const r = run('evaluate', purchases, '--agreed', agreed, ...PERIODS, '--as-of', '2023-06', '--json', '--xlsx', out);
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  // read back with the spreadsheet module (crates/xlsx), as a pharmacist's Excel would
  const xlsx = createRequire(import.meta.url)(join(root, 'pkg', 'vbp_savings_xlsx.cjs'));
  const book = xlsx.readWorkbook(readFileSync(out));
  assert.equal(book.sheets[0].name, '完成情况');
  const row = book.sheets[0].rows.find((x) => x[1] === '磷酸奥司他韦胶囊');
  assert.ok(row, 'the agreed row of 磷酸奥司他韦胶囊');
  const bought = rows()
    .filter((x) => x.drug === '磷酸奥司他韦胶囊' && x.manufacturer === '宜昌东阳光长江药业股份有限公司' && x.month >= '2022-11' && x.month <= '2023-06')
    .reduce((s, x) => s + x.q, 0n);
  // columns: line, drug, manufacturer, unit, start, end, cycle months, months elapsed, agreed, purchased, …, status
  assert.deepEqual(row.slice(6, 10), ['12', '8', '900', String(bought)]);
  const status = bought >= 900n ? '已完成' : bought <= 0n ? '零采购' : bought * 12n < 900n * 8n ? '落后于序时进度' : '正常';
  assert.equal(row[13], status); // the status in words, not a code
  assert.equal(doc.completion.find((c) => c.drug === '磷酸奥司他韦胶囊').purchased, String(bought));
  // English labels with --lang en; a folder is not a file to write
  const en = run('evaluate', purchases, '--agreed', agreed, ...PERIODS, '--xlsx', out, '--lang', 'en');
  assert.equal(en.status, 0, en.stderr);
  assert.equal(xlsx.readWorkbook(readFileSync(out)).sheets[0].name, 'Completion');
  const bad = run('evaluate', purchases, '--xlsx', dir);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /not_a_file/);
});

test('evaluate --ddd: the user’s DDD table, strengths from the specification; --groups maps alternatives', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbp-eval-'));
  // test values, not sourced DDDs: 10 mg a day of each tablet (every specification here is 10 mg)
  const ddd = join(dir, 'ddd.json');
  writeFileSync(ddd, JSON.stringify([{ drug: '依折麦布片', ddd: '10mg' }, { drug: '海博麦布片', ddd: '10 mg' }]));
  const r = run('evaluate', purchases, ...PERIODS, '--ddd', ddd, '--json');
  assert.equal(r.status, 0, r.stderr);
  const g = JSON.parse(r.stdout).groups.find((x) => x.group === '依折麦布片');
  assert.equal(g.share_basis, 'ddds');
  for (const [m, s] of [[g.pre, sums('2021-11', '2022-10')['依折麦布片']], [g.post, sums('2022-11', '2023-10')['依折麦布片']]]) {
    // tablets × 10 mg ÷ 10 mg: one DDD a tablet
    assert.equal(e12(m.ddds), s.units * 10n ** 12n);
    assert.equal(e12(m.dddc), round12(s.fen, s.units * 100n));
    assert.equal(e12(m.alternative_share), round12(s.role.alternative, s.units));
  }
  const noTable = JSON.parse(run('evaluate', purchases, ...PERIODS, '--json').stdout).groups.find((x) => x.group === '依折麦布片');
  assert.equal(noTable.share_basis, 'quantity');
  assert.equal(noTable.pre.ddds, null);
  // an alternative without a group column counts only when --groups maps it
  const plain = join(dir, 'purchases.csv');
  writeFileSync(plain, 'month,drug,manufacturer,quantity,amount\n2022-03,依折麦布片,示例原研药业有限公司,10,600\n2023-03,依折麦布片,山德士（中国）制药有限公司,30,116.7\n2023-03,海博麦布片,示例制药乙有限公司,10,450\n');
  const groups = join(dir, 'groups.json');
  writeFileSync(groups, JSON.stringify({ 海博麦布片: '依折麦布片' }));
  const p2 = ['--pre', '2022-01:2022-12', '--post', '2023-01:2023-12', '--json'];
  const without = JSON.parse(run('evaluate', plain, ...p2).stdout);
  assert.equal(without.groups[0].post.alternative_share, '0');
  const mapped = run('evaluate', plain, ...p2, '--groups', groups);
  assert.equal(mapped.status, 0, mapped.stderr);
  assert.equal(e12(JSON.parse(mapped.stdout).groups[0].post.alternative_share), round12(10n, 40n));
  // a bad table is a usage error naming the flag and its file
  writeFileSync(ddd, JSON.stringify([{ drug: '依折麦布片', ddd: 'ten' }]));
  const bad = run('evaluate', purchases, '--ddd', ddd);
  assert.equal(bad.status, 2);
  assert.ok(bad.stderr.includes(`--ddd ${ddd}: invalid_input`), bad.stderr);
  writeFileSync(groups, '[1]');
  assert.ok(run('evaluate', purchases, '--groups', groups).stderr.includes(`--groups ${groups}: invalid_input`));
});

test('evaluate prints a table in Chinese or English, and CSV for Excel', () => {
  const zh = run('evaluate', purchases, '--agreed', agreed, ...PERIODS, '--as-of', '2023-06');
  assert.equal(zh.status, 0, zh.stderr);
  for (const w of ['约定采购量完成情况', '序时进度', '零采购', '费用变化分解', '未计入的行', 'bad_month']) assert.ok(zh.stdout.includes(w), w);
  const en = run('evaluate', purchases, '--agreed', agreed, ...PERIODS, '--as-of', '2023-06', '--lang', 'en');
  assert.ok(en.stdout.includes('zero purchase') && en.stdout.includes('Structure'), en.stdout);
  const csv = spawnSync(process.execPath, [cli, 'evaluate', purchases, '--agreed', agreed, ...PERIODS, '--csv', '--lang', 'en']);
  assert.equal(csv.status, 0);
  assert.deepEqual([...csv.stdout.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = csv.stdout.subarray(3).toString('utf8');
  assert.ok(text.startsWith('level,line,name,'), text.slice(0, 80));
  assert.equal(text.split('\r\n').filter((l) => l.startsWith('completion,')).length, 6);
});

test('evaluate: a GBK file reads as the UTF-8 one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbp-eval-'));
  const gbk = join(dir, 'purchases_gbk.csv');
  // the two lines in GB18030 (Python's gb18030 codec): 月份,药品名称,生产企业,数量,金额 / 2023-01,甲磺酸仑伐替尼胶囊,先声药业,90,1620
  const bytes = Buffer.from(
    'd4c2b7dd2cd2a9c6b7c3fbb3c62cc9fab2fac6f3d2b52ccafdc1bf2cbdf0b6ee0a' +
      '323032332d30312cbcd7bbc7cbe1c2d8b7a5cce6c4e1bdbac4d22ccfc8c9f9d2a9d2b52c39302c313632300a',
    'hex',
  );
  writeFileSync(gbk, bytes);
  const r = run('evaluate', gbk, '--pre', '2022-01:2022-12', '--post', '2023-01:2023-12', '--json');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.input.purchases.encoding, 'GB18030');
  assert.equal(doc.groups[0].group, '甲磺酸仑伐替尼胶囊');
  assert.equal(doc.groups[0].post.spend, '1620');
  assert.equal(doc.groups[0].post.winning_share, '1');
});

test('evaluate: exit codes and errors name the file or the option', () => {
  assert.equal(run('evaluate').status, 2);
  const bad = run('evaluate', purchases, '--pre', '2022');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--pre 2022: bad_month/);
  const overlap = run('evaluate', purchases, '--pre', '2022-01:2022-12', '--post', '2022-06:2023-05', '--lang', 'en');
  assert.equal(overlap.status, 2);
  assert.match(overlap.stderr, /out_of_range/);
  assert.equal(run('evaluate', purchases, '--as-of', 'June').status, 2);
  assert.match(run('evaluate', join(root, 'nope.csv')).stderr, /file_not_found/);
  const dir = mkdtempSync(join(tmpdir(), 'vbp-eval-'));
  const badAgreed = join(dir, 'agreed.csv');
  writeFileSync(badAgreed, 'drug,agreed_volume\n甲,1\n');
  const r = run('evaluate', purchases, '--agreed', badAgreed, '--lang', 'en');
  assert.equal(r.status, 1);
  assert.ok(r.stderr.includes(`${badAgreed}: missing_column`), r.stderr);
  assert.equal(run('evaluate', purchases, agreed).status, 2, 'one positional file: the agreed volumes go with --agreed');
  assert.equal(run('evaluate', purchases, '--json', '--csv').status, 2);
});
