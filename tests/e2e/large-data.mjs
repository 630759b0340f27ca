// A deterministic large usage CSV for the page's large-file tests: the same bytes on every
// run (a fixed-seed xorshift), written once under artifacts/e2e/ and reused after.
// Chinese headers as hospital systems write them; catalog drugs and the hospital's own;
// prices with 2 and 4 decimals; returns (negative quantities); VBP prices left empty on
// some lines (the engine prices them from the catalog or estimates them); a quoted drug
// name with a comma; and every 50,000th row a quantity written in words, which the
// engine rejects while every other row counts.
import { existsSync, mkdirSync, openSync, writeSync, closeSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './helpers.mjs';

const DRUGS = ['甲磺酸仑伐替尼胶囊', '磷酸奥司他韦胶囊', '依折麦布片', '注射用米卡芬净钠', '注射用替加环素', '碘帕醇注射液',
  '依巴斯汀片', '琥珀酸美托洛尔缓释片', '奥硝唑片', '罗红霉素片', '某院内药品A', '某院内药品B', '"某院内药品C,10mg"'];
const OWN = new Set(['某院内药品A', '某院内药品B', '"某院内药品C,10mg"']);

/** Bad rows of the file: [line, code] (the header is line 1). */
export const badRow = (i) => i % 50_000 === 49_999;

/** The path of the deterministic CSV with `rows` data rows (written on first use). */
export function largeUsageCsv(rows) {
  const dir = join(root, 'artifacts', 'e2e');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `usage_${rows}_v1.csv`);
  if (existsSync(file) && statSync(file).size > 0) return file;
  let x = 20221120;
  const next = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  let chunk = '药品名称,数量,集采前单价,中选单价\n';
  for (let i = 0; i < rows; i++) {
    const drug = DRUGS[next() % DRUGS.length];
    let q = String(1 + (next() % 500));
    if (next() % 50 === 0) q = `-${q}`;
    if (badRow(i)) q = '一百';
    const cents = 50 + (next() % 2_000_000);
    const base = next() % 4 === 0 ? `${(cents / 100).toFixed(2)}15` : (cents / 100).toFixed(2);
    let vbp = '';
    if (!OWN.has(drug) || next() % 3 !== 0) vbp = ((cents * (20 + (next() % 75))) / 10_000).toFixed(4);
    chunk += `${drug},${q},${base},${vbp}\n`;
    if (chunk.length > 1 << 20) { writeSync(fd, chunk); chunk = ''; }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  renameSync(tmp, file);
  return file;
}
