// Estimates of edited lines off the page's main thread (a module worker, kept for the
// page's life): a table of thousands of lines takes a good part of a second to estimate
// (about 0.6 s at 20,000 lines), and the page must stay responsive while the user types.
// It loads the core engine itself through engines.js and makes one engine call per message.
//
// in:  { lines: LineInput[] (each with its line), options?: EstimateOptions }
// out: { report } | { error: { code, message, messageZh } }
import { core } from './engines.js';

self.onmessage = async (e) => {
  try {
    const engine = await core();
    self.postMessage({ report: engine.estimate({ lines: e.data.lines, options: e.data.options }) });
  } catch (err) {
    self.postMessage({ error: { code: (err && err.code) || 'error', message: String((err && err.message) || err), messageZh: (err && err.messageZh) || String((err && err.message) || err) } });
  }
};
