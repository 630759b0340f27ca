// DuckDB (native, @duckdb/node-api), what an analyst with a big CSV reaches for: one thread,
// the file read by DuckDB's own CSV reader with typed DECIMAL(18,4) columns (exact), the same
// rule and aggregation as the JS peers (bench/run.mjs): rows with an empty drug or a zero
// baseline left out; VBP = the given price, else baseline × 0.52; totals and by drug.
// Decimals come back as exact strings (DuckDBDecimalValue.toString()).
import { DuckDBInstance } from '@duckdb/node-api';
import { duckdbSql } from './duckdb-sql.mjs';

/** A DuckDB peer: open once (warm, like the engine loaded once), then `run()` per round. */
export async function openDuckdb(file) {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const con = await instance.connect();
  const threads = (await con.runAndReadAll("SELECT current_setting('threads') AS t")).getRowObjects()[0].t;
  const version = (await con.runAndReadAll('SELECT version() AS v')).getRowObjects()[0].v;
  const lines = Number((await con.runAndReadAll(`SELECT count(*) AS n FROM read_csv('${file.replace(/'/g, "''")}', header = true, auto_detect = false, columns = {'drug': 'VARCHAR', 'quantity': 'VARCHAR', 'baseline_unit_price': 'VARCHAR', 'vbp_unit_price': 'VARCHAR'})`)).getRowObjects()[0].n);
  const sql = duckdbSql(file);
  return {
    threads: String(threads),
    version: String(version),
    async run() {
      const rows = (await con.runAndReadAll(sql)).getRowObjects();
      const total = rows.find((r) => r.drug === null);
      const drugs = rows.filter((r) => r.drug !== null);
      return { base: total.base.toString(), vbp: total.vbp.toString(), savings: total.savings.toString(), drugs: drugs.length, rejected: lines - Number(total.n), byDrug: drugs };
    },
    close() {
      con.closeSync();
      instance.closeSync();
    },
  };
}
