// Types for the spreadsheet entry (Node, ES module): the generated declarations, plus init().
export * from '../pkg/xlsx-node/vbp_savings_xlsx.js';

/** Resolves at once: in Node the module is ready on import. */
export declare function init(): Promise<void>;
export default init;
