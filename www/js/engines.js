// The one place the page loads its engine modules (Rust → WebAssembly). Each getter
// loads and initialises its module on first use and returns the same module after:
//   core()  the estimate engine (./pkg/vbp_savings.js), loaded at start;
//   plan()  supply scenarios, agreed volumes, cycle tracking, 结余留用, sensitivity: the plan
//           module (./pkg/vbp_savings_plan.js), loaded when the supply tab is first shown;
//   xlsx()  the spreadsheet module (./pkg/vbp_savings_xlsx.js, ~700 KB gzipped): loaded
//           only when a workbook is opened or saved, so the first load stays light.

const cache = new Map();
const instances = new Map(); // name → the module's WebAssembly exports

function load(name, glue, wasm) {
  if (!cache.has(name)) {
    const p = (async () => {
      const m = await import(glue);
      instances.set(name, await m.default({ module_or_path: new URL(wasm, import.meta.url) }));
      return m;
    })();
    // a failed load may be retried (e.g. after the server came back)
    p.catch(() => cache.delete(name));
    cache.set(name, p);
  }
  return cache.get(name);
}

/** The core engine: estimates, catalog, search, export, matching, result tables, programme. */
export const core = () => load('core', '../pkg/vbp_savings.js', '../pkg/vbp_savings_bg.wasm');

const planModule = () => load('plan', '../pkg/vbp_savings_plan.js', '../pkg/vbp_savings_plan_bg.wasm');
let planEngine;

/**
 * Supply (一省双供) scenarios, agreed volumes, cycle tracking, retained savings, sensitivity:
 * the plan module's functions, with the core's (catalog, formatPercent, roundDisplay …)
 * beside them in one namespace, as the supply tab's views use both.
 */
export async function plan() {
  if (!planEngine) {
    const [c, p] = await Promise.all([core(), planModule()]);
    planEngine = Object.freeze({ ...c, ...p });
  }
  return planEngine;
}

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
