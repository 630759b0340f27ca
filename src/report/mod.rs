//! Reports of results: the text table, the CSV export, the .xlsx workbook (feature
//! `xlsx`), the comparison of two estimates and the distribution of cuts. Consumers of
//! results only: nothing here prices a line.

pub mod compare;
pub mod csv;
pub mod distribution;
pub mod text;
#[cfg(feature = "xlsx")]
pub mod xlsx;
