'use strict';
// vbp-savings for Node, CommonJS: the engine's CommonJS glue (pkg/vbp_savings.cjs), ready on
// require. init() is there for code shared with the browser build.
const engine = require('../pkg/vbp_savings.cjs');

module.exports = { ...engine, init: () => Promise.resolve() };
