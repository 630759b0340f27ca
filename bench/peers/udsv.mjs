// uDSV (the fastest JavaScript CSV parser we know of) + plain JS numbers: the float speed
// limit of the platform. Inexact, like the PapaParse + f64 peer; the same validation and
// rule (bench/run.mjs): empty drug, unreadable number or zero baseline rejected; VBP = the
// given price, else baseline × 0.52; totals and by drug. Parsing to string arrays (uDSV's
// fastest output), numbers read with Number().
import { inferSchema, initParser } from 'udsv';

const clean = (s) => s.trim().replace(/^[¥￥]/, '').replace(/,/g, '');

export function peerUdsvF64(text) {
  const schema = inferSchema(text);
  const names = schema.cols.map((c) => c.name);
  const [iDrug, iQty, iBase, iVbp] = ['drug', 'quantity', 'baseline_unit_price', 'vbp_unit_price'].map((n) => names.indexOf(n));
  const rows = initParser(schema).stringArrs(text);
  const perDrug = new Map();
  let base = 0, vbp = 0, rejected = 0;
  for (const row of rows) {
    const drug = (row[iDrug] || '').trim();
    const q = Number(clean(row[iQty] || '')), b = Number(clean(row[iBase] || ''));
    const vs = clean(row[iVbp] || '');
    if (!drug || !Number.isFinite(q) || !Number.isFinite(b) || b <= 0) { rejected++; continue; }
    const v = vs ? Number(vs) : b * 0.52;
    if (!Number.isFinite(v)) { rejected++; continue; }
    base += q * b; vbp += q * v;
    const d = perDrug.get(drug) || { base: 0, vbp: 0, qty: 0 };
    d.base += q * b; d.vbp += q * v; d.qty += q;
    perDrug.set(drug, d);
  }
  return { base: String(base), vbp: String(vbp), savings: String(base - vbp), drugs: perDrug.size, rejected };
}
