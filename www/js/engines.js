// The one place the page loads its engine modules (Rust → WebAssembly). Each getter
// loads and initialises its module on first use and returns the same module after:
//   core()  the estimate engine (./pkg/vbp_savings.js), loaded at start;
//   plan()  supply scenarios, agreed volumes, cycle tracking, 结余留用, sensitivity: the plan
//           module (./pkg/vbp_savings_plan.js), loaded when the supply tab is first shown;
//   batches()  the programme across batches 1–11 and result tables: the batches module
//           (./pkg/vbp_savings_batches.js), loaded with the 多批次总览 tab, a result table
//           or a saved catalog file;
//   xlsx()  the spreadsheet module (./pkg/vbp_savings_xlsx.js, ~700 KB gzipped): loaded
//           only when a workbook is opened or saved, so the first load stays light.

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

function load(name, glue, wasm) {
  return once(cache, name, async () => {
    const m = await import(glue);
    instances.set(name, await m.default({ module_or_path: new URL(wasm, import.meta.url) }));
    return m;
  });
}

/** The core engine: estimates, catalog, search, export, matching, reading CSV and sheets. */
export const core = () => load('core', '../pkg/vbp_savings.js', '../pkg/vbp_savings_bg.wasm');

const merged = new Map(); // name → the module's functions with the core's beside them

/** A module whose views also call the core: its functions and the core's, as one namespace. */
function withCore(name, glue, wasm) {
  return once(merged, name, () => Promise.all([core(), load(name, glue, wasm)]).then(([c, m]) => Object.freeze({ ...c, ...m })));
}

/**
 * Supply (一省双供) scenarios, agreed volumes, cycle tracking, retained savings, sensitivity:
 * the plan module's functions, with the core's (catalog, formatPercent, roundDisplay …)
 * beside them in one namespace, as the supply tab's views use both.
 */
export const plan = () => withCore('plan', '../pkg/vbp_savings_plan.js', '../pkg/vbp_savings_plan_bg.wasm');

/**
 * The programme across batches 1–11, result tables → catalogs, checking a saved catalog: the
 * batches module's functions with the core's beside them (the views also read files).
 */
export const batches = () => withCore('batches', '../pkg/vbp_savings_batches.js', '../pkg/vbp_savings_batches_bg.wasm');

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
