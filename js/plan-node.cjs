'use strict';
// vbp-savings/plan for Node, CommonJS: the engine (one module; see plan-node.mjs).
module.exports = require('./node.cjs');
