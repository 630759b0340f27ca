'use strict';
// vbp-savings/plan for Node, CommonJS: the plan module (pkg/node/vbp_savings_plan.js), ready on require.
const plan = require('../pkg/node/vbp_savings_plan.js');

module.exports = { ...plan, init: () => Promise.resolve() };
