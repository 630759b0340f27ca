'use strict';
// vbp-savings/batches for Node, CommonJS: the engine (one module; see batches-node.mjs).
module.exports = require('./node.cjs');
