//! One flat error type for the whole crate.
//!
//! Every error carries a stable machine code ([`ErrorCode`], serialised in
//! `snake_case`, e.g. `"bad_number"`) and a plain-words message in English and
//! Chinese. Codes are part of the public API: they never change meaning.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Stable error codes. The string form (see [`ErrorCode::as_str`]) is what the
/// CLI, the npm package and the page show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // --- whole-input errors: nothing could be read ---
    /// The input holds no data at all.
    EmptyInput,
    /// The bytes are neither UTF-8, UTF-16 nor GB18030/GBK text.
    Encoding,
    /// No row looks like a header with the required columns.
    NoHeader,
    /// A required column is missing from the header.
    MissingColumn,
    /// Two header cells name the same field.
    DuplicateColumn,
    /// The input (not a row of it) has the wrong shape, e.g. `lines` is not an array.
    InvalidInput,
    /// An input exceeds a safety limit (size, columns, field length).
    TooLarge,
    /// The embedded catalog data could not be read (a build defect, not user input).
    CatalogData,

    // --- row errors: the row is reported and skipped, every other row counts ---
    /// The drug name cell is empty.
    MissingDrug,
    /// The quantity cell is empty.
    MissingQuantity,
    /// The baseline unit price cell is empty.
    MissingBaselinePrice,
    /// A number cell could not be read as a number.
    BadNumber,
    /// A price is negative.
    NegativePrice,
    /// The baseline unit price is zero, so no price cut can be measured.
    ZeroBaselinePrice,
    /// A number has more significant digits than can be computed exactly (28).
    Precision,
    /// A result is too large to represent (about 7.9 × 10^28).
    Overflow,
    /// A division by zero was asked for.
    DivisionByZero,
    /// A quoted field is never closed; the rest of the input belongs to it.
    UnterminatedQuote,
    /// A totals / subtotal row (合计, 小计, Total …); not counted, to avoid double counting.
    SummaryRow,
    /// The drug was withdrawn from, or not procured in, this batch and the row gives no VBP price.
    NotInBatch,

    // --- supply, agreed volume, cycle and retention inputs ---
    /// A share, ratio or probability lies outside its allowed range (e.g. a share above 1).
    OutOfRange,
    /// A month is not a calendar month written as `YYYY-MM` (also `YYYY/MM`, `YYYY年M月`, a date).
    BadMonth,
    /// A price needed for the computation is neither given nor known from the catalog.
    MissingPrice,
    // --- added with spreadsheets, result tables, batches and consumables ---
    /// No VBP price is given or in the catalog, and no sourced average cut exists to estimate
    /// one (a consumable; a batch whose average cut is unknown, such as batch 10).
    NoVbpPrice,
    /// The batch cell names no batch this tool has facts for, or a line has no batch where one is needed.
    UnknownBatch,
    /// A text cell holds a value the field does not accept (e.g. an item kind other than 药品/耗材).
    BadValue,
    /// A result-table row's pack quantity (units per pack) can't be read from its specification
    /// or packaging; give it explicitly.
    UnknownPackQuantity,
    /// The workbook has no sheet of the name asked for.
    SheetNotFound,
    /// The bytes are not a workbook this tool can read (.xlsx, .xlsm, .xls, .ods), or it is damaged.
    BadWorkbook,
    // --- added with the evaluation of purchase records ---
    /// A purchase record's amount (spend) cell is empty.
    MissingAmount,
}

impl ErrorCode {
    /// The stable string form, e.g. `"bad_number"`.
    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            EmptyInput => "empty_input",
            Encoding => "encoding",
            NoHeader => "no_header",
            MissingColumn => "missing_column",
            DuplicateColumn => "duplicate_column",
            InvalidInput => "invalid_input",
            TooLarge => "too_large",
            CatalogData => "catalog_data",
            MissingDrug => "missing_drug",
            MissingQuantity => "missing_quantity",
            MissingBaselinePrice => "missing_baseline_price",
            BadNumber => "bad_number",
            NegativePrice => "negative_price",
            ZeroBaselinePrice => "zero_baseline_price",
            Precision => "precision",
            Overflow => "overflow",
            DivisionByZero => "division_by_zero",
            UnterminatedQuote => "unterminated_quote",
            SummaryRow => "summary_row",
            NotInBatch => "not_in_batch",
            OutOfRange => "out_of_range",
            BadMonth => "bad_month",
            MissingPrice => "missing_price",
            NoVbpPrice => "no_vbp_price",
            UnknownBatch => "unknown_batch",
            BadValue => "bad_value",
            UnknownPackQuantity => "unknown_pack_quantity",
            SheetNotFound => "sheet_not_found",
            BadWorkbook => "bad_workbook",
            MissingAmount => "missing_amount",
        }
    }

    /// Every code, in declaration order (for documentation and tests).
    pub const ALL: [ErrorCode; 30] = {
        use ErrorCode::*;
        [
            EmptyInput,
            Encoding,
            NoHeader,
            MissingColumn,
            DuplicateColumn,
            InvalidInput,
            TooLarge,
            CatalogData,
            MissingDrug,
            MissingQuantity,
            MissingBaselinePrice,
            BadNumber,
            NegativePrice,
            ZeroBaselinePrice,
            Precision,
            Overflow,
            DivisionByZero,
            UnterminatedQuote,
            SummaryRow,
            NotInBatch,
            OutOfRange,
            BadMonth,
            MissingPrice,
            NoVbpPrice,
            UnknownBatch,
            BadValue,
            UnknownPackQuantity,
            SheetNotFound,
            BadWorkbook,
            MissingAmount,
        ]
    };
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error value: a stable code and a message in plain words (English and Chinese).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    pub message_zh: String,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>, message_zh: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            message_zh: message_zh.into(),
        }
    }

    pub(crate) fn overflow() -> Self {
        Error::new(
            ErrorCode::Overflow,
            "the result is too large to compute exactly",
            "计算结果超出可精确表示的范围",
        )
    }

    pub(crate) fn precision() -> Self {
        Error::new(
            ErrorCode::Precision,
            "the figures have more significant digits than can be computed exactly (28)",
            "数值有效位数过多（超过28位），无法精确计算",
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_their_string_form() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn display_names_code_and_message() {
        let e = Error::overflow();
        assert_eq!(
            e.to_string(),
            "overflow: the result is too large to compute exactly"
        );
    }
}
