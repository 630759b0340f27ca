// Types for the Node CommonJS entry: the generated declarations, plus init().
export * from '../pkg/vbp_savings.cjs';

/**
 * Resolves at once: in Node the WebAssembly engine is ready on require. Present so that
 * code shared with the browser build (where `await init()` is required) runs unchanged.
 */
export declare function init(): Promise<void>;
