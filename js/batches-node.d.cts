// Types for vbp-savings/batches (Node, CommonJS): the engine's.
export * from './node.cjs';
