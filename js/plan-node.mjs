// vbp-savings/plan for Node, ES module: supply scenarios, agreed volumes, cycle tracking, 结余留用, sensitivity.
// Since the engine became one module these are the engine's own functions: this entry
// re-exports it (same instance as 'vbp-savings'), so code written for the separate
// plan module runs unchanged.
export * from './node.mjs';
export { default, init } from './node.mjs';
