// Starts compiling the engine's WebAssembly as early as the page can. index.html loads this
// small module (async) ahead of the page's script, so the 2.3 MB module is compiled on the
// browser's background threads while the page is laid out and its script is parsed, instead
// of after. js/engines.js takes the compiled module from here: both name this file by the same
// URL (/js/engine-start.js; esbuild leaves it out of the bundles), so it is one module instance.
// In a worker it starts nothing: a worker is handed the page's compiled module.

/**
 * The compiled WebAssembly.Module at `url`: streamed and compiled as it arrives; a server that
 * does not send it as application/wasm (an intranet's) gets the bytes compiled instead.
 */
export function compileWasm(url) {
  return WebAssembly.compileStreaming(fetch(url)).catch(async (e) => {
    const res = await fetch(url);
    if (!res.ok) throw e;
    return WebAssembly.compile(await res.arrayBuffer());
  });
}

/** The engine's WebAssembly, next to its glue (../pkg/vbp_savings.js). */
export const CORE_WASM = new URL('../pkg/vbp_savings_bg.wasm', import.meta.url);

/** In the page: the engine's compiled module, being compiled since this module ran; in a worker: null. */
export const started = typeof document === 'undefined' ? null : compileWasm(CORE_WASM);
// a failure is the caller's to report (engines.js compiles again): not an unhandled rejection here
if (started) started.catch(() => {});

