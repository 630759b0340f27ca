// The DuckDB query of the bench, shared by the native peer (duckdb.mjs) and the DuckDB-WASM
// page (bench/page/duckdb-page.mjs): the file read with typed DECIMAL(18,4) columns (exact);
// rows with an empty drug or a zero baseline left out (as the JS peers do); VBP = the given
// price, else baseline × 0.52; by drug and the total (the GROUPING SETS row whose drug is NULL).
const NUM = 'DECIMAL(18,4)';

/** The query over `file` (a path DuckDB reads itself). */
export function duckdbSql(file) {
  const path = file.replace(/'/g, "''");
  return `
WITH src AS (
  SELECT trim(drug) AS drug, quantity AS q, baseline_unit_price AS b,
         coalesce(vbp_unit_price, baseline_unit_price * 0.52) AS v
  FROM read_csv('${path}', header = true, auto_detect = false, delim = ',', quote = '"',
       columns = {'drug': 'VARCHAR', 'quantity': '${NUM}', 'baseline_unit_price': '${NUM}', 'vbp_unit_price': '${NUM}'})
), ok AS (
  SELECT drug, q * b AS lb, q * v AS lv, q FROM src WHERE drug IS NOT NULL AND drug <> '' AND b IS NOT NULL AND b <> 0 AND q IS NOT NULL
)
SELECT drug, sum(lb) AS base, sum(lv) AS vbp, sum(lb) - sum(lv) AS savings, sum(q) AS qty, count(*) AS n
FROM ok GROUP BY GROUPING SETS ((drug), ())`;
}

