//! 一省双供 disruption scenarios.

use vbp_savings::plan::supply;
use vbp_savings_interop::from_js;
use vbp_savings_interop::{to_js, to_js_error};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_SUPPLY: &'static str = r#"
export interface SupplierInput {
  name?: string | null;
  /** The unit price at which it supplies. */
  unit_price?: DecimalString | number | null;
}

export interface SupplyLineInput {
  drug: string;
  /** Units over the period; negative = returns. */
  volume: DecimalString | number;
  /** Pre-VBP unit price: the savings baseline and the default fallback price. */
  baseline_unit_price: DecimalString | number;
  /** Unit (片, 粒, 支 …): a catalog price per another unit is not used. */
  unit?: string | null;
  /** Primary supplier (主供); price default: its catalog winning price, else the drug's catalog price. */
  primary?: SupplierInput | null;
  /** Backup supplier (备供); price default: its own catalog winning price, else the primary's. */
  backup?: SupplierInput | null;
  /** Price paid when neither supplies; default: the baseline price. */
  fallback_unit_price?: DecimalString | number | null;
}

/** Suppliers of one drug, applied to its lines that don't say otherwise. */
export interface SupplierConfig {
  drug: string;
  primary?: SupplierInput | null;
  backup?: SupplierInput | null;
  fallback_unit_price?: DecimalString | number | null;
}

export interface ScenarioInput {
  id?: string | null;
  name?: string | null;
  /** Drug names it hits; absent = every drug. */
  drugs?: string[] | null;
  /** Share of the volume the primary fails to supply, a fraction. */
  primary_failure_share?: DecimalString | number | null;
  /** Or months of the cycle the primary fails to supply … */
  primary_failure_months?: DecimalString | number | null;
  /** … out of this many (default 12). */
  cycle_months?: DecimalString | number | null;
  /** Share of the DISRUPTED volume the backup cannot supply either (default 0). */
  backup_failure_share?: DecimalString | number | null;
  /** Probability of this scenario, for expected savings. */
  probability?: DecimalString | number | null;
}

export interface SupplyInput {
  lines: SupplyLineInput[];
  suppliers?: SupplierConfig[];
  scenarios?: ScenarioInput[];
}

export type SupplyPriceBasis = "input" | "config" | "catalog" | "estimate" | "primary_price" | "baseline";

export interface ResolvedPrice {
  unit_price: DecimalString;
  basis: SupplyPriceBasis;
  basis_en: string;
  basis_zh: string;
}

export interface SupplyLine {
  line: number;
  key: string;
  drug: string;
  catalog_id: string | null;
  volume: DecimalString;
  baseline_unit_price: DecimalString;
  primary_name: string | null;
  primary: ResolvedPrice;
  backup_name: string | null;
  backup: ResolvedPrice;
  fallback: ResolvedPrice;
}

export interface SupplyFigures {
  lines: number;
  volume: DecimalString;
  baseline_spend: DecimalString;
  spend: DecimalString;
  savings: DecimalString;
  /** Savings without disruption − savings here. */
  savings_at_risk: DecimalString;
  primary_volume: DecimalString;
  backup_volume: DecimalString;
  fallback_volume: DecimalString;
}

export interface SupplyDrugFigures extends SupplyFigures {
  key: string;
  drug: string;
  /** True when the scenario hits this drug. */
  affected: boolean;
}

export interface ScenarioResult {
  id: string;
  name: string;
  probability: DecimalString | null;
  drugs: string[] | null;
  primary_failure_share: DecimalString;
  backup_failure_share: DecimalString;
  share_basis_en: string;
  share_basis_zh: string;
  totals: SupplyFigures;
  by_drug: SupplyDrugFigures[];
}

/** The scenarios report: the `scenarios` section of `estimate --json` with a configuration. */
export interface ScenarioReport {
  schema: "vbp-savings/scenarios@1";
  lines: SupplyLine[];
  no_disruption: SupplyFigures;
  by_drug: SupplyDrugFigures[];
  scenarios: ScenarioResult[];
  expected: {
    probability_of_scenarios: DecimalString;
    probability_no_disruption: DecimalString;
    savings: DecimalString;
    savings_at_risk: DecimalString;
    scenarios_without_probability: string[];
  } | null;
  rejected: Problem[];
  warnings: Warning[];
  formulas: Note[];
  assumptions: Note[];
}
"#;

/// Supply-disruption scenarios (一省双供): savings per scenario, savings at risk and
/// expected savings, every backup and fallback price with its basis. Bad lines are
/// listed in `rejected` (1-based index); a bad scenario throws (`out_of_range`, …).
#[wasm_bindgen(js_name = scenarios, unchecked_return_type = "ScenarioReport")]
pub fn scenarios(
    #[wasm_bindgen(unchecked_param_type = "SupplyInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: supply::SupplyInput = from_js(input, "the scenarios input")?;
    to_js(&supply::batch7_scenarios(&input).map_err(to_js_error)?)
}
