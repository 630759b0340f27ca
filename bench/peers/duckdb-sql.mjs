// The DuckDB query of the bench, shared by the native peer (duckdb.mjs) and the DuckDB-WASM
// page (bench/page/duckdb-page.mjs): what an analyst would write. The file read by DuckDB's CSV
// reader with typed DECIMAL(18,4) columns (exact; a cell that is not a number fails the query);
// rows with an empty drug or a zero baseline left out, as the JS peers do; VBP = the given price,
// else baseline × 0.52; one GROUP BY drug, and the total (the row whose drug is NULL) summed from
// the per-drug sums. Drug names are not trimmed (the JS peers trim; the bench's file has no
// spaces to trim, and a trim() costs DuckDB about 15%).
const NUM = 'DECIMAL(18,4)';

/** The query over `file` (a path or registered name DuckDB reads itself). */
export function duckdbSql(file) {
  const path = file.replace(/'/g, "''");
  return `
WITH d AS (
  SELECT drug,
         sum(quantity * baseline_unit_price) AS base,
         sum(quantity * coalesce(vbp_unit_price, baseline_unit_price * 0.52)) AS vbp,
         sum(quantity) AS qty, count(*) AS n
  FROM read_csv('${path}', header = true, auto_detect = false, delim = ',', quote = '"',
       columns = {'drug': 'VARCHAR', 'quantity': '${NUM}', 'baseline_unit_price': '${NUM}', 'vbp_unit_price': '${NUM}'})
  WHERE drug <> '' AND baseline_unit_price <> 0
  GROUP BY drug
)
SELECT drug, base, vbp, base - vbp AS savings, qty, n FROM d
UNION ALL
SELECT NULL, sum(base), sum(vbp), sum(base) - sum(vbp), sum(qty), sum(n) FROM d`;
}
