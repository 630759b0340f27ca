// vbp-savings/batches for Node, ES module: the programme across batches 1–11, result tables, catalog checks.
// Since the engine became one module these are the engine's own functions: this entry
// re-exports it (same instance as 'vbp-savings'), so code written for the separate
// batches module runs unchanged.
export * from './node.mjs';
export { default, init } from './node.mjs';
