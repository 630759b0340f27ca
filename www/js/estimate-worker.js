// Estimates of a large table off the page's main thread (a module worker, kept for the
// page's life). It holds the table's EstimateSession (the engine's estimate kept up to date
// line by line): the page starts it with every line once, then sends each edit's lines
// only; the session prices those lines, and its report has the sums, tables, warnings and
// review of every line without estimating them all again. It loads the core engine itself
// through engines.js and makes one engine call per message (two for an edit: set, report).
//
// in:  { start: { key, lines: LineInput[] (each with its line), options?: EstimateOptions },
//        module?: WebAssembly.Module (the page's compiled engine, engines.js coreCompiled) }
//      { edit: { key, set: LineInput[], remove: number[] } }   (key: the session's)
// out: { key, report }                        after start: the report with its per-line list
//      { key, report, outcomes, remove, lists }  after an edit: the report without the per-line
//                                             list, each set line's outcome, the lines removed;
//                                             lists: false when the review and the rejected rows
//                                             are the last ones sent (left out: about 0.7 MB for
//                                             1,000 review items with their candidates)
//      { key, stale: true }                   an edit for a session this worker no longer holds
//      { key, error: { code, message, messageZh } }
import { core, useCompiled } from './engines.js';

let session = null;
let sessionKey = null;
let listsSent = -1; // the session's listsVersion when its review and rejected rows were last sent

self.onmessage = async (e) => {
  const { start, edit, module } = e.data;
  useCompiled('core', module); // the page's compiled engine, with a start: not fetched and compiled again
  const key = start ? start.key : edit.key;
  try {
    const engine = await core();
    if (start) {
      if (session) session.free();
      session = null;
      sessionKey = null;
      session = new engine.EstimateSession({ lines: start.lines, options: start.options });
      sessionKey = key;
      listsSent = session.listsVersion;
      self.postMessage({ key, report: session.report(true) });
      return;
    }
    if (!session || key !== sessionKey) {
      self.postMessage({ key, stale: true });
      return;
    }
    const outcomes = edit.set.length ? session.set(edit.set) : [];
    if (edit.remove.length) session.remove(edit.remove);
    const lists = session.listsVersion !== listsSent;
    listsSent = session.listsVersion;
    self.postMessage({ key, report: session.report(false, lists), outcomes, remove: edit.remove, lists });
  } catch (err) {
    self.postMessage({ key, error: { code: (err && err.code) || 'error', message: String((err && err.message) || err), messageZh: (err && err.messageZh) || String((err && err.message) || err) } });
  }
};
