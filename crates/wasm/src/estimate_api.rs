//! Estimates: from line objects, from CSV bytes; the readable report.

use crate::{estimate_report, invalid, read_catalog_option, read_options, to_js, to_js_error};
use js_sys::{Array, Reflect};
use vbp_savings::catalog;
use vbp_savings::estimate::inputs::LinesEstimate;
use vbp_savings::report::text as report;
use vbp_savings_interop::{bytes_arg, known_keys, lang_arg};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_ESTIMATE: &'static str = r#"
/** One usage line. Quantities and prices: decimal strings (preferred) or numbers. */
export interface LineInput {
  /** Generic name, Chinese or English (药品名称 / 通用名). */
  drug: string;
  /** Units bought; negative for returns (退药). */
  quantity: DecimalString | number;
  /** Pre-VBP unit price (集采前单价), yuan per unit. */
  baseline_unit_price: DecimalString | number;
  /** Winning unit price (中选单价); leave out to take it from the catalog or estimate it. */
  vbp_unit_price?: DecimalString | number | null;
  /** Manufacturer (生产企业): selects that winner's catalog price. */
  manufacturer?: string | null;
  /** Unit of the quantity and prices (粒, 片, 支, 盒 …). */
  unit?: string | null;
  specification?: string | null;
  /** Therapeutic category, for drugs not in the catalog. */
  category?: string | null;
  /** Amount (金额), checked against quantity × baseline price. */
  amount?: DecimalString | number | null;
  /** "药品" (drug, the default) or "耗材" (high-value consumable; unit = piece). */
  kind?: string | null;
  /** The batch (批次: "7", "第七批" …); read by the programme view. */
  batch?: string | number | null;
  /**
   * The line's day or month (日期 / 月份: "2024-08-21", "2024-08"): a catalog award that ended
   * before it does not price it (the report says why).
   */
  date?: string | null;
  /**
   * The line number this line is reported under (in `lines`, `rejected`, `review`,
   * `warnings`) and matched by in `options.overrides`: a positive whole number, e.g. the
   * file line `readLines` gave it. Default: its 1-based index in `lines`.
   */
  line?: number | null;
}

export interface EstimateOptions {
  /** Average cut for estimates instead of the batch's: a fraction ("0.5") or a percentage ("50%"). */
  estimate_cut?: DecimalString | string | null;
  /** Leave the per-line list out (aggregates only). */
  omit_lines?: boolean;
  /**
   * Your decisions on catalog matches: line number → "entry_id#n" (that product, as
   * listed in a review's candidates), "entry_id" (that drug, no product) or "none".
   */
  overrides?: Record<string, string> | null;
  /**
   * The catalog to price against instead of the embedded batch-7 catalog: one built by
   * `resultTableCatalog` (and saved as JSON), or another catalog of the same form. The
   * estimate's batch is the catalog's.
   */
  catalog?: CatalogInput | null;
}

/** How a line was matched to the catalog. */
export type MatchStatus = "matched" | "overridden" | "uncertain" | "unmatched";

/** A catalog product (or drug) a line may be. */
export interface MatchCandidate {
  /** "entry_id#n" for a product, "entry_id" for a drug without products: the override value. */
  product: string;
  entry_id: string;
  drug: string;
  company: string | null;
  pack: string | null;
  /** `pack` in Chinese, where the catalog gives it. */
  pack_zh?: string;
  /** Winning price per smallest unit (exact, or to 10 decimal places). */
  unit_price: DecimalString | null;
  unit: string | null;
}

/** One line of the review table. */
export interface ReviewItem {
  line: number;
  drug: string;
  manufacturer: string | null;
  specification: string | null;
  status: MatchStatus;
  /** The matched product ("entry_id#n") or drug id. */
  product: string | null;
  entry_id: string | null;
  reason: string;
  reason_zh: string;
  candidates: MatchCandidate[];
}

export interface EstimateInput {
  lines: LineInput[];
  options?: EstimateOptions;
}

export type PriceSource = "input" | "catalog" | "estimated";

export interface Sums {
  lines: number;
  baseline_spend: DecimalString;
  vbp_spend: DecimalString;
  savings: DecimalString;
  /** savings ÷ baseline spend, a fraction (0.48 = 48%); null when the baseline is zero. */
  savings_rate: DecimalString | null;
}

export interface PricedLine {
  line: number;
  drug: string;
  catalog_id: string | null;
  kind: ItemKind;
  /** The catalog product the line was matched to ("entry_id#n"). */
  product: string | null;
  match_status: MatchStatus | null;
  category: string;
  manufacturer: string | null;
  unit: string | null;
  quantity: DecimalString;
  baseline_unit_price: DecimalString;
  vbp_unit_price: DecimalString;
  baseline_spend: DecimalString;
  vbp_spend: DecimalString;
  savings: DecimalString;
  savings_rate: DecimalString | null;
  price_source: PriceSource;
  price_basis: string;
  price_basis_zh: string;
}

export interface DrugSummary extends Sums {
  key: string;
  drug: string;
  drug_en: string | null;
  catalog_id: string | null;
  kind: ItemKind;
  category: string;
  quantity: DecimalString;
  estimated_savings: DecimalString;
  price_sources: PriceSource[];
  estimated: boolean;
}

export interface CategorySummary extends Sums {
  key: string;
  zh: string;
  en: string;
  drugs: number;
  estimated_savings: DecimalString;
}

export interface CutSummary {
  drugs: number;
  simple_average: DecimalString | null;
  spend_weighted: DecimalString | null;
}

