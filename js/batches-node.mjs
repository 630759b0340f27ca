// vbp-savings/batches for Node, ES module: the batches module (the programme across batches
// 1–11, result tables → catalogs; pkg/node/vbp_savings_batches.js, CommonJS), re-exported.
// A separate WebAssembly module, so code that only estimates never loads it.
export * from '../pkg/node/vbp_savings_batches.js';

/** Resolves at once: in Node the module is instantiated on import. */
export function init() {
  return Promise.resolve();
}
export default init;
