//! Retained fund savings (结余留用).

use vbp_savings::plan::retention;
use vbp_savings_interop::from_js;
use vbp_savings_interop::{to_js, to_js_error};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_RETENTION: &'static str = r#"
/**
 * One drug. The actual fund spend is, in order: actual_fund_spend; actual_spend × fund
 * payment ratio × insured share; or min(actual_volume, agreed_volume) × vbp_unit_price × the same.
 */
export interface RetentionDrugInput {
  drug?: string | null;
  agreed_volume: DecimalString | number;
  /** Pre-VBP weighted average unit price of the generic (集采前通用名加权平均价). */
  pre_vbp_unit_price: DecimalString | number;
  actual_fund_spend?: DecimalString | number | null;
  actual_spend?: DecimalString | number | null;
  actual_volume?: DecimalString | number | null;
  vbp_unit_price?: DecimalString | number | null;
  fund_payment_ratio?: DecimalString | number | null;
  insured_share?: DecimalString | number | null;
}

export interface RetentionInput {
  drugs: RetentionDrugInput[];
  /** Share of the cost the fund pays (医保基金实际支付比例); no default. */
  fund_payment_ratio?: DecimalString | number | null;
  /** Share of use by insured patients (参保人员占比); no default. */
  insured_share?: DecimalString | number | null;
  /** Default 0.5: an editable assumption. */
  retention_ratio?: DecimalString | number | null;
  /** Or a grade of the Shenzhen 2024 draft: "A" 50%, "B" 40%, "C" 30%, "D" 0%. */
  grade?: string | null;
}

export interface ShownInput {
  field: string;
  value: DecimalString | null;
  basis_en: string;
  basis_zh: string;
}

export interface RetentionDrug {
  line: number;
  drug: string | null;
  agreed_volume: DecimalString;
  pre_vbp_unit_price: DecimalString;
  fund_payment_ratio: DecimalString;
  insured_share: DecimalString;
  budget: DecimalString;
  counted_volume: DecimalString | null;
  actual_fund_spend: DecimalString;
  actual_fund_spend_basis_en: string;
  actual_fund_spend_basis_zh: string;
  balance: DecimalString;
  /** Every input, with where it came from. */
  inputs: ShownInput[];
}

/** The `retained` section of `estimate --json` with a configuration. */
export interface RetentionReport {
  schema: "vbp-savings/retained@1";
  drugs: RetentionDrug[];
  totals: { drugs: number; budget: DecimalString; actual_fund_spend: DecimalString; balance: DecimalString };
  retention_ratio: {
    value: DecimalString;
    /** "input", "grade" (a Shenzhen 2024 draft preset) or "default" (an editable assumption). */
    basis: "input" | "grade" | "default";
    grade: string | null;
    en: string;
    zh: string;
    source: string | null;
    confidence: Confidence | null;
  };
  /** max(Σ balance, 0) × retention ratio. */
  retained: DecimalString;
  presets: GradePresets;
  policy: SourcedText;
  formula: SourcedText;
  rejected: Problem[];
  warnings: Warning[];
  formulas: Note[];
  assumptions: Note[];
}
"#;

/// Retained fund savings (结余留用): budget, balance and the retained amount, every
/// input echoed with its basis; retention ratio by input, Shenzhen 2024 draft grade
/// preset, or the editable 50% default.
#[wasm_bindgen(js_name = retained, unchecked_return_type = "RetentionReport")]
pub fn retained(
    #[wasm_bindgen(unchecked_param_type = "RetentionInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: retention::RetentionInput = from_js(input, "the retention input")?;
    to_js(&retention::batch7_retained(&input).map_err(to_js_error)?)
}
