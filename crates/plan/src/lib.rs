//! # vbp-savings-plan — the plan module
//!
//! A separate WebAssembly module for what a pharmacist plans around an estimate: 一省双供
//! supply scenarios ([`supply`]), agreed volumes and the batch's rules ([`volume`]),
//! cycle tracking ([`cycle`]), retained fund savings 结余留用 ([`retention`]), one-way
//! sensitivity ([`sensitivity`]) and the sections a configuration adds to an estimate
//! ([`plan`]). Kept out of the core module so the page's first load (an estimate) stays
//! light: the page loads it when the supply tab is first shown; the CLI and Node load it
//! with `vbp-savings/plan`.
//!
//! The bindings are thin: every rule is in the core crate (`vbp_savings::plan::supply`, …);
//! values cross the boundary through `vbp_savings::js` (JSON text, decimals as strings),
//! errors are `Error` objects with the core's stable `code` and a Chinese `messageZh`.

use wasm_bindgen::prelude::*;

pub mod cycle;
pub mod plan;
pub mod retention;
pub mod sensitivity;
pub mod supply;
pub mod volume;

#[wasm_bindgen(typescript_custom_section)]
const TS_COMMON: &'static str = r#"
// The shared types are the core module's, from beside this file.
import type { Confidence, DecimalString, ErrorCode, EstimateReport, ItemKind, Note, Problem, VbpError, Warning } from "./vbp_savings";
export type { Confidence, DecimalString, ErrorCode, EstimateReport, ItemKind, Note, Problem, VbpError, Warning };
"#;
