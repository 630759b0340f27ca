// The DuckDB-WASM peer page (bench/page/duckdb.html), what a web developer would write with
// DuckDB-WASM: the `eh` bundle instantiated at page load, the chosen File registered with the
// browser file reader (read in place, not copied), the same query as the native DuckDB peer
// (bench/peers/duckdb.mjs: typed DECIMAL(18,4) columns, exact), totals shown as exact strings.
// The engine is single-threaded (the eh bundle has no pthreads).
import { AsyncDuckDB, VoidLogger, DuckDBDataProtocol } from '@duckdb/duckdb-wasm';
import { duckdbSql } from '../peers/duckdb-sql.mjs';

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
// display only: an exact decimal string without trailing zeros ("12.3400" → "12.34")
const plain = (s) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);

async function start() {
  const worker = new Worker(new URL('./duckdb-browser-eh.worker.js', import.meta.url));
  const db = new AsyncDuckDB(new VoidLogger(), worker);
  await db.instantiate(new URL('./duckdb-eh.wasm', import.meta.url).href);
  const con = await db.connect();
  document.querySelector('#status').textContent = 'ready';
  document.body.dataset.ready = 'true';
  const input = document.querySelector('#import-file');
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    try {
      await db.registerFileHandle(file.name, file, DuckDBDataProtocol.BROWSER_FILEREADER, true);
      const sql = `SELECT CAST(base AS VARCHAR) AS base, CAST(vbp AS VARCHAR) AS vbp, CAST(savings AS VARCHAR) AS savings, drug FROM (${duckdbSql(file.name)})`;
      const rows = (await con.query(sql)).toArray().map((r) => r.toJSON());
      const total = rows.find((r) => r.drug === null);
      $('total-baseline').dataset.value = plain(total.base);
      $('total-baseline').textContent = plain(total.base);
      $('total-vbp').dataset.value = plain(total.vbp);
      $('total-vbp').textContent = plain(total.vbp);
      $('drugs').textContent = String(rows.length - 1);
      $('total-savings').textContent = plain(total.savings);
      $('total-savings').dataset.value = plain(total.savings);
      document.querySelector('#status').textContent = `read ${file.name}`;
    } catch (e) {
      document.querySelector('#status').textContent = `error: ${e && e.message}`;
      document.body.dataset.error = String(e && e.message);
    }
  });
}
start().catch((e) => {
  document.querySelector('#status').textContent = `error: ${e && e.message}`;
  document.body.dataset.error = String(e && e.message);
});
