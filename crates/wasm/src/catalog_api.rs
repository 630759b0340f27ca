//! The catalog: batch facts and named drugs with their sources.

use crate::{to_js, to_js_error};
use serde::Serialize;
use vbp_savings::catalog;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CATALOG: &'static str = r#"
export type Confidence = "H" | "M" | "L" | "unknown";

/** A fact with its source; value null means unknown. */
export interface Fact<T> {
  value: T | null;
  source: string | null;
  confidence: Confidence;
  note?: string;
  /** `note` in Chinese. Every English text field of the catalog may have a `_zh` sibling: a translation, never a new fact. */
  note_zh?: string;
  /** A text value (a `Fact<string>` in English prose) in Chinese. */
  value_zh?: string;
}

export interface CatalogProduct {
  company: string;
  company_aliases: string[];
  pack: string;
  /** `pack` as written in Chinese ("75mg×10粒/盒"); `pack` (English) is the one the engine parses. */
  pack_zh?: string;
  pack_price: DecimalString;
  units_per_pack: DecimalString;
  unit: string;
  source: string;
  confidence: Confidence;
  note?: string;
  note_zh?: string;
  /** Provinces supplied first (主供), where a result table says. */
  primary_provinces?: string[];
  /** Provinces supplied as backup (备供), where a result table says. */
  backup_provinces?: string[];
  /** When this award ended, where a source says: a line dated after it is not priced at it. */
  award_ended?: AwardEnd;
}

/** The end of an award (中选资格取消 …): the day (null where the source gives none) and its source. */
export interface AwardEnd {
  date: string | null;
  source: string;
  confidence: Confidence;
  note?: string;
  note_zh?: string;
}

export interface CatalogEntry {
  id: string;
  kind: "drug" | "consumable";
  batch: number;
  generic_name_zh: string;
  generic_name_en: string;
  /** Toneless pinyin of generic_name_zh, one syllable per Chinese character, space-separated. */
  pinyin: string;
  aliases: string[];
  dosage_form: string | null;
  dosage_form_zh?: string;
  specification: string | null;
  unit: string | null;
  category: { key: string | null; zh: string | null; en: string | null; indication: string; indication_zh?: string; note?: string; note_zh?: string };
  status: "winning" | "proposed_winner" | "in_bid_list" | "withdrawn" | "application_stage";
  special_anti_infective: boolean;
  ceiling_price: Fact<DecimalString> | null;
  reference_price: Fact<DecimalString> | null;
  average_price_cut: Fact<DecimalString> | null;
  products: CatalogProduct[];
  /** `company_zh` only where `company` is a description ("10 winners incl. …"), never a translated name. */
  winners: { company: string; company_zh?: string; source: string; confidence: Confidence; note?: string; note_zh?: string; award_ended?: AwardEnd }[];
  demand_base: Fact<DecimalString> | null;
  sources: string[];
  confidence: Confidence;
  notes: string | null;
  notes_zh?: string;
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
  regional: { region: string; fact: string; fact_zh?: string; value: string | null; source: string; confidence: Confidence }[];
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

/** A catalog given back to the engine: the embedded one, or one built by `resultTableCatalog` and saved. */
export interface CatalogInput {
  schema: "vbp-savings/catalog@1";
  about: string;
  batch: BatchFacts;
  entries: CatalogEntry[];
  coverage?: Coverage;
}
"#;

/// The embedded batch-7 catalog's headline facts alone (`Catalog.batch`: the batch, its
/// dates, drug and category counts, the average price cut, …, each with its source and
/// confidence), without the drugs: what a page shows before a file is read, at a fraction of
/// `catalog()`'s cost.
#[wasm_bindgen(js_name = batchFacts, unchecked_return_type = "BatchFacts")]
pub fn batch_facts_js() -> Result<JsValue, JsValue> {
    let c = catalog::batch7().map_err(to_js_error)?;
    to_js(&c.batch)
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
    to_js(&WithCoverage {
        catalog: c,
        coverage: c.coverage(),
    })
}
