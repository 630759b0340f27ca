//! Catalog search by Chinese name, English name, pinyin initials or full pinyin.

use crate::{to_js, to_js_error};
use vbp_savings::catalog::{self, search};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_SEARCH: &'static str = r#"
/** How a catalog entry matched a search, best first. */
export type MatchKind = "all" | "exact" | "name" | "pinyin" | "initials" | "fuzzy_initials";

/** One search result. */
export interface SearchHit {
  id: string;
  generic_name_zh: string;
  generic_name_en: string;
  matched: MatchKind;
  /** The name, alias, pinyin or initials the query was found in. */
  matched_text: string;
}
"#;

/// Searches the batch-7 catalog by Chinese name, English name or alias, pinyin
/// initials (`"lftn"` → 甲磺酸仑伐替尼胶囊) or full pinyin (`"lunfatini"`). When
/// nothing matches exactly, a query of 4 or more letters may be one edit away
/// from the initials (`"lfttn"`). Best matches first; an empty query lists all.
#[wasm_bindgen(js_name = searchCatalog, unchecked_return_type = "SearchHit[]")]
pub fn search_catalog(
    #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
) -> Result<JsValue, JsValue> {
    let query = vbp_savings_interop::text_arg(&query, "query")?;
    let c = catalog::batch7().map_err(to_js_error)?;
    to_js(&search::search(c, &query))
}
