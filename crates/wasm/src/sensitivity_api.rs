//! One-way sensitivity: the data of a tornado chart.

use vbp_savings::plan::sensitivity;
use vbp_savings_interop::from_js;
use vbp_savings_interop::{to_js, to_js_error};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_SENSITIVITY: &'static str = r#"
export interface SensitivityLineInput {
  drug?: string | null;
  volume: DecimalString | number;
  baseline_unit_price: DecimalString | number;
  vbp_unit_price: DecimalString | number;
  /** Default: follows the primary (VBP) price. */
  backup_unit_price?: DecimalString | number | null;
  /** Default: the baseline price. */
  fallback_unit_price?: DecimalString | number | null;
  /** Default: the volume. */
  agreed_volume?: DecimalString | number | null;
  /** Default: the baseline price. */
  pre_vbp_unit_price?: DecimalString | number | null;
}

export interface SensitivityRange { low?: DecimalString | number | null; high?: DecimalString | number | null; }

export type SensitivityParameter = "price_cut" | "volume" | "disruption_share" | "retention_ratio";
export type SensitivityMetric = "savings" | "retained";

export interface SensitivityInput {
  lines: SensitivityLineInput[];
  /** Base disruption share (default 0). */
  primary_failure_share?: DecimalString | number | null;
  backup_failure_share?: DecimalString | number | null;
  fund_payment_ratio?: DecimalString | number | null;
  insured_share?: DecimalString | number | null;
  /** Base retention ratio (default 0.5). */
  retention_ratio?: DecimalString | number | null;
  /**
   * Defaults: price_cut shift −0.1…0.1; volume factor 0.8…1.2; disruption share
   * 0…base + 0.25; retention ratio 0…0.5.
   */
  ranges?: Partial<Record<SensitivityParameter, SensitivityRange>> | null;
  /** What the bars measure (default "savings"); "retained" needs fund_payment_ratio and insured_share. */
  metric?: SensitivityMetric | null;
}

export interface SensitivityOutcome { savings: DecimalString; retained: DecimalString | null; }

/** One tornado bar: everything a chart needs. */
export interface TornadoBar {
  parameter: SensitivityParameter;
  label_en: string;
  label_zh: string;
  /** "shift" (added to each line's cut), "factor" (× volume) or "value". */
  kind: "shift" | "factor" | "value";
  base_value: DecimalString;
  low_value: DecimalString;
  high_value: DecimalString;
  range_basis: "input" | "default";
  base_result: DecimalString;
  low_result: DecimalString;
  high_result: DecimalString;
  swing: DecimalString;
  low: SensitivityOutcome;
  high: SensitivityOutcome;
}

export interface SensitivityReport {
  schema: "vbp-savings/sensitivity@1";
  metric: SensitivityMetric;
  base: SensitivityOutcome;
  /** Sorted by swing, widest first. */
  bars: TornadoBar[];
  rejected: Problem[];
  warnings: Warning[];
  formulas: Note[];
  assumptions: Note[];
}
"#;

/// One-way sensitivity of savings and retained savings over price cut, volume,
/// disruption share and retention ratio: for each, low/high values and results and
/// the base result, sorted by swing (a tornado chart's data).
#[wasm_bindgen(js_name = sensitivity, unchecked_return_type = "SensitivityReport")]
pub fn sensitivity_js(
    #[wasm_bindgen(unchecked_param_type = "SensitivityInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: sensitivity::SensitivityInput = from_js(input, "the sensitivity input")?;
    to_js(&sensitivity::sensitivity(&input).map_err(to_js_error)?)
}
