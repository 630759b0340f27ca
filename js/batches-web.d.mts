// Types for the batches entry (browsers and bundlers): the generated declarations, with the
// generated initialiser also named `init`.
export * from '../pkg/web/vbp_savings_batches.js';
export { default, default as init } from '../pkg/web/vbp_savings_batches.js';
