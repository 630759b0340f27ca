// Types for the batches entry (Node, ES module): the generated declarations, plus init().
export * from '../pkg/node/vbp_savings_batches.js';

/** Resolves at once: in Node the module is ready on import. */
export declare function init(): Promise<void>;
export default init;
