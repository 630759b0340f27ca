// Types for the spreadsheet entry (browsers and bundlers): the generated declarations,
// with the generated initialiser also named `init`.
export * from '../pkg/vbp_savings_xlsx.js';
export { default, default as init } from '../pkg/vbp_savings_xlsx.js';
