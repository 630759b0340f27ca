// Types for the spreadsheet entry (Node, ES module): the generated declarations, plus init().
export * from '../pkg/vbp_savings_xlsx.cjs';

/** Resolves at once: in Node the module is ready on import. */
export declare function init(): Promise<void>;
export default init;
