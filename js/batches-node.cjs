'use strict';
// vbp-savings/batches for Node, CommonJS: the batches module (pkg/node/vbp_savings_batches.js), ready on require.
const batches = require('../pkg/node/vbp_savings_batches.js');

module.exports = { ...batches, init: () => Promise.resolve() };
