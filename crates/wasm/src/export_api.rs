//! What the page derives from a report: the CSV file, the price-cut distribution
//! for its chart, and the comparison of two scenarios. All computed here, so the
//! page does no arithmetic on money.

use crate::{estimate_report, to_js, to_js_error};
use vbp_savings::report::{compare, csv as export, distribution};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_EXPORT: &'static str = r#"
/** A band of per-drug price cut, [from, to) in percent; from null = price rises. */
export interface CutBand {
  from: number | null;
  to: number;
  /** Drugs whose every price is known (input or catalog). */
  known: number;
  /** Drugs with at least one estimated price. */
  estimated: number;
  drugs: string[];
}

/** B − A of baseline, VBP, savings (exact) and of the savings rate (a fraction). */
export interface SumsDelta {
  baseline_spend: DecimalString;
  vbp_spend: DecimalString;
  savings: DecimalString;
  savings_rate: DecimalString | null;
}

export interface CompareRow {
  key: string;
  zh: string;
  en: string;
  a: Sums | null;
  b: Sums | null;
  delta: SumsDelta;
}

/** Two estimates side by side. */
export interface Comparison {
  a: Sums;
  b: Sums;
  delta: SumsDelta;
  by_category: CompareRow[];
  /** Estimated lines in A and in B. */
  estimated_lines: [number, number];
}
"#;

/// The results as a CSV file for Excel/WPS: UTF-8 with a byte-order mark, CRLF,
/// one table whose first column is the row's level (total, category, drug, line,
/// rejected); headers in `"zh"` (default) or `"en"`. Amounts are exact decimal
/// strings; text that a spreadsheet would take for a formula is prefixed with `'`.
#[wasm_bindgen(js_name = reportCsv)]
pub fn report_csv(
    #[wasm_bindgen(unchecked_param_type = "EstimateReport")] report: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null")] lang: Option<JsValue>,
) -> Result<Vec<u8>, JsValue> {
    let est = estimate_report(&report)?;
    Ok(export::report_csv(
        &est,
        vbp_savings_interop::lang_arg(lang)?,
    ))
}

/// How many drugs fall in each 10-point band of price cut (and how many got
/// dearer), known and estimated prices apart: the data of the distribution chart.
#[wasm_bindgen(js_name = cutDistribution, unchecked_return_type = "CutBand[]")]
pub fn cut_distribution(
    #[wasm_bindgen(unchecked_param_type = "EstimateReport")] report: JsValue,
) -> Result<JsValue, JsValue> {
    let est = estimate_report(&report)?;
    to_js(&distribution::cut_distribution(&est))
}

/// Compares two estimates (scenario A and B): totals, per-category figures and
/// the exact differences B − A.
#[wasm_bindgen(js_name = compareEstimates, unchecked_return_type = "Comparison")]
pub fn compare_estimates(
    #[wasm_bindgen(unchecked_param_type = "EstimateReport")] a: JsValue,
    #[wasm_bindgen(unchecked_param_type = "EstimateReport")] b: JsValue,
) -> Result<JsValue, JsValue> {
    let (a, b) = (estimate_report(&a)?, estimate_report(&b)?);
    to_js(&compare::compare(&a, &b).map_err(to_js_error)?)
}
