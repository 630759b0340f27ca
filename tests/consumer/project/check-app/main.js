// A Vite app: imports the package, initialises it with the .wasm URL Vite emits
// (the `?url` import of the package's exported wasm), runs the probe on fixtures
// fetched from its own origin and shows the result as JSON in #out.
import * as vbp from 'vbp-savings';
import wasmUrl from 'vbp-savings/vbp_savings_bg.wasm?url';
import * as plan from 'vbp-savings/plan';
import planWasmUrl from 'vbp-savings/vbp_savings_plan_bg.wasm?url';
import * as more from 'vbp-savings/batches';
import batchesWasmUrl from 'vbp-savings/vbp_savings_batches_bg.wasm?url';
import { probe } from '../probe.mjs';

const out = document.getElementById('out');
let beforeInit = 'no error';
try {
  vbp.version(); // before init(): documented to throw a TypeError
} catch (e) {
  beforeInit = e.name;
}
try {
  await vbp.init({ module_or_path: wasmUrl });
  await plan.init({ module_or_path: planWasmUrl });
  await more.init({ module_or_path: batchesWasmUrl });
  const names = new URLSearchParams(location.search).getAll('f');
  const files = {};
  for (const name of names) {
    const response = await fetch(`./fixtures/${name}`);
    files[name] = new Uint8Array(await response.arrayBuffer());
  }
  out.textContent = JSON.stringify({ ...probe(vbp, plan, more, files), beforeInit });
} catch (e) {
  out.textContent = `error: ${e && e.stack}`;
}
