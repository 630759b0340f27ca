// vbp-savings/xlsx for Node, ES module: the spreadsheet module (readWorkbook, reportXlsx,
// programmeXlsx; pkg/vbp_savings_xlsx.cjs, CommonJS), re-exported. A separate WebAssembly module, so
// code that never opens a workbook never loads it. Estimation stays in 'vbp-savings'
// (estimateRows(sheet.rows, …)).
export * from '../pkg/vbp_savings_xlsx.cjs';

/** Resolves at once: in Node the module is instantiated on import. */
export function init() {
  return Promise.resolve();
}
export default init;
