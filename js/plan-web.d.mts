// Types for vbp-savings/plan (browsers and bundlers): the engine's.
export * from './web.mjs';
export { default, init } from './web.mjs';
