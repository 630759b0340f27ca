// The bad-input suite: named inputs, each with what the engine must say about it.
// Shared by the CLI, npm-API and page tests, so every layer gives the same answer.
//
// expect.fatal     the whole input is refused: this error code (CLI exit 1, API throws); a list
//                  where the layer decides: a damaged workbook is `bad_workbook` where the
//                  layer recognises workbooks by their first bytes (CLI, page), `encoding` for
//                  estimateCsv, which takes text only
// expect.rejected  [[line, code], …] rows refused, in order
// expect.warnings  codes that must appear among the warnings
// expect.accepted  how many rows still count (every valid row must)
// expect.savings   the exact total savings of the rows that count (optional)

const H = 'drug,quantity,baseline_unit_price,vbp_unit_price\n';
const GOOD = 'A药,10,2,1\n'; // one valid row: savings 10
const enc = new TextEncoder();
const utf8 = (s) => enc.encode(s);
const bytes = (...parts) => {
  const arrays = parts.map((p) => (typeof p === 'string' ? utf8(p) : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) { out.set(a, o); o += a.length; }
  return out;
};
// GBK bytes of a few Chinese words, written out so no encoder is needed
const GBK = {
  药品名称: [0xd2, 0xa9, 0xc6, 0xb7, 0xc3, 0xfb, 0xb3, 0xc6],
  数量: [0xca, 0xfd, 0xc1, 0xbf],
  集采前单价: [0xbc, 0xaf, 0xb2, 0xc9, 0xc7, 0xb0, 0xb5, 0xa5, 0xbc, 0xdb],
};
const pseudoRandom = (n, seed) => {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) { x = (x * 1103515245 + 12345) >>> 0; out[i] = x >>> 24; }
  return out;
};

