// Writes the import templates the first screen offers: www/template.csv (UTF-8 with a BOM,
// so Excel and WPS open it as UTF-8) and www/template.xlsx (the same rows as a workbook).
// Run once by hand (`node scripts/make-templates.mjs`); both outputs are committed. The
// .xlsx is written here as a minimal Office Open XML package (inline strings, numbers as
// numbers, a bold header): no dependency. The e2e test reads both back with the engine.
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';

const www = join(dirname(fileURLToPath(import.meta.url)), '..', 'www');

// The header names are the engine's (src/import/columns.rs): three required, the rest optional.
const HEADER = ['药品名称', '数量', '集采前单价', '中选单价', '规格', '单位', '生产企业', '金额', '批次'];
// Example rows: a drug the catalog prices (its VBP price left empty), one with its own VBP price.
const ROWS = [
  ['甲磺酸仑伐替尼胶囊', '90', '108', '', '4mg*30粒', '粒', '', '9720', '7'],
  ['磷酸奥司他韦胶囊', '1000', '6.45', '0.999', '75mg*30粒', '粒', '宜昌东阳光长江药业', '6450', '7'],
];
const NUMERIC = new Set([1, 2, 3, 7]);

const csvCell = (c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
const csv = [HEADER, ...ROWS].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
writeFileSync(join(www, 'template.csv'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]));

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const col = (i) => String.fromCharCode(65 + i);
const cell = (v, r, i, header) => {
  const ref = `${col(i)}${r}`;
  if (v === '') return '';
  if (!header && NUMERIC.has(i)) return `<c r="${ref}"><v>${v}</v></c>`;
  return `<c r="${ref}" t="inlineStr"${header ? ' s="1"' : ''}><is><t>${esc(v)}</t></is></c>`;
};
const sheetRows = [HEADER, ...ROWS].map((row, n) => `<row r="${n + 1}">${row.map((v, i) => cell(v, n + 1, i, n === 0)).join('')}</row>`).join('');
const files = {
  '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
  '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="用量" sheetId="1" r:id="rId1"/></sheets></workbook>',
  'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
  'xl/styles.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>',
  'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="1" max="1" width="22" customWidth="1"/><col min="2" max="6" width="12" customWidth="1"/><col min="7" max="7" width="22" customWidth="1"/><col min="8" max="9" width="10" customWidth="1"/></cols><sheetData>${sheetRows}</sheetData></worksheet>`,
};

// a ZIP of stored (uncompressed) entries
const locals = [];
const centrals = [];
let offset = 0;
for (const [name, text] of Object.entries(files)) {
  const data = Buffer.from(text, 'utf8');
  const nameBytes = Buffer.from(name, 'utf8');
  const sum = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6); local.writeUInt16LE(0, 8);
  local.writeUInt16LE(0, 10); local.writeUInt16LE(0x21, 12); local.writeUInt32LE(sum, 14);
  local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBytes.length, 26); local.writeUInt16LE(0, 28);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0x0800, 8);
  central.writeUInt16LE(0, 10); central.writeUInt16LE(0, 12); central.writeUInt16LE(0x21, 14); central.writeUInt32LE(sum, 16);
  central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(offset, 42);
  locals.push(local, nameBytes, data);
  centrals.push(central, nameBytes);
  offset += local.length + nameBytes.length + data.length;
}
const dir = Buffer.concat(centrals);
const end = Buffer.alloc(22);
end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(Object.keys(files).length, 8); end.writeUInt16LE(Object.keys(files).length, 10);
end.writeUInt32LE(dir.length, 12); end.writeUInt32LE(offset, 16);
writeFileSync(join(www, 'template.xlsx'), Buffer.concat([...locals, dir, end]));
console.log('wrote www/template.csv and www/template.xlsx');
