//! JavaScript bindings (feature `wasm`). Thin wrappers over the core: they convert
//! values at the boundary and nothing else. Decimals cross as strings; a JS number
//! given for a quantity or price is read once through `Number.prototype.toString`
//! (the shortest text that round-trips, i.e. what a person typed). Errors reach JS
//! as `Error` objects with a stable `code` and a Chinese `messageZh`.

use crate::catalog;
use crate::error::{Error, ErrorCode};
use crate::estimate::{Estimate, Options, Problem};
use crate::import::{self, LineInput};
use crate::report::{self, Lang};
use js_sys::{Array, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** An exact decimal number as a string, e.g. "8100" or "0.999". Never rounded. */
export type DecimalString = string;

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
}

export interface EstimateOptions {
  /** Average cut for estimates instead of the batch's, as a fraction ("0.5" = 50%). */
  estimate_cut?: DecimalString | null;
  /** Leave the per-line list out (aggregates only). */
  omit_lines?: boolean;
}

export interface EstimateInput {
  lines: LineInput[];
  options?: EstimateOptions;
}

export type PriceSource = "input" | "catalog" | "estimated";

export type ErrorCode =
  | "empty_input" | "encoding" | "no_header" | "missing_column" | "duplicate_column"
  | "invalid_input" | "too_large" | "catalog_data" | "missing_drug" | "missing_quantity"
  | "missing_baseline_price" | "bad_number" | "negative_price" | "zero_baseline_price"
  | "precision" | "overflow" | "division_by_zero" | "unterminated_quote" | "summary_row"
  | "not_in_batch";

/** An error thrown by this package. */
export interface VbpError extends Error {
  code: ErrorCode;
  messageZh: string;
}

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
  kind: "csv" | "lines";
  encoding: string | null;
  delimiter: string | null;
  header_line: number | null;
  columns: ColumnUse[];
  ignored_columns: string[];
  rows: number;
  accepted: number;
  rejected: number;
  blank_lines: number;
  lines_before_header: number;
}

/** The estimate: the same document as the CLI's `--json`. */
export interface EstimateReport {
  schema: "vbp-savings/estimate@1";
  batch: number;
  rounding: { rule: string; rule_zh: string; display_dp: number; rate_dp: number };
  totals: Sums;
  by_price_source: { input: Sums; catalog: Sums; estimated: Sums };
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
  warnings: Warning[];
  formulas: Note[];
  assumptions: Note[];
  input: InputInfo;
}

export type Confidence = "H" | "M" | "L" | "unknown";

/** A fact with its source; value null means unknown. */
export interface Fact<T> {
  value: T | null;
  source: string | null;
  confidence: Confidence;
  note?: string;
}

export interface CatalogProduct {
  company: string;
  company_aliases: string[];
  pack: string;
  pack_price: DecimalString;
  units_per_pack: DecimalString;
  unit: string;
  source: string;
  confidence: Confidence;
  note?: string;
}

export interface CatalogEntry {
  id: string;
  kind: "drug" | "consumable";
  batch: number;
  generic_name_zh: string;
  generic_name_en: string;
  aliases: string[];
  dosage_form: string | null;
  specification: string | null;
  unit: string | null;
  category: { key: string | null; zh: string | null; en: string | null; indication: string; note?: string };
  status: "winning" | "proposed_winner" | "in_bid_list" | "withdrawn" | "application_stage";
  special_anti_infective: boolean;
  ceiling_price: Fact<DecimalString> | null;
  reference_price: Fact<DecimalString> | null;
  average_price_cut: Fact<DecimalString> | null;
  products: CatalogProduct[];
  winners: { company: string; source: string; confidence: Confidence; note?: string }[];
  demand_base: Fact<DecimalString> | null;
  sources: string[];
  confidence: Confidence;
  notes: string | null;
}

export interface BatchFacts {
  batch: number;
  name_zh: string;
  name_en: string;
  document_no: Fact<string>;
  bid_opening: Fact<string>;
  result_notice: Fact<string>;
  implementation: Fact<string>;
  drug_count: Fact<number>;
  bid_list_count: Fact<number>;
  category_count: Fact<number>;
  average_price_cut: Fact<DecimalString>;
  product_count: Fact<number>;
  companies_bid: Fact<number>;
  companies_won: Fact<number>;
  foreign_winners: Fact<number>;
  expected_yearly_savings: Fact<DecimalString>;
  cumulative_drugs: Fact<number>;
  supply_model: Fact<string>;
  conflicting_figures: Fact<string>[];
  regional: { region: string; fact: string; value: string | null; source: string; confidence: Confidence }[];
}

