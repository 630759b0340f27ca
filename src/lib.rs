//! # vbp-savings — 集采节约测算
//!
//! Exact savings estimates for China's national volume-based procurement of drugs
//! (国家组织药品集中带量采购, VBP), starting with batch 7 (2022: 60 drugs, 31
//! therapeutic categories, average cut 48%, 一省双供).
//!
//! The core knows nothing of JavaScript: money is [`rust_decimal::Decimal`] end to
//! end, arithmetic is checked and exact ([`money`]), every error is a value with a
//! stable code ([`ErrorCode`]). The WebAssembly bindings live in `wasm` behind the
//! `wasm` feature; the CLI, the page and the npm package all call them.
//!
//! ```
//! use vbp_savings::{estimate, LineInput, Options};
//! let line = LineInput {
//!     drug: Some("甲磺酸仑伐替尼胶囊".into()),
//!     quantity: Some("90".into()),
//!     baseline_unit_price: Some("108".into()),
//!     vbp_unit_price: Some("18".into()),
//!     ..Default::default()
//! };
//! let report = estimate(&[line], &Options::default()).unwrap();
//! assert_eq!(report.totals.savings.to_string(), "8100");
//! ```
//!
//! Modules, one job each: [`catalog`] (what is known of a batch, with sources),
//! [`savings`] (the rules), [`pricing`] (which VBP price a line gets), [`estimate`]
//! (aggregation and the report), [`import`] (CSV and line objects), [`report`]
//! (the text table), [`money`] and [`number`] (exact arithmetic, reading numbers).

// A rejected row's `Problem` (line, field, value, and the error with its English and Chinese
// messages) is returned by value from the row readers: it is built only for a bad row and
// goes straight into the report's `rejected` list, so it is not boxed.
#![allow(clippy::result_large_err)]

pub mod catalog;
pub mod error;
pub mod estimate;
pub mod evaluation;
pub mod import;
pub mod line;
pub mod options;
pub mod plan;
pub mod progress;
pub mod report;
pub mod values;

pub use catalog::{batch7, Catalog};
pub use error::{Error, ErrorCode, Result};
pub use estimate::pricing::PriceSource;
pub use estimate::{Estimate, Options};
pub use line::{LineInput, Problem, UsageLine};

/// Estimates savings for line objects against the batch-7 catalog.
pub fn estimate(lines: &[LineInput], options: &Options) -> Result<Estimate> {
    estimate::inputs::estimate_lines(lines, batch7()?, options)
}

/// Estimates savings for a CSV file's bytes (UTF-8, UTF-16 or GB18030/GBK) against the batch-7 catalog.
pub fn estimate_csv(bytes: &[u8], options: &Options) -> Result<Estimate> {
    estimate::inputs::estimate_csv(bytes, batch7()?, options)
}
