// vbp-savings/xlsx for browsers and bundlers: the spreadsheet module's web build
// (pkg/xlsx-web). Import it only when a workbook is opened or saved, then `await init()`.
export * from '../pkg/xlsx-web/vbp_savings_xlsx.js';
export { default, default as init } from '../pkg/xlsx-web/vbp_savings_xlsx.js';
