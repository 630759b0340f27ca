// Types for vbp-savings/batches (browsers and bundlers): the engine's.
export * from './web.mjs';
export { default, init } from './web.mjs';
