// Types for vbp-savings/plan (Node, CommonJS): the engine's.
export * from './node.cjs';