export interface Problem {
  line: number;
  column: number | null;
  header: string | null;
  field: string | null;
  code: ErrorCode;
  message: string;
  message_zh: string;
  value: string | null;
}

export interface Warning {
  line: number | null;
  drug: string | null;
  code: string;
  message: string;
  message_zh: string;
}

export interface Note { code: string; en: string; zh: string; }

export interface ColumnUse {
  column: number;
  header: string;
  field: string;
  note: string | null;
  note_zh: string | null;
}

export interface InputInfo {
  kind: "csv" | "lines" | "rows" | "xlsx" | "xls" | "xlsb" | "ods" | "result_table";
  /** The sheet read, for a workbook. */
  sheet: string | null;
  encoding: string | null;
  delimiter: string | null;
  header_line: number | null;
  /** 2 when the header takes two rows (a group cell above the column words). */
  header_rows: number;
  columns: ColumnUse[];
  ignored_columns: string[];
  rows: number;
  accepted: number;
  rejected: number;
  blank_lines: number;
  lines_before_header: number;
  /** Rejected rows beyond the first 10,000, counted by code (not listed one by one). */
  rejected_not_listed?: Record<string, number>;
}

/** The estimate: the same document as the CLI's `--json`. */
export interface EstimateReport {
  schema: "vbp-savings/estimate@1";
  batch: number;
  rounding: { rule: string; rule_zh: string; display_dp: number; rate_dp: number };
  totals: Sums;
  by_price_source: { input: Sums; catalog: Sums; estimated: Sums };
  /** The same sums for drugs and for high-value consumables. */
  by_kind: { drug: Sums; consumable: Sums };
  price_cut: {
    headline: DecimalString | null;
    headline_source: string | null;
    all_drugs: CutSummary;
    known_prices_only: CutSummary;
    excluded_drugs: string[];
  };
  by_drug: DrugSummary[];
  by_category: CategorySummary[];
  lines: PricedLine[];
  rejected: Problem[];
  /** Lines whose catalog match is uncertain: not priced from the catalog until you choose. */
  review: ReviewItem[];
  warnings: Warning[];
  formulas: Note[];
  assumptions: Note[];
  input: InputInfo;
}
"#;

/// Estimates savings from usage lines against the batch-7 catalog (or `options.catalog`).
///
/// Returns the same document as `vbp-savings estimate --json`. Lines that can't be
/// used are listed in `rejected` (by their `line`, else their 1-based index); every
/// other line counts.
/// Throws a `VbpError` (`code: "invalid_input"`) only when `input` itself is malformed.
#[wasm_bindgen(js_name = estimate, unchecked_return_type = "EstimateReport")]
pub fn estimate(
    #[wasm_bindgen(unchecked_param_type = "EstimateInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    if !input.is_object() {
        return Err(invalid(
            "estimate() takes an object { lines: [...] }".into(),
            "estimate() 的参数应为 { lines: [...] }".into(),
        ));
    }
    let lines = Reflect::get(&input, &"lines".into()).unwrap_or(JsValue::UNDEFINED);
    if !Array::is_array(&lines) {
        return Err(invalid(
            "input.lines must be an array of line objects".into(),
            "input.lines 必须是数组".into(),
        ));
    }
    known_keys(&input, "estimate() input", &["lines", "options"])?;
    let js_options = Reflect::get(&input, &"options".into()).unwrap_or(JsValue::UNDEFINED);
    let options = read_options(&js_options)?;
    let given = read_catalog_option(&js_options)?;
    let catalog = catalog::given_or_batch7(given.as_ref()).map_err(to_js_error)?;
    // each line validated and added as it is read, its text borrowed from the reader
    let report = vbp_savings_interop::lines::read_line_objects_into(&Array::from(&lines), || {
        LinesEstimate::new(catalog, &options)
    })
    .map_err(to_js_error)?
    .finish();
    to_js(&report)
}

#[wasm_bindgen(typescript_custom_section)]
const TS_ESTIMATE_CSV: &'static str = r#"
/**
 * Estimates savings from the bytes of a CSV file (UTF-8 with or without BOM,
 * UTF-16, or GB18030/GBK; Chinese or English headers).
 *
 * Throws a `VbpError` when the file can't be read at all (`empty_input`,
 * `encoding`, `no_header`, `missing_column`, `duplicate_column`); bad rows are
 * listed in `rejected` with line, column, code and message.
 */
export function estimateCsv(bytes: Uint8Array, options?: EstimateOptions): EstimateReport;
"#;

/// Estimates savings from the bytes of a CSV file (typed in `TS_ESTIMATE_CSV`).
#[wasm_bindgen(js_name = estimateCsv, skip_typescript)]
pub fn estimate_csv(bytes: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    crate::use_host_decoders();
    let bytes = bytes_arg(&bytes, "bytes")?;
    let js_options = options;
    let options = read_options(&js_options)?;
    let given = read_catalog_option(&js_options)?;
    let catalog = catalog::given_or_batch7(given.as_ref()).map_err(to_js_error)?;
    let report = vbp_savings::estimate::inputs::estimate_csv(&bytes, catalog, &options)
        .map_err(to_js_error)?;
    to_js(&report)
}

/// Renders an estimate as a plain-text report (`"zh"`, the default, or `"en"`).
/// Amounts are rounded for display only (2 dp, half away from zero).
#[wasm_bindgen(js_name = formatReport)]
pub fn format_report(
    #[wasm_bindgen(unchecked_param_type = "EstimateReport")] report: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null")] lang: Option<JsValue>,
) -> Result<String, JsValue> {
    let est = estimate_report(&report)?;
    Ok(report::render(&est, lang_arg(lang)?))
}
