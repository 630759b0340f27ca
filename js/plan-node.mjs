// vbp-savings/plan for Node, ES module: the plan module (supply scenarios, agreed volumes,
// cycle tracking, 结余留用, sensitivity; pkg/node/vbp_savings_plan.js, CommonJS),
// re-exported. A separate WebAssembly module, so code that only estimates never loads it.
// Estimates stay in 'vbp-savings' (hand its report to planForEstimate).
export * from '../pkg/node/vbp_savings_plan.js';

/** Resolves at once: in Node the module is instantiated on import. */
export function init() {
  return Promise.resolve();
}
export default init;
