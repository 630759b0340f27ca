//! Agreed volumes and the batch's rules as data.

use vbp_savings::plan::volume;
use vbp_savings_interop::from_js;
use vbp_savings_interop::{to_js, to_js_error};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_VOLUME: &'static str = r#"
/** How an agreed volume is rounded to whole units. "half_up" (default) is inferred from the published worked examples. */
export type VolumeRounding = "half_up" | "down" | "up" | "none";

export interface AgreedVolumeInput {
  /** Generic name: selects the special anti-infective rule and, without demand_base, the catalog's NATIONAL demand base. */
  drug?: string | null;
  /** Reported demand base (首年约定采购量计算基数), smallest units. */
  demand_base?: DecimalString | number | null;
  /** Number of winning companies, a whole number ≥ 1. */
  winners: DecimalString | number;
  /** Overrides the catalog's special anti-infective flag. */
  special_anti_infective?: boolean | null;
  /** Overrides the rule's ratio, a fraction ("0.6" = 60%). */
  ratio?: DecimalString | number | null;
  rounding?: VolumeRounding | null;
  /** Demand bases of parts (institutions, provinces), each rounded separately, then summed. */
  parts?: (DecimalString | number)[] | null;
}

export interface AppliedRounding {
  rule: VolumeRounding;
  /** "inferred" (the default rule, from the worked examples) or "chosen". */
  status: string;
  en: string;
  zh: string;
  evidence_en: string;
  evidence_zh: string;
}

export interface AgreedVolume {
  schema: "vbp-savings/agreed-volume@1";
  drug: string | null;
  catalog_id: string | null;
  demand_base: DecimalString;
  demand_base_basis: string;
  demand_base_basis_zh: string;
  winners: number;
  special_anti_infective: boolean;
  rule_class: string;
  rule_class_zh: string;
  ratio: DecimalString;
  /** "rule" or "input". */
  ratio_basis: string;
  cycle_years: number | null;
  /** demand base × ratio, exact. */
  exact: DecimalString;
  /** The agreed volume, rounded by `rounding`. */
  agreed_volume: DecimalString;
  /** agreed volume − exact. */
  rounding_difference: DecimalString;
  rounding: AppliedRounding;
  parts: { count: number; agreed_volumes: DecimalString[]; max_deviation: DecimalString } | null;
  source: string;
  confidence: Confidence;
  /** The published national agreed volume for this drug and number of winners, where one is known and the base is the national one (not yours); `difference` = published − computed (the national total is a sum of separately rounded parts). */
  published: { agreed_volume: DecimalString; difference: DecimalString; source: string; confidence: Confidence } | null;
  formula: Note;
  assumptions: Note[];
}

export interface VolumeTier { winners_min: number; winners_max: number | null; ratio: DecimalString; cycle_years: number; }
export interface VolumeTierSet { label_en: string; label_zh: string; catalog_flag?: string; tiers: VolumeTier[]; }
export interface SourcedText { en: string; zh: string; source: string; confidence: Confidence; }
export interface GradePresets {
  /** "Shenzhen 2024 draft (that city's draft rule, not a national one)". */
  label_en: string;
  label_zh: string;
  source: string;
  confidence: Confidence;
  grades: { grade: string; score_en: string; ratio: DecimalString }[];
}

/** A batch's rules as data, each with its source and confidence (data/batch7_rules.json). */
export interface BatchRules {
  schema: "vbp-savings/rules@1";
  batch: number;
  document_no: string;
  about: string;
  agreed_volume: {
    basis_en: string;
    basis_zh: string;
    source: string;
    confidence: Confidence;
    note: string;
    /** `note` in Chinese. */
    note_zh?: string;
    general: VolumeTierSet;
    special_anti_infective: VolumeTierSet;
    rounding: { rule: string; status: string; en: string; zh: string; evidence_en: string; evidence_zh: string; part_bound_en: string; part_bound_zh: string };
    worked_examples: { drug: string; drug_zh?: string; drug_en?: string; demand_base: DecimalString; winners: number; published: DecimalString; unit: string; unit_zh?: string; source: string; confidence: Confidence }[];
    cycle_end: { value: string | null; source: string | null; confidence: Confidence; note: string; note_zh?: string };
  };
  retention: {
    policy: SourcedText;
    formula: SourcedText;
    default_ratio: { value: DecimalString; en: string; zh: string };
    grade_presets: GradePresets;
  };
}
"#;

/// Agreed volume (约定采购量) = demand base × the batch-7 ratio for the number of
/// winners (special anti-infectives: their own ratios), rounded half up to whole units
/// (the inferred rule, stated), with the rule's source and every assumption.
#[wasm_bindgen(js_name = agreedVolume, unchecked_return_type = "AgreedVolume")]
pub fn agreed_volume(
    #[wasm_bindgen(unchecked_param_type = "AgreedVolumeInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: volume::AgreedVolumeInput = from_js(input, "the agreed-volume input")?;
    to_js(&volume::batch7_agreed_volume(&input).map_err(to_js_error)?)
}

/// The batch-7 rules as data: agreed-volume tiers, the inferred rounding rule and its
/// evidence, the published worked examples, the retention formula, default and the
/// Shenzhen 2024 draft's grade presets, each with its source and confidence.
#[wasm_bindgen(js_name = batchRules, unchecked_return_type = "BatchRules")]
pub fn batch_rules() -> Result<JsValue, JsValue> {
    to_js(vbp_savings::catalog::rules::batch7_rules().map_err(to_js_error)?)
}
