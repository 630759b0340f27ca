// Large CSV files: read in a Web Worker (import-worker.js) piece by piece, with a progress
// bar (rows, MB, percent, time left) and a cancel button, so the page never stops
// answering. The worker computes with the same engine and options as a small file and
// gives the same report (aggregates, rejected rows and warnings complete); large files are
// computed with `omit_lines`, so the per-line table is left out and memory stays bounded.
// Nothing here changes the page's state or its saved data: the caller does, once the
// report has arrived.
import { t, currentLang } from './i18n.js';
import { $, fill } from './dom.js';
import { coreCompiled } from './engines.js';

/** CSV files at least this large are read in the worker; smaller ones at once, as before. */
export const STREAM_THRESHOLD = 2 * 1024 * 1024;

/** The threshold in force (tests may lower it with window.__vbpStreamThreshold). */
export function streamThreshold() {
  const x = typeof window !== 'undefined' ? window.__vbpStreamThreshold : undefined;
  return typeof x === 'number' && x >= 0 ? x : STREAM_THRESHOLD;
}

let current = null; // { worker, reject }

/** Whether an import is running. */
export const importing = () => current !== null;

function stop() {
  if (!current) return;
  current.worker.terminate();
  current = null;
  $('#import-progress').hidden = true;
}

/** Cancels the running import (if any): its promise rejects with code "cancelled". */
export function cancelImport() {
  if (!current) return false;
  const { reject } = current;
  stop();
  reject(Object.assign(new Error('import cancelled'), { code: 'cancelled', messageZh: '导入已取消' }));
  return true;
}

const mb = (bytes, lang) => new Intl.NumberFormat(lang === 'en' ? 'en' : 'zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bytes / 1e6);
const count = (n, lang) => new Intl.NumberFormat(lang === 'en' ? 'en' : 'zh-CN').format(n);

/** Seconds left at the rate so far, or null before there is a rate. */
function secondsLeft(p, elapsedMs) {
  if (p.bytes <= 0 || elapsedMs < 300 || p.bytes >= p.total) return null;
  return Math.ceil(((p.total - p.bytes) * elapsedMs) / p.bytes / 1000);
}

function show(name, p, started) {
  const lang = currentLang();
  const box = $('#import-progress');
  const pct = p.total > 0 ? Math.min(100, Math.floor((p.bytes * 100) / p.total)) : 0;
  const left = secondsLeft(p, performance.now() - started);
  box.hidden = false;
  box.dataset.percent = String(pct);
  box.dataset.rows = String(p.rows);
  const bar = $('#import-bar');
  bar.value = pct;
  bar.setAttribute('aria-valuetext', `${pct}%`);
  fill($('#import-progress-name'), t('stream_reading', name));
  fill($('#import-progress-text'), t('stream_progress', count(p.rows, lang), count(p.accepted, lang), mb(p.bytes, lang), mb(p.total, lang), pct,
    left === null ? t('stream_left_unknown') : t('stream_left', left)));
}

/**
 * Imports a CSV File in a worker with the options of estimateCsv; resolves with the
 * report, rejects with the engine's error ({ code, message, messageZh }) or, when
 * cancelled, with code "cancelled". One import at a time: a new one cancels the last.
 */
export function streamImport(file, options) {
  cancelImport();
  return new Promise((resolve, reject) => {
    let worker;
    try {
      worker = new Worker(new URL('./import-worker.js', import.meta.url), { type: 'module' });
    } catch (e) {
      reject(Object.assign(new Error(String(e.message || e)), { code: 'worker', messageZh: String(e.message || e) }));
      return;
    }
    const started = performance.now();
    current = { worker, reject };
    show(file.name, { bytes: 0, total: file.size, rows: 0, accepted: 0 }, started);
    worker.onmessage = (e) => {
      if (!current || current.worker !== worker) return;
      const m = e.data;
      if (m.type === 'progress') {
        show(file.name, m, started);
        return;
      }
      stop();
      if (typeof m.memory === 'number') $('#import-progress').dataset.memory = String(m.memory);
      if (m.type === 'done') resolve(m.report);
      else reject(Object.assign(new Error(m.error.message), m.error));
    };
    worker.onerror = (e) => {
      if (!current || current.worker !== worker) return;
      stop();
      e.preventDefault();
      reject(Object.assign(new Error(e.message || 'the import worker failed'), { code: 'worker', messageZh: e.message || '导入线程出错' }));
    };
    coreCompiled().catch(() => null).then((module) => { if (current && current.worker === worker) worker.postMessage({ file, options, module }); });
  });
}

export function wireLargeImport() {
  $('#import-cancel').addEventListener('click', () => cancelImport());
}
