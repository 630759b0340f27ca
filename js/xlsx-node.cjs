'use strict';
// vbp-savings/xlsx for Node, CommonJS: the spreadsheet module (pkg/vbp_savings_xlsx.cjs), ready on require.
const xlsx = require('../pkg/vbp_savings_xlsx.cjs');

module.exports = { ...xlsx, init: () => Promise.resolve() };
