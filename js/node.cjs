'use strict';
// vbp-savings for Node, CommonJS: the wasm-pack nodejs build (pkg/node), ready on require.
// init() is there for code shared with the browser build.
const engine = require('../pkg/node/vbp_savings.js');

module.exports = { ...engine, init: () => Promise.resolve() };
