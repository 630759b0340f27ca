//! The programme view (several batches and consumables) and the batches data.

use js_sys::{Array, Reflect};
use vbp_savings::catalog::batches;
use vbp_savings::catalog::Catalog;
use vbp_savings::estimate::programme::{estimate_programme, ProgrammeInput};
use vbp_savings::values::item::ItemKind;
use vbp_savings_interop::{
    from_js_json, invalid, read_options, read_overrides, read_rows, to_js, to_js_error,
};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_PROGRAMME: &'static str = r#"
/** One input of a programme: a sheet's rows or a CSV file's bytes. */
export interface ProgrammePartInput {
  /** What the input is (a file name), named in its problems. */
  source: string;
  /** The rows (from `readWorkbook` or `readCsv`) … */
  rows?: CellValue[][];
  /** … or the bytes of a CSV file. */
  csv?: Uint8Array;
  /** The batch of every line whose own 批次 cell is empty. */
  batch?: number | null;
  /** "consumable" when every line is a high-value consumable. */
  kind?: ItemKind | null;
  /** The sheet the rows come from (named in the report). */
  sheet?: string | null;
  /** Match overrides for this input's lines (line → "entry_id#n" | "entry_id" | "none"). */
  overrides?: Record<string, string> | null;
}

export interface ProgrammeInputs {
  parts: ProgrammePartInput[];
  /** Catalogs you bring, each used for the batch it names (a consumables catalog for the consumables). */
  catalogs?: CatalogInput[];
  options?: { estimate_cut?: DecimalString | null; omit_lines?: boolean };
}

export interface BatchRecord {
  batch: number;
  /** "pilot" / "expansion" for batch 1's two stages. */
  stage: string | null;
  name_zh: string;
  name_en: string;
  date: Fact<string>;
  implementation: Fact<string>;
  drug_count: Fact<number>;
  product_count: Fact<number>;
  companies_won: Fact<number>;
  companies_bid: Fact<number>;
  /** Fraction (0.48 = 48%); null where not found (batch 10). */
  average_price_cut: Fact<DecimalString>;
  /** Yuan per year. */
  expected_yearly_savings: Fact<DecimalString>;
  notes: string[];
  /** `notes` in Chinese, one for each English note (absent where none is given). */
  notes_zh?: string[];
}

export interface BatchesData {
  schema: "vbp-savings/batches@1";
  about: string;
  batches: BatchRecord[];
  cumulative: Fact<string>[];
}

export interface ProgrammePart {
  /** "batch:7" | "consumables" */
  key: string;
  batch: number | null;
  kind: ItemKind;
  label_zh: string;
  label_en: string;
  /** The batch's headline facts with their sources. */
  facts: BatchRecord[];
  /** Which catalog priced it. */
  catalog: "yours" | "embedded" | "facts_only";
  totals: Sums;
  by_price_source: { input: Sums; catalog: Sums; estimated: Sums };
  estimates: { source: string; estimate: EstimateReport }[];
}

export interface CumulativeStep {
  key: string;
  label_zh: string;
  label_en: string;
  savings: DecimalString;
  cumulative_savings: DecimalString;
  cumulative_baseline_spend: DecimalString;
  cumulative_vbp_spend: DecimalString;
  cumulative_savings_rate: DecimalString | null;
}

export interface ProgrammeReport {
  schema: "vbp-savings/programme@1";
  rounding: { rule: string; rule_zh: string; display_dp: number; rate_dp: number };
  totals: Sums;
  by_kind: { drug: Sums; consumable: Sums };
  by_price_source: { input: Sums; catalog: Sums; estimated: Sums };
  parts: ProgrammePart[];
  /** Savings after each part, in batch order, consumables last. */
  cumulative: CumulativeStep[];
  rejected: (Problem & { source: string })[];
  /** Every part's warnings (units to check, uncertain matches, …) and match decisions for lines in no part, each with its input. */
  warnings: (Warning & { source: string })[];
  /** How each input was read; `assumed_batch`: the batch a file with no 批次 column, given no batch, was counted in (the one batch whose catalog names its drugs; said in a `batch_assumed` warning). */
  inputs: { source: string; input: InputInfo; assumed_batch?: number }[];
  /** Sourced figures to compare with (Harbin's cumulative savings, national totals). */
  context: { scope: string; fact: string; fact_zh?: string; value: string | null; source: string; confidence: Confidence }[];
  formulas: Note[];
  assumptions: Note[];
}

