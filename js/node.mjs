// vbp-savings for Node, ES module: the engine's CommonJS glue (pkg/vbp_savings.cjs, which
// reads pkg/vbp_savings_bg.wasm, the same binary browsers load), re-exported. Node's
// CommonJS lexer sees every `exports.name` of the generated glue, so `export *` carries each
// engine function, present and future, with no list to keep.
// The engine is ready on import; init() is there for code shared with the browser.
export * from '../pkg/vbp_savings.cjs';

/** Resolves at once: in Node the WebAssembly engine is instantiated on import. */
export function init() {
  return Promise.resolve();
}
export default init;
