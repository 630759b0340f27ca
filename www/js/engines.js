// The one place the page loads its WebAssembly modules (Rust → WebAssembly). Two modules,
// each loaded and initialised on first use and the same module returned after:
//   core()  the engine (./pkg/vbp_savings.js): estimates, catalog, supply scenarios, agreed
//           volumes, cycle tracking, 结余留用, sensitivity, the programme across batches 1–11,
//           result tables. Loaded at start. plan() and batches() name the same module for
//           the views that plan or look beyond one batch;
//   xlsx()  the spreadsheet module (./pkg/vbp_savings_xlsx.js, ~700 KB gzipped): loaded
//           only when a workbook is opened or saved, so the first load stays light.

import { started, compileWasm } from '../js/engine-start.js';

const cache = new Map(); // name → the promise of its module
const instances = new Map(); // name → the module's WebAssembly exports

/** The promise `make()` gave for `key`, made once; a failed one is dropped, so it may be retried (e.g. after the server came back). */
function once(map, key, make) {
  if (!map.has(key)) {
    const p = make();
    p.catch(() => map.delete(key));
    map.set(key, p);
  }
  return map.get(key);
}

const compiled = new Map(); // name → the promise of its compiled WebAssembly.Module (in a worker: the page's, when handed over)

// the engine's module, compiling since the page's first script ran (engine-start.js): the one
// the first load takes; a failed one is dropped like any other, so the next load compiles again
if (started) once(compiled, 'core', () => started);

/** The compiled WebAssembly.Module of `wasm`, compiled now. */
const compile = (wasm) => compileWasm(new URL(wasm, import.meta.url));

function load(name, glue, wasm) {
  return once(cache, name, async () => {
    const [m, mod] = await Promise.all([import(glue), once(compiled, name, () => compile(wasm))]);
    instances.set(name, await m.default({ module_or_path: mod }));
    return m;
  });
}

/**
 * The engine's compiled module, once the page has loaded it (else null), to hand to a worker
 * in a message: the worker then uses the code compiled here, optimised code included, instead
 * of fetching and compiling the 2.3 MB module again (see `useCompiled`).
 */
export const coreCompiled = () => (compiled.has('core') ? compiled.get('core') : Promise.resolve(null));

/** In a worker: the compiled module the page handed over (a WebAssembly.Module), used by the next load of `name`. */
export function useCompiled(name, module) {
  if (module instanceof WebAssembly.Module && !compiled.has(name)) compiled.set(name, Promise.resolve(module));
}

/** The core engine: estimates, catalog, search, export, matching, reading CSV and sheets. */
export const core = () => load('core', '../pkg/vbp_savings.js', '../pkg/vbp_savings_bg.wasm');

/** Supply (一省双供) scenarios, agreed volumes, cycle tracking, retained savings, sensitivity: the engine. */
export const plan = core;

/** The programme across batches 1–11, result tables → catalogs, checking a saved catalog: the engine. */
export const batches = core;

/** The spreadsheet module: readWorkbook, reportXlsx, programmeXlsx. */
export const xlsx = () => load('xlsx', '../pkg/vbp_savings_xlsx.js', '../pkg/vbp_savings_xlsx_bg.wasm');

/**
 * The size in bytes of a loaded module's WebAssembly memory, or null. The memory only
 * grows, so this is its peak so far (the import worker reports it: memory stays bounded).
 */
export function wasmMemory(name) {
  const x = instances.get(name);
  return x && x.memory ? x.memory.buffer.byteLength : null;
}

/** Whether a module has been asked for (for tests and the status line). */
export const loaded = (name) => cache.has(name);
