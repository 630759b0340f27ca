// vbp-savings/xlsx for browsers and bundlers: the spreadsheet module's web build
// (pkg/vbp_savings_xlsx.js). Import it only when a workbook is opened or saved, then `await init()`.
export * from '../pkg/vbp_savings_xlsx.js';
export { default, default as init } from '../pkg/vbp_savings_xlsx.js';
