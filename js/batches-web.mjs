// vbp-savings/batches for browsers and bundlers: the batches module's web build
// (pkg/web/vbp_savings_batches.js). Import it when the programme view, a result table or a
// saved catalog is first needed, then `await init()`.
export * from '../pkg/web/vbp_savings_batches.js';
export { default, default as init } from '../pkg/web/vbp_savings_batches.js';
