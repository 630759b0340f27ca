//! # vbp-savings-batches — the batches module
//!
//! A separate WebAssembly module for work beyond one batch-7 estimate: the programme view
//! across batches 1–11 and consumables ([`programme`]: `programme`, `formatProgramme`,
//! `batches`), and catalogs built from a batch's result table (中选结果表) ([`result_table`]:
//! `resultTableCatalog`, `resultTableCatalogCsv`, `checkCatalog`). Kept out of the core
//! module so the page's first load (an estimate) stays light: the page loads it when the
//! 多批次总览 tab is first shown or a result table or saved catalog is opened; Node loads it
//! with `vbp-savings/batches`.
//!
//! The bindings are thin: every rule is in the core crate (`vbp_savings::estimate::programme`,
//! `vbp_savings::import::result_table`, `vbp_savings::catalog::batches`); values cross the boundary through
//! `vbp_savings::js`, errors are `Error` objects with the core's stable `code` and a
//! Chinese `messageZh`.

use wasm_bindgen::prelude::*;

pub mod programme;
pub mod result_table;

pub use programme::{batches_js, format_programme, programme};
pub use result_table::{check_catalog, result_table_catalog, result_table_catalog_csv};

#[wasm_bindgen(typescript_custom_section)]
const TS_COMMON: &'static str = r#"
// The shared types are the core module's, from beside this file.
import type { CatalogInput, CellValue, Confidence, DecimalString, ErrorCode, EstimateReport, Fact, InputInfo, ItemKind, Note, Problem, Sums, VbpError, Warning } from "./vbp_savings";
export type { CatalogInput, CellValue, Confidence, DecimalString, ErrorCode, EstimateReport, Fact, InputInfo, ItemKind, Note, Problem, Sums, VbpError, Warning };
"#;