export interface Coverage {
  entries: number;
  winning: number;
  proposed_winner: number;
  in_bid_list: number;
  withdrawn: number;
  application_stage: number;
  with_unit_price: number;
  drug_count: number | null;
  confirmed_winning_named: number;
}

export interface Catalog {
  schema: "vbp-savings/catalog@1";
  about: string;
  batch: BatchFacts;
  entries: CatalogEntry[];
  coverage: Coverage;
}
"#;

fn to_js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(&format!("{}: {}", e.code, e.message));
    let _ = Reflect::set(&err, &"code".into(), &e.code.as_str().into());
    let _ = Reflect::set(&err, &"messageZh".into(), &e.message_zh.into());
    err.into()
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| to_js_error(Error::new(ErrorCode::InvalidInput, format!("could not build the result: {e}"), "无法生成结果")))
}

fn invalid(en: String, zh: String) -> JsValue {
    to_js_error(Error::new(ErrorCode::InvalidInput, en, zh))
}

/// Reads one cell: string as is, number through `Number.prototype.toString`,
/// null/undefined as absent. Anything else is a row problem.
fn cell(obj: &JsValue, field: &'static str) -> Result<Option<String>, &'static str> {
    let v = Reflect::get(obj, &field.into()).unwrap_or(JsValue::UNDEFINED);
    if v.is_null() || v.is_undefined() {
        Ok(None)
    } else if let Some(s) = v.as_string() {
        Ok(Some(s))
    } else if v.as_f64().is_some() {
        // The JS text of the number: no float arithmetic happens here.
        Ok(js_sys::Number::from(v).to_string_with_radix(10).ok().and_then(|s| s.as_string()))
    } else if v.is_bigint() {
        Ok(js_sys::BigInt::from(v).to_string(10).ok().and_then(|s| s.as_string()))
    } else {
        Err(field)
    }
}

fn read_options(value: &JsValue) -> Result<Options, JsValue> {
    if value.is_null() || value.is_undefined() {
        return Ok(Options::default());
    }
    if !value.is_object() {
        return Err(invalid("options must be an object".into(), "options 必须是对象".into()));
    }
    let estimate_cut = match cell(value, "estimate_cut") {
        Ok(Some(s)) => Some(
            crate::number::parse_decimal(&s)
                .map_err(to_js_error)?
                .ok_or_else(|| invalid("estimate_cut is empty".into(), "estimate_cut 为空".into()))?,
        ),
        Ok(None) => None,
        Err(_) => return Err(invalid("estimate_cut must be a decimal string".into(), "estimate_cut 必须是小数字符串".into())),
    };
    let omit_lines = Reflect::get(value, &"omit_lines".into()).ok().and_then(|v| v.as_bool()).unwrap_or(false);
    let options = Options { estimate_cut, omit_lines };
    options.validate().map_err(to_js_error)?;
    Ok(options)
}

const FIELDS: [&str; 9] = [
    "drug",
    "quantity",
    "baseline_unit_price",
    "vbp_unit_price",
    "manufacturer",
    "unit",
    "specification",
    "category",
    "amount",
];

fn read_line(obj: &JsValue, n: u64) -> Result<LineInput, Vec<Problem>> {
    if !obj.is_object() || Array::is_array(obj) {
        return Err(vec![Problem::new(
            n,
            None,
            None,
            Error::new(ErrorCode::InvalidInput, "this line is not an object", "该行不是对象"),
        )]);
    }
    let mut cells: [Option<String>; 9] = Default::default();
    let mut problems = Vec::new();
    for (i, f) in FIELDS.iter().enumerate() {
        match cell(obj, f) {
            Ok(v) => cells[i] = v,
            Err(field) => problems.push(Problem::new(
                n,
                Some(field),
                None,
                Error::new(
                    ErrorCode::InvalidInput,
                    format!("{field} must be a string or a number"),
                    format!("{field} 必须是字符串或数字"),
                ),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let [drug, quantity, baseline_unit_price, vbp_unit_price, manufacturer, unit, specification, category, amount] = cells;
    Ok(LineInput { drug, quantity, baseline_unit_price, vbp_unit_price, manufacturer, unit, specification, category, amount })
}

/// Estimates savings from usage lines against the batch-7 catalog.
///
/// Returns the same document as `vbp-savings estimate --json`. Lines that can't be
/// used are listed in `rejected` (by 1-based index); every other line counts.
/// Throws a `VbpError` (`code: "invalid_input"`) only when `input` itself is malformed.
#[wasm_bindgen(js_name = estimate, unchecked_return_type = "EstimateReport")]
pub fn estimate(#[wasm_bindgen(unchecked_param_type = "EstimateInput")] input: JsValue) -> Result<JsValue, JsValue> {
    if !input.is_object() {
        return Err(invalid("estimate() takes an object { lines: [...] }".into(), "estimate() 的参数应为 { lines: [...] }".into()));
    }
    let lines = Reflect::get(&input, &"lines".into()).unwrap_or(JsValue::UNDEFINED);
    if !Array::is_array(&lines) {
        return Err(invalid("input.lines must be an array of line objects".into(), "input.lines 必须是数组".into()));
    }
    let options = read_options(&Reflect::get(&input, &"options".into()).unwrap_or(JsValue::UNDEFINED))?;
    let lines = Array::from(&lines);
    let inputs = lines.iter().enumerate().map(|(i, v)| read_line(&v, i as u64 + 1));
    let catalog = catalog::batch7().map_err(to_js_error)?;
    let report = import::estimate_line_results(inputs, catalog, &options).map_err(to_js_error)?;
    to_js(&report)
}

/// Estimates savings from the bytes of a CSV file (UTF-8 with or without BOM,
/// UTF-16, or GB18030/GBK; Chinese or English headers).
///
/// Throws a `VbpError` when the file can't be read at all (`empty_input`,
/// `encoding`, `no_header`, `missing_column`, `duplicate_column`); bad rows are
/// listed in `rejected` with line, column, code and message.
#[wasm_bindgen(js_name = estimateCsv, unchecked_return_type = "EstimateReport")]
pub fn estimate_csv(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "EstimateOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options = read_options(&options)?;
    let report = crate::estimate_csv(bytes, &options).map_err(to_js_error)?;
    to_js(&report)
}

/// The embedded batch-7 catalog: headline facts and the publicly named drugs,
/// each fact with its source and confidence, plus how much of the batch it covers.
#[wasm_bindgen(js_name = catalog, unchecked_return_type = "Catalog")]
pub fn catalog_js() -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct WithCoverage<'a> {
        #[serde(flatten)]
        catalog: &'a catalog::Catalog,
        coverage: catalog::Coverage,
    }
    let c = catalog::batch7().map_err(to_js_error)?;
    to_js(&WithCoverage { catalog: c, coverage: c.coverage() })
}

/// Renders an estimate as a plain-text report (`"zh"`, the default, or `"en"`).
/// Amounts are rounded for display only (2 dp, half away from zero).
#[wasm_bindgen(js_name = formatReport)]
pub fn format_report(
    #[wasm_bindgen(unchecked_param_type = "EstimateReport")] report: JsValue,
    lang: Option<String>,
) -> Result<String, JsValue> {
    let json = js_sys::JSON::stringify(&report)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| invalid("the report is not a JSON value".into(), "报告不是 JSON 值".into()))?;
    let est: Estimate = serde_json::from_str(&json)
        .map_err(|e| invalid(format!("not an estimate report: {e}"), format!("不是测算报告：{e}")))?;
    Ok(report::render(&est, Lang::parse(lang.as_deref().unwrap_or("zh"))))
}

/// Formats a fraction as a percentage for display, 2 decimals half away from
/// zero (`"0.845116"` → `"84.51%"`); `null`/empty gives `"—"`.
#[wasm_bindgen(js_name = formatPercent)]
pub fn format_percent(rate: Option<String>) -> Result<String, JsValue> {
    let d = match rate.as_deref() {
        Some(s) => crate::number::parse_decimal(s).map_err(to_js_error)?,
        None => None,
    };
    Ok(report::format_percent(d))
}

/// Every stable error code.
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "ErrorCode[]")]
pub fn error_codes() -> JsValue {
    ErrorCode::ALL.iter().map(|c| JsValue::from_str(c.as_str())).collect::<Array>().into()
}

/// The package version.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Rounds an exact decimal string for display: 2 decimal places, half away from
/// zero (四舍五入), e.g. `"2.345"` → `"2.35"`. The one rounding rule, shared with the page.
#[wasm_bindgen(js_name = roundDisplay)]
pub fn round_display(value: &str) -> Result<String, JsValue> {
    let d = crate::number::parse_decimal(value)
        .map_err(to_js_error)?
        .ok_or_else(|| invalid("empty value".into(), "值为空".into()))?;
    Ok(format!("{:.2}", crate::money::round_display(d)))
}
