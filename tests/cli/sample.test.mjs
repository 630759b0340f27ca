// The page's sample (www/sample.csv, what 载入示例数据 loads), run as a user runs the CLI:
// a made-up hospital year over the batch-7 drugs, labelled as made up, with at least five
// therapeutic categories, a return, a line per box priced by its pack, one rejected row and
// drugs without a sourced price estimated and marked. Its totals are checked against an
// independent exact computation (BigInt) from the catalog's sourced prices (data/batch7.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sample = join(root, 'www', 'sample.csv');
const catalog = JSON.parse(readFileSync(join(root, 'data', 'batch7.json'), 'utf8'));

function estimate() {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'vbp-savings.mjs'), 'estimate', sample, '--json'], { encoding: 'utf8' });
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
const add = (x, y) => { const [a, b, s] = align(x, y); return [a + b, s]; };
const sub = (x, y) => { const [a, b, s] = align(x, y); return [a - b, s]; };
const mul = ([a, sa], [b, sb]) => [a * b, sa + sb];
const eq = (x, y) => { const [a, b] = align(x, y); return a === b; };
/** x ÷ a whole number n, exactly: fails unless the quotient terminates (the sample's prices all do). */
const divInt = ([m, s], n) => {
  for (let extra = 0; extra <= 12; extra++) {
    const scaled = m * 10n ** BigInt(extra);
    if (scaled % BigInt(n) === 0n) return [scaled / BigInt(n), s + extra];
  }
  throw new Error(`${m}e-${s} / ${n} does not terminate`);
};
const show = ([m, s]) => {
  const neg = m < 0n;
  const digits = (neg ? -m : m).toString().padStart(s + 1, '0');
  return `${neg ? '-' : ''}${s ? `${digits.slice(0, -s)}.${digits.slice(-s)}` : digits}`.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
};

const entry = (id) => catalog.entries.find((e) => e.id === id);
const product = (id, company) => entry(id).products.find((p) => p.company === company);
/** The sourced price per smallest unit of a winning product: pack price ÷ units per pack. */
const unitPrice = (id, company) => { const p = product(id, company); return divInt(D(p.pack_price), Number(p.units_per_pack)); };
/** The estimate rule for a drug without a sourced price: baseline × (1 − cut), the drug's own cut where sourced, else the batch's 48%. */
const estimated = (id, baseline) => mul(D(baseline), sub(D('1'), D(entry(id).average_price_cut?.value ?? catalog.batch.average_price_cut.value)));

// What each accepted line of the sample must cost after VBP, from the catalog's facts: [drug id, VBP unit price].
// The lines are read from the file itself (quantity and baseline), not from the CLI.
const expected = {
  3: ['lenvatinib', D(product('lenvatinib', '先声药业').pack_price)], // per box of 4mg*30粒: 先声's price for its box of 30
  4: ['lenvatinib', mul(D(entry('lenvatinib').reference_price.value), D('30'))], // no manufacturer, per box of 30: the NHSA average × 30
  5: ['oseltamivir', unitPrice('oseltamivir', '东阳光')],
  6: ['oseltamivir', unitPrice('oseltamivir', '东阳光')], // the return
  7: ['oseltamivir', unitPrice('oseltamivir', 'Hetero Labs')],
  8: ['afatinib', null], // no sourced price: estimated
  9: ['iopamidol', unitPrice('iopamidol', 'Shanghai Bracco Sine')],
  10: ['ebastine', unitPrice('ebastine', 'Almirall')],
  11: ['ezetimibe', D(product('ezetimibe', 'Sandoz (Lek)').pack_price)], // per box of 10mg*30片
  12: ['micafungin', unitPrice('micafungin', 'Astellas')],
  13: ['tigecycline', unitPrice('tigecycline', 'Pfizer (Wyeth Lederle)')],
  14: ['pioglitazone', unitPrice('pioglitazone', '江苏德源药业')],
  15: ['nifedipine-cr', null],
  16: ['meropenem', null],
  17: ['omeprazole-inj', null],
};

/** The sample's rows by line number (the first line is 1), split by comma (the file has no quoted cells). */
function rows() {
  const text = readFileSync(sample, 'utf8').replace(/^\uFEFF/, '');
  return text.split(/\r?\n/).map((l, i) => [i + 1, l.split(',')]).filter(([, cells]) => cells.length > 1);
}

