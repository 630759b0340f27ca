// Display of exact decimal strings. No arithmetic: the engine's strings are passed
// to Intl.NumberFormat as strings (formatted exactly by modern browsers), rounded
// to 2 decimal places half away from zero ('halfExpand' = 四舍五入). For 万/亿 the
// decimal point of the string is moved, which is exact.

const cache = new Map();
function nf(locale, opts) {
  const key = locale + JSON.stringify(opts);
  if (!cache.has(key)) cache.set(key, new Intl.NumberFormat(locale, opts));
  return cache.get(key);
}
const money2 = (lang) => nf(lang === 'en' ? 'en' : 'zh-CN', {
  style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol',
  minimumFractionDigits: 2, maximumFractionDigits: 2, roundingMode: 'halfExpand',
});
const plain = (lang, maxDp) => nf(lang === 'en' ? 'en' : 'zh-CN', { maximumFractionDigits: maxDp, roundingMode: 'halfExpand' });

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Moves the decimal point of an exact decimal string `places` to the left. */
export function shiftLeft(s, places) {
  if (!DECIMAL.test(s)) return s;
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  let [int, frac = ''] = body.split('.');
  int = int.padStart(places + 1, '0');
  const cut = int.length - places;
  const out = `${int.slice(0, cut).replace(/^0+(?=\d)/, '')}.${int.slice(cut)}${frac}`;
  return (neg ? '-' : '') + out;
}

/** Digits before the decimal point, leading zeros ignored. */
function intDigits(s) {
  return s.replace('-', '').split('.')[0].replace(/^0+/, '').length;
}

/**
 * An amount in yuan for people: 2 dp, half away from zero. In Chinese with
 * `compact`, amounts of 万 and more show in 万 (or 亿) to 2 dp; otherwise to the fen.
 */
export function money(s, lang, { compact = false } = {}) {
  if (s === null || s === undefined || s === '') return '—';
  if (!DECIMAL.test(s)) return String(s);
  if (lang !== 'en' && compact) {
    const n = intDigits(s);
    if (n > 8) return `${money2(lang).format(shiftLeft(s, 8))}亿`;
    if (n > 4) return `${money2(lang).format(shiftLeft(s, 4))}万`;
  }
  return money2(lang).format(s);
}

/** A unit price: up to 4 dp (half away from zero), grouped. */
export function unitPrice(s, lang) {
  if (s === null || s === undefined || s === '') return '—';
  if (!DECIMAL.test(s)) return String(s);
  return `¥${plain(lang, 4).format(s)}`;
}

/** A quantity: exact, grouped. */
export function quantity(s, lang) {
  if (s === null || s === undefined || s === '') return '—';
  if (!DECIMAL.test(s)) return String(s);
  return plain(lang, 20).format(s);
}

/** An average quantity (a monthly rate): up to 2 dp, half away from zero, grouped. */
export function averageQuantity(s, lang) {
  if (s === null || s === undefined || s === '') return '—';
  if (!DECIMAL.test(s)) return String(s);
  return plain(lang, 2).format(s);
}

/** A fraction (0.48) as a percentage with 2 dp ("48.00%"), exact shift then 四舍五入. */
export function percent(fraction, lang) {
  if (fraction === null || fraction === undefined || fraction === '') return '—';
  if (!DECIMAL.test(fraction)) return String(fraction);
  return `${percentNumber(fraction, lang)}%`;
}

/** A fraction's number of hundredths with 2 dp ("48.00"), for percentage points (a difference of two rates). */
export function percentNumber(fraction, lang) {
  if (!DECIMAL.test(fraction)) return String(fraction);
  return nf(lang === 'en' ? 'en' : 'zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2, roundingMode: 'halfExpand', useGrouping: false }).format(shiftRight(fraction, 2));
}

/** An index (a quotient such as the decomposition's 0.8684; 1 = no change): 4 dp, half away from zero, as the CLI's text shows it. */
export function indexValue(s, lang) {
  if (s === null || s === undefined || s === '') return '—';
  if (!DECIMAL.test(s)) return String(s);
  return nf(lang === 'en' ? 'en' : 'zh-CN', { minimumFractionDigits: 4, maximumFractionDigits: 4, roundingMode: 'halfExpand', useGrouping: false }).format(s);
}

/** Moves the decimal point of an exact decimal string `places` to the right. */
export function shiftRight(s, places) {
  if (!DECIMAL.test(s)) return s;
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const [int, frac = ''] = body.split('.');
  const f = frac.padEnd(places, '0');
  const whole = (int + f.slice(0, places)).replace(/^0+(?=\d)/, '');
  const rest = f.slice(places);
  return (neg ? '-' : '') + whole + (rest ? `.${rest}` : '');
}

/** Compares two exact decimal strings (for sorting tables); null sorts first. */
export function compareDecimal(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined || a === '') return -1;
  if (b === null || b === undefined || b === '') return 1;
  const na = a.startsWith('-'), nb = b.startsWith('-');
  if (na !== nb) return na ? -1 : 1;
  const sign = na ? -1 : 1;
  const [ia, fa = ''] = (na ? a.slice(1) : a).split('.');
  const [ib, fb = ''] = (nb ? b.slice(1) : b).split('.');
  const xa = ia.replace(/^0+/, ''), xb = ib.replace(/^0+/, '');
  if (xa.length !== xb.length) return sign * (xa.length < xb.length ? -1 : 1);
  if (xa !== xb) return sign * (xa < xb ? -1 : 1);
  const len = Math.max(fa.length, fb.length);
  const pa = fa.padEnd(len, '0'), pb = fb.padEnd(len, '0');
  if (pa === pb) return 0;
  return sign * (pa < pb ? -1 : 1);
}

/** A decimal string as a plain number for chart geometry only (never for money). */
export const forChart = (s) => (s === null || s === undefined ? 0 : Number(s));