/**
 * Savings per batch and cumulative, exact, across several batches and high-value
 * consumables: a line's batch is its 批次 cell or its input's `batch`; each batch is
 * priced against its own catalog (yours, batch 7's embedded one, or the batch's headline
 * facts only).
 */
export function programme(input: ProgrammeInputs): ProgrammeReport;

/** The national batches 1-11: headline figures, each with its source and confidence. */
export function batches(): BatchesData;

/** Renders a programme report as plain text ("zh", the default, or "en"); amounts rounded for display only. */
export function formatProgramme(report: ProgrammeReport, lang?: "zh" | "en"): string;
"#;

/// Estimates a programme (typed in `TS_PROGRAMME`).
#[wasm_bindgen(js_name = programme, skip_typescript)]
pub fn programme(input: JsValue) -> Result<JsValue, JsValue> {
    vbp_savings_interop::use_host_decoders(); // a part may be a GBK CSV file
    if !input.is_object() {
        return Err(invalid(
            "programme() takes an object { parts: [...] }".into(),
            "programme() 的参数应为 { parts: [...] }".into(),
        ));
    }
    let get = |o: &JsValue, k: &str| Reflect::get(o, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let parts = get(&input, "parts");
    if !Array::is_array(&parts) {
        return Err(invalid(
            "input.parts must be an array".into(),
            "input.parts 必须是数组".into(),
        ));
    }
    let mut inputs = Vec::new();
    for (i, part) in Array::from(&parts).iter().enumerate() {
        if !part.is_object() {
            return Err(invalid(
                format!("part {} is not an object", i + 1),
                format!("第{}部分不是对象", i + 1),
            ));
        }
        let source = get(&part, "source")
            .as_string()
            .unwrap_or_else(|| format!("part {}", i + 1));
        let csv = get(&part, "csv");
        let mut p = if csv.is_instance_of::<js_sys::Uint8Array>() {
            ProgrammeInput::from_csv(source.clone(), &js_sys::Uint8Array::from(csv).to_vec())
                .map_err(|e| {
                    to_js_error(vbp_savings::Error {
                        message: format!("{source}: {}", e.message),
                        ..e
                    })
                })?
        } else {
            ProgrammeInput::from_rows(source, read_rows(&get(&part, "rows"))?)
        };
        let batch = get(&part, "batch");
        if !batch.is_null() && !batch.is_undefined() {
            let text = vbp_savings_interop::cell_value(&batch)
                .ok()
                .flatten()
                .unwrap_or_default();
            p.batch = Some(batches::batch_number(&text).map_err(to_js_error)?);
        }
        if let Some(k) = get(&part, "kind").as_string() {
            p.kind = Some(ItemKind::parse(&k).ok_or_else(|| {
                invalid(
                    format!("kind '{k}' is neither drug nor consumable"),
                    format!("kind“{k}”既不是药品也不是耗材"),
                )
            })?);
        }
        if let Some(sheet) = get(&part, "sheet").as_string() {
            p.sheet = Some(sheet);
            p.kind_of_input = "xlsx".into();
        }
        p.overrides = read_overrides(&get(&part, "overrides"))?;
        inputs.push(p);
    }
    let catalogs_js = get(&input, "catalogs");
    let catalogs: Vec<Catalog> = if catalogs_js.is_null() || catalogs_js.is_undefined() {
        vec![]
    } else {
        from_js_json(&catalogs_js, "catalogs")?
    };
    let options = read_options(&get(&input, "options"))?;
    let report = estimate_programme(inputs, &catalogs, &options).map_err(to_js_error)?;
    to_js(&report)
}

/// The batches data (typed in `TS_PROGRAMME`).
#[wasm_bindgen(js_name = batches, skip_typescript)]
pub fn batches_js() -> Result<JsValue, JsValue> {
    to_js(batches::batches().map_err(to_js_error)?)
}

/// Renders a programme report as text (typed in `TS_PROGRAMME`).
#[wasm_bindgen(js_name = formatProgramme, skip_typescript)]
pub fn format_programme(report: JsValue, lang: Option<JsValue>) -> Result<String, JsValue> {
    let p: vbp_savings::estimate::programme::Programme = from_js_json(&report, "programme report")?;
    Ok(vbp_savings::report::text::render_programme(
        &p,
        vbp_savings_interop::lang_arg(lang)?,
    ))
}