test('the sample is labelled as made up, in a title row the reader skips', () => {
  const first = readFileSync(sample, 'utf8').split(/\r?\n/)[0];
  assert.match(first, /示例数据/);
  assert.match(first, /虚构/);
  assert.ok(!first.includes(','), 'one cell: a title, not a header');
  const r = estimate();
  assert.equal(r.input.lines_before_header, 1);
  assert.equal(r.input.header_line, 2);
});

test('the sample: at least five categories, a return, a per-box line priced by its pack, exactly one rejected row', () => {
  const r = estimate();
  const keys = r.by_category.map((c) => c.key);
  assert.ok(keys.length >= 5, JSON.stringify(keys));
  assert.ok(keys.every((k) => k), 'every line falls in a named category');
  assert.equal(new Set(keys).size, keys.length);

  const returns = r.lines.filter((l) => l.quantity.startsWith('-'));
  assert.deepEqual(returns.map((l) => [l.line, l.drug, l.quantity]), [[6, '磷酸奥司他韦胶囊', '-90']]);
  assert.ok(returns[0].savings.startsWith('-'), 'a return takes its saving back');

  const box = r.lines.find((l) => l.line === 3);
  assert.equal(box.unit, '盒');
  assert.equal(box.price_source, 'catalog');
  assert.equal(box.vbp_unit_price, '96'); // 先声药业's price for its box of 30 capsules, not 3.2 a capsule
  assert.match(box.price_basis, /specification '4mg\*30粒'/);
  assert.match(box.price_basis_zh, /4mg\*30粒/);
  // the other box of lenvatinib names no manufacturer: the drug-level average × the 30 its specification states
  const avg = r.lines.find((l) => l.line === 4);
  assert.deepEqual([avg.unit, avg.price_source, avg.vbp_unit_price], ['盒', 'catalog', '540']);

  assert.equal(r.rejected.length, 1, JSON.stringify(r.rejected));
  assert.deepEqual([r.rejected[0].line, r.rejected[0].header, r.rejected[0].code, r.rejected[0].value], [18, '数量', 'bad_number', '一百']);
  assert.equal(r.input.accepted, Object.keys(expected).length);
});

test('drugs with a sourced price are priced from the catalog; the others are estimated and marked', () => {
  const r = estimate();
  for (const l of r.lines) {
    const [id, price] = expected[l.line];
    assert.equal(l.catalog_id, id, `line ${l.line}`);
    const e = entry(id);
    if (price) {
      assert.equal(l.price_source, 'catalog', `line ${l.line}`);
      assert.ok(e.products.length > 0 || e.reference_price, id);
    } else {
      assert.equal(l.price_source, 'estimated', `line ${l.line}`);
      assert.ok(e.products.length === 0 && !e.reference_price, `${id} has no sourced price`);
    }
  }
  const marked = r.by_drug.filter((d) => d.estimated).map((d) => d.catalog_id).sort();
  assert.deepEqual(marked, ['afatinib', 'meropenem', 'nifedipine-cr', 'omeprazole-inj']);
  assert.ok(r.by_price_source.catalog && r.by_price_source.estimated);
});

test('the sample totals equal an independent exact computation from the catalog prices', () => {
  const r = estimate();
  let base = D('0'), vbp = D('0');
  const seen = [];
  for (const [line, cells] of rows().slice(1)) { // after the header
    const [, , , , quantity, baseline] = cells;
    if (!/^-?\d+$/.test(quantity)) continue; // the rejected row
    const [id, price] = expected[line];
    const v = price ?? estimated(id, baseline);
    const got = r.lines.find((l) => l.line === line);
    assert.ok(eq(D(got.vbp_unit_price), v), `line ${line}: ${got.vbp_unit_price} vs ${show(v)}`);
    base = add(base, mul(D(quantity), D(baseline)));
    vbp = add(vbp, mul(D(quantity), v));
    seen.push(line);
  }
  assert.equal(seen.length, r.lines.length);
  assert.ok(eq(D(r.totals.baseline_spend), base), `${r.totals.baseline_spend} vs ${show(base)}`);
  assert.ok(eq(D(r.totals.vbp_spend), vbp), `${r.totals.vbp_spend} vs ${show(vbp)}`);
  assert.ok(eq(D(r.totals.savings), sub(base, vbp)), `${r.totals.savings} vs ${show(sub(base, vbp))}`);
  // the figures, written out
  assert.equal(show(base), '589187.908');
  assert.equal(show(sub(base, vbp)), '360389.74584');
});
