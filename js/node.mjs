// vbp-savings for Node, ES module: the wasm-pack nodejs build (CommonJS, pkg/node),
// re-exported. Node's CommonJS lexer sees every `exports.name` of the generated glue, so
// `export *` carries each engine function, present and future, with no list to keep.
// The engine is ready on import; init() is there for code shared with the browser.
export * from '../pkg/node/vbp_savings.js';

/** Resolves at once: in Node the WebAssembly engine is instantiated on import. */
export function init() {
  return Promise.resolve();
}
export default init;
