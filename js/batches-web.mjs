// vbp-savings/batches for browsers and bundlers: the programme across batches 1–11, result tables, catalog checks.
// Since the engine became one module these are the engine's own functions: this entry
// re-exports it (one instance; init() once for both).
export * from './web.mjs';
export { default, init } from './web.mjs';
