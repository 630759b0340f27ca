// vbp-savings/plan for browsers and bundlers: supply scenarios, agreed volumes, cycle tracking, 结余留用, sensitivity.
// Since the engine became one module these are the engine's own functions: this entry
// re-exports it (one instance; init() once for both).
export * from './web.mjs';
export { default, init } from './web.mjs';
