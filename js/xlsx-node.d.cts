// Types for the spreadsheet entry (Node, CommonJS): the generated declarations, plus init().
export * from '../pkg/vbp_savings_xlsx.cjs';

/** Resolves at once: in Node the module is ready on require. */
export declare function init(): Promise<void>;
