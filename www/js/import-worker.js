// The large-file import, off the page's main thread (a module worker, one per import).
// It loads the core engine itself through engines.js (the page's one loader works in a
// worker too), reads the File in pieces (file.slice, the next piece read while the engine
// works on this one), pushes each piece into the engine's streaming CsvImport and posts
// its progress; at the end it posts the report. The file is never held whole: only the
// piece in hand and the next. The page cancels an import by terminating this worker.
//
// in:  { file: File, options: EstimateOptions, piece?: number (bytes per piece),
//        module?: WebAssembly.Module (the page's compiled engine, engines.js coreCompiled) }
// out: { type: 'progress', bytes, total, rows, accepted, memory }
//      { type: 'done', report, memory }   the same report estimateCsv gives for the whole file
// (`memory`: the engine's WebAssembly memory in bytes, its peak so far)
//      { type: 'error', error: { code, message, messageZh } }
import { core, wasmMemory, useCompiled } from './engines.js';

/** Bytes read per piece: about 25,000 rows of a typical export. */
export const PIECE_BYTES = 1 << 20;

function errorOf(e) {
  return {
    code: (e && e.code) || 'error',
    message: String((e && e.message) || e),
    messageZh: (e && e.messageZh) || String((e && e.message) || e),
  };
}

async function run({ file, options, piece = PIECE_BYTES, module }) {
  useCompiled('core', module); // the page's compiled engine: not fetched and compiled again
  const engine = await core();
  const imp = new engine.CsvImport(options);
  try {
    const total = file.size;
    const read = (from) => file.slice(from, Math.min(from + piece, total)).arrayBuffer();
    let offset = 0;
    let next = total > 0 ? read(0) : null;
    while (next) {
      const buf = await next;
      offset += buf.byteLength;
      next = offset < total && buf.byteLength > 0 ? read(offset) : null;
      const p = imp.push(new Uint8Array(buf));
      self.postMessage({ type: 'progress', bytes: p.bytes, total, rows: p.rows, accepted: p.accepted, memory: wasmMemory('core') });
    }
    return imp.finish();
  } finally {
    imp.free();
  }
}

self.onmessage = async (e) => {
  try {
    const report = await run(e.data);
    self.postMessage({ type: 'done', report, memory: wasmMemory('core') });
  } catch (err) {
    self.postMessage({ type: 'error', error: errorOf(err) });
  }
};