export const cases = [
  // --- the whole input is refused ---
  { name: 'empty file', input: bytes(''), expect: { fatal: 'empty_input' } },
  { name: 'only blank lines', input: bytes('\n \r\n\t\n'), expect: { fatal: 'empty_input' } },
  { name: 'only a byte-order mark', input: bytes([0xef, 0xbb, 0xbf]), expect: { fatal: 'empty_input' } },
  { name: 'binary garbage', input: pseudoRandom(4096, 7), expect: { fatal: 'encoding' } },
  { name: 'a damaged xlsx', input: bytes([0x50, 0x4b, 0x03, 0x04], 'rest of a zip'), expect: { fatal: ['bad_workbook', 'encoding'] } },
  { name: 'a damaged old xls', input: bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'ole2'), expect: { fatal: ['bad_workbook', 'encoding'] } },
  { name: 'a pdf given as csv', input: bytes('%PDF-1.7\n'), expect: { fatal: 'encoding' } },
  { name: 'no header row', input: bytes('a,b,c\n1,2,3\n'), expect: { fatal: 'no_header' } },
  { name: 'header lacks the baseline price column', input: bytes('drug,quantity\nA药,1\n'), expect: { fatal: 'missing_column' } },
  { name: 'duplicate headers', input: bytes('drug,药品名称,quantity,baseline_unit_price\n'), expect: { fatal: 'duplicate_column' } },
  { name: '10,000 columns', input: bytes(`${Array.from({ length: 10000 }, (_, i) => `c${i}`).join(',')}\n1\n`), expect: { fatal: 'too_large' } },
  {
    name: 'wrong encoding: GBK header behind a UTF-8 byte-order mark',
    input: bytes([0xef, 0xbb, 0xbf], GBK.药品名称, ',', GBK.数量, ',', GBK.集采前单价, '\n', 'x,1,2\n'),
    expect: { fatal: 'encoding' },
  },
  // --- rows refused, every other row counts ---
  { name: 'header only', input: bytes(H), expect: { accepted: 0, warnings: ['no_data_rows'] } },
  { name: 'malformed quoting: unterminated quote', input: bytes(H, GOOD, 'B药,"10,2,1\nC药,1,2,1\n'), expect: { rejected: [[3, 'unterminated_quote']], accepted: 1, savings: '10' } },
  { name: 'malformed quoting: text after a closing quote', input: bytes(H, GOOD, '"B"药,10,2,1\n'), expect: { accepted: 2, warnings: ['malformed_quotes'], savings: '20' } },
  { name: 'NUL bytes in a row', input: bytes(H, GOOD, 'B\u0000药,10,2,1\n'), expect: { rejected: [[3, 'encoding']], accepted: 1 } },
  { name: 'a 5 MB field', input: bytes(H, GOOD, `${'药'.repeat(1_750_000)},1,2,1\n`, GOOD), expect: { rejected: [[3, 'too_large']], accepted: 2, savings: '20' } },
  { name: '1e400', input: bytes(H, GOOD, 'B药,1e400,2,1\n'), expect: { rejected: [[3, 'overflow']], accepted: 1 } },
  { name: 'NaN', input: bytes(H, GOOD, 'B药,NaN,2,1\n'), expect: { rejected: [[3, 'bad_number']], accepted: 1 } },
  { name: 'Infinity', input: bytes(H, GOOD, 'B药,10,Infinity,1\n'), expect: { rejected: [[3, 'bad_number']], accepted: 1 } },
  { name: '--5', input: bytes(H, GOOD, 'B药,--5,2,1\n'), expect: { rejected: [[3, 'bad_number']], accepted: 1 } },
  { name: 'non-Latin digits', input: bytes(H, GOOD, 'B药,٣٤,2,1\n'), expect: { rejected: [[3, 'bad_number']], accepted: 1 } },
  { name: 'an overflow-sized quantity', input: bytes(H, GOOD, 'B药,99999999999999999999999999999,2,1\n'), expect: { rejected: [[3, 'overflow']], accepted: 1 } },
  { name: 'a product too large to represent', input: bytes(H, GOOD, 'B药,10000000000000000000,100000000000,1\n'), expect: { rejected: [[3, 'overflow']], accepted: 1 } },
  { name: 'more decimals than can be exact', input: bytes(H, GOOD, 'B药,10,0.00000000000000000000000000001,0\n'), expect: { rejected: [[3, 'precision']], accepted: 1 } },
  { name: 'misplaced thousands separator', input: bytes(H, GOOD, 'B药,"1,23",2,1\n'), expect: { rejected: [[3, 'bad_number']], accepted: 1 } },
  { name: 'two decimal points', input: bytes(H, GOOD, 'B药,1.2.3,2,1\n'), expect: { rejected: [[3, 'bad_number']], accepted: 1 } },
  { name: 'a percent sign', input: bytes(H, GOOD, 'B药,10,2,50%\n'), expect: { rejected: [[3, 'bad_number']], accepted: 1 } },
  { name: 'a unit inside the number', input: bytes(H, GOOD, 'B药,90粒,2,1\n'), expect: { rejected: [[3, 'bad_number']], accepted: 1 } },
  { name: 'a date in a price', input: bytes(H, GOOD, 'B药,10,2023-01-01,1\n'), expect: { rejected: [[3, 'bad_number']], accepted: 1 } },
  { name: 'a spreadsheet error value', input: bytes(H, GOOD, 'B药,#VALUE!,2,1\n'), expect: { rejected: [[3, 'bad_number']], accepted: 1 } },
  { name: 'a space inside a number', input: bytes(H, GOOD, 'B药,1 234,2,1\n'), expect: { rejected: [[3, 'bad_number']], accepted: 1 } },
  { name: 'a currency sign alone', input: bytes(H, GOOD, 'B药,10,¥,1\n'), expect: { rejected: [[3, 'bad_number']], accepted: 1 } },
  { name: 'a negative price', input: bytes(H, GOOD, 'B药,10,-2,1\n'), expect: { rejected: [[3, 'negative_price']], accepted: 1 } },
  { name: 'a zero baseline price', input: bytes(H, GOOD, 'B药,10,0,1\n'), expect: { rejected: [[3, 'zero_baseline_price']], accepted: 1 } },
  { name: 'no drug name', input: bytes(H, GOOD, ',10,2,1\n'), expect: { rejected: [[3, 'missing_drug']], accepted: 1 } },
  { name: 'no quantity', input: bytes(H, GOOD, 'B药,,2,1\n'), expect: { rejected: [[3, 'missing_quantity']], accepted: 1 } },
  { name: 'no baseline price', input: bytes(H, GOOD, 'B药,10,,1\n'), expect: { rejected: [[3, 'missing_baseline_price']], accepted: 1 } },
  { name: 'a short row', input: bytes(H, GOOD, 'B药,10\n'), expect: { rejected: [[3, 'missing_baseline_price']], accepted: 1 } },
  { name: 'a long row (unquoted thousands separator)', input: bytes(H, GOOD, 'B药,1,000,2,1\n'), expect: { rejected: [[3, 'zero_baseline_price']], accepted: 1, warnings: ['extra_cells'] } },
  { name: 'a totals row', input: bytes(H, GOOD, '合计,10,2,1\n'), expect: { rejected: [[3, 'summary_row']], accepted: 1 } },
  { name: 'a drug withdrawn from the batch, no price', input: bytes(H, GOOD, '磺胺甲噁唑,10,2,\n'), expect: { rejected: [[3, 'not_in_batch']], accepted: 1 } },
  { name: 'damaged bytes in one row of a UTF-8 file', input: bytes('药品名称,数量,集采前单价,中选单价\n仑伐替尼,90,108,18\n', [0x42, 0xff, 0xfe], ',1,2,1\n依折麦布片,10,3,1.2\n'), expect: { rejected: [[3, 'encoding']], accepted: 2 } },
  { name: 'a hostile drug name is data, not markup', input: bytes(H, '<img src=x onerror=alert(1)>,10,2,1\n'), expect: { accepted: 1, savings: '10' } },
  { name: 'a formula-looking drug name is data', input: bytes(H, '=HYPERLINK("http://x"),10,2,1\n'), expect: { accepted: 1, savings: '10' } },
  { name: 'a negative zero and plus signs', input: bytes(H, 'B药,+10,2,-0\n'), expect: { accepted: 1, savings: '20' } },
];
