// Types for vbp-savings/plan (Node, ES module): the engine's.
export * from './node.mjs';
export { default, init } from './node.mjs';
