'use strict';
// vbp-savings/xlsx for Node, CommonJS: the spreadsheet module (pkg/xlsx-node), ready on require.
const xlsx = require('../pkg/xlsx-node/vbp_savings_xlsx.js');

module.exports = { ...xlsx, init: () => Promise.resolve() };
