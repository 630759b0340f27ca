// The bench's deterministic usage CSV (shared by bench/run.mjs, the memory child and the
// page bench): drugs as hospital systems write them; VBP prices given on most lines, left
// empty on some so the engine's catalog / estimate rules run too. The peers apply the same
// rule: the given price, else baseline × 0.52 (the batch's 48% cut); catalog drugs always
// carry a price here, so the engine's catalog price never decides a total.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function* rng(seed) {
  // xorshift32
  let x = seed >>> 0 || 1;
  for (;;) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    yield x;
  }
}

export const DRUGS = ['甲磺酸仑伐替尼胶囊', '磷酸奥司他韦胶囊', '依折麦布片', '注射用米卡芬净钠', '注射用替加环素', '碘帕醇注射液',
  '依巴斯汀片', '琥珀酸美托洛尔缓释片', '奥硝唑片', '罗红霉素片', '某院内药品A', '某院内药品B', '某院内药品C', '某院内药品D'];
export const UNPRICED_OK = new Set(['某院内药品A', '某院内药品B', '某院内药品C', '某院内药品D']);
export const HEADER = 'drug,quantity,baseline_unit_price,vbp_unit_price';

/** The first `rows` data rows as [drug, quantity, baseline, vbp ('' when left empty)]. */
export function* rowsOf(rows) {
  const r = rng(20221120);
  const next = () => r.next().value;
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
    yield [drug, String(q), base, vbp];
  }
}

export function generate(rows) {
  const parts = [`${HEADER}\n`];
  let chunk = '';
  for (const [drug, q, base, vbp] of rowsOf(rows)) {
    chunk += `${drug},${q},${base},${vbp}\n`;
    if (chunk.length > 1 << 20) { parts.push(chunk); chunk = ''; }
  }
  parts.push(chunk);
  return Buffer.from(parts.join(''), 'utf8');
}

/** artifacts/bench/usage_ROWS.csv, written on first use; its path and bytes. */
export function dataFile(rows) {
  const dir = join(root, 'artifacts', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `usage_${rows}.csv`);
  let bytes;
  if (existsSync(file)) bytes = readFileSync(file);
  else { bytes = generate(rows); writeFileSync(file, bytes); }
  return { file, bytes };
}
