// vbp-savings for browsers and bundlers (Vite, webpack 5, plain <script type="module">):
// the engine's web glue (pkg/vbp_savings.js), re-exported. Call `await init()` once before
// any other function; it fetches vbp_savings_bg.wasm from beside the glue
// (new URL('vbp_savings_bg.wasm', import.meta.url)), which bundlers emit as an asset.
export * from '../pkg/vbp_savings.js';
export { default, default as init } from '../pkg/vbp_savings.js';
