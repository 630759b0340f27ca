// Workbooks (.xlsx, .xlsm, .xls, .ods): recognised by their first bytes, read by the
// spreadsheet module (loaded here on first use, never at start) into sheets of text
// cells that the core engine reads under the CSV rules.
import { xlsx } from './engines.js';

/** A workbook by its first bytes: zip (.xlsx, .xlsm, .ods) or OLE (.xls), as the CLI decides. */
export function isWorkbook(bytes) {
  return (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    || (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0);
}

/**
 * Reads a workbook: { name, format, sheets: [{ name, rows, header_row }], default_sheet }.
 * Throws the module's error (code bad_workbook, empty_input, too_large).
 */
export async function readSpreadsheet(name, bytes) {
  const mod = await xlsx();
  const book = mod.readWorkbook(bytes);
  return { name, format: book.format, sheets: book.sheets.map((s) => ({ name: s.name, rows: s.rows, header_row: s.header_row })), default_sheet: book.default_sheet };
}

/** Rows of a file for the engine: a workbook's sheet (chosen, or the default) or CSV rows. */
export async function fileRows(engine, name, bytes, sheetName) {
  if (isWorkbook(bytes)) {
    const book = await readSpreadsheet(name, bytes);
    const sheet = sheetName ? book.sheets.find((s) => s.name === sheetName) : book.sheets[book.default_sheet ?? 0];
    return { rows: sheet ? sheet.rows : [], sheet: sheet ? sheet.name : null, sheets: book.sheets.map((s) => s.name), format: book.format, book };
  }
  const csv = engine.readCsv(bytes);
  return { rows: csv.rows, sheet: null, sheets: [], format: 'csv', encoding: csv.encoding, unreadable: csv.unreadable };
}
