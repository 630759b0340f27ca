//! The usage line: what every reader produces and the estimator consumes.
//!
//! A line starts as text cells ([`LineInput`], or a table row read in place through
//! [`LineCells`]), is validated once by [`parse_line`] into a [`UsageLine`] (numbers
//! read exactly) or a list of [`Problem`]s (line, field, stable code, words in both
//! languages), and is handed to a [`LineSink`]. [`Field`] names the fields in JSON and
//! in headers; [`Warning`] and [`Note`] are the report's words for the rest.
//!
//! Nothing here reads a file or prices a line: readers (`import`) feed lines down into a
//! sink, the estimator (`estimate`) is one such sink.

use crate::error::{Error, ErrorCode};
use crate::values::item::{normalize_name, ItemKind};
use crate::values::month::Dated;
use crate::values::number::{parse_decimal, trim_cell};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A field the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Drug,
    Quantity,
    BaselineUnitPrice,
    VbpUnitPrice,
    Manufacturer,
    Unit,
    Specification,
    Category,
    Amount,
    /// Drug (药品) or high-value consumable (高值医用耗材).
    Kind,
    /// The procurement batch a line belongs to (批次), for the programme view.
    Batch,
    /// The day or month of the line (日期 / 月份): decides whether an award that ended
    /// prices it.
    Date,
}

impl Field {
    pub const ALL: [Field; 12] = [
        Field::Drug,
        Field::Quantity,
        Field::BaselineUnitPrice,
        Field::VbpUnitPrice,
        Field::Manufacturer,
        Field::Unit,
        Field::Specification,
        Field::Category,
        Field::Amount,
        Field::Kind,
        Field::Batch,
        Field::Date,
    ];

    /// The field's name in JSON and in the English header (`baseline_unit_price`).
    pub fn name(self) -> &'static str {
        match self {
            Field::Drug => "drug",
            Field::Quantity => "quantity",
            Field::BaselineUnitPrice => "baseline_unit_price",
            Field::VbpUnitPrice => "vbp_unit_price",
            Field::Manufacturer => "manufacturer",
            Field::Unit => "unit",
            Field::Specification => "specification",
            Field::Category => "category",
            Field::Amount => "amount",
            Field::Kind => "kind",
            Field::Batch => "batch",
            Field::Date => "date",
        }
    }

    /// The field's usual Chinese header.
    pub fn name_zh(self) -> &'static str {
        match self {
            Field::Drug => "药品名称",
            Field::Quantity => "数量",
            Field::BaselineUnitPrice => "集采前单价",
            Field::VbpUnitPrice => "中选单价",
            Field::Manufacturer => "生产企业",
            Field::Unit => "单位",
            Field::Specification => "规格",
            Field::Category => "治疗类别",
            Field::Amount => "金额",
            Field::Kind => "药品/耗材",
            Field::Batch => "批次",
            Field::Date => "日期",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// One usage line, its cells already read as numbers. Its text fields are `String`s; a
/// reader hands the estimator a `UsageLine<&str>` borrowing the row's cells (see
/// [`parse_line_ref`], [`LineSink::add_line_ref`]), so a row that counts copies no text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UsageLine<S = String> {
    /// 1-based line number in the file (the header is line 1), or 1-based index for object input.
    pub line: u64,
    pub drug: S,
    /// Negative for returns (退药).
    pub quantity: Decimal,
    pub baseline_unit_price: Decimal,
    pub vbp_unit_price: Option<Decimal>,
    pub manufacturer: Option<S>,
    pub unit: Option<S>,
    pub specification: Option<S>,
    pub category: Option<S>,
    /// The amount column (金额), when present: checked against quantity × baseline price.
    pub amount: Option<Decimal>,
    /// Drug or high-value consumable (a catalog entry's own kind wins).
    pub kind: ItemKind,
    /// The batch the line names (批次 cell, as written), if any.
    pub batch: Option<S>,
    /// The line's day or month (日期 / 月份), if any.
    pub date: Option<Dated>,
}

impl<S: AsRef<str>> UsageLine<S> {
    /// The line with its text borrowed.
    pub fn borrowed(&self) -> UsageLine<&str> {
        fn b<S: AsRef<str>>(o: &Option<S>) -> Option<&str> {
            o.as_ref().map(AsRef::as_ref)
        }
        UsageLine {
            line: self.line,
            drug: self.drug.as_ref(),
            quantity: self.quantity,
            baseline_unit_price: self.baseline_unit_price,
            vbp_unit_price: self.vbp_unit_price,
            manufacturer: b(&self.manufacturer),
            unit: b(&self.unit),
            specification: b(&self.specification),
            category: b(&self.category),
            amount: self.amount,
            kind: self.kind,
            batch: b(&self.batch),
            date: self.date,
        }
    }

    /// The line with its text copied.
    pub fn to_owned_line(&self) -> UsageLine {
        let o = |o: &Option<S>| o.as_ref().map(|s| s.as_ref().to_string());
        UsageLine {
            line: self.line,
            drug: self.drug.as_ref().to_string(),
            quantity: self.quantity,
            baseline_unit_price: self.baseline_unit_price,
            vbp_unit_price: self.vbp_unit_price,
            manufacturer: o(&self.manufacturer),
            unit: o(&self.unit),
            specification: o(&self.specification),
            category: o(&self.category),
            amount: self.amount,
            kind: self.kind,
            batch: o(&self.batch),
            date: self.date,
        }
    }
}

/// A row that could not be used: where, which stable code, and why in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub line: u64,
    /// 1-based column in the file; `null` for object input or a whole-row problem.
    pub column: Option<u32>,
    /// The header text of that column, as in the file.
    pub header: Option<String>,
    /// The field (`drug`, `quantity`, `baseline_unit_price`, …) concerned, if one.
    pub field: Option<String>,
    pub code: ErrorCode,
    pub message: String,
    pub message_zh: String,
    /// The offending cell text (cut to 100 characters).
    pub value: Option<String>,
}

impl Problem {
    pub fn new(line: u64, field: Option<&str>, value: Option<&str>, err: Error) -> Self {
        Problem {
            line,
            column: None,
            header: None,
            field: field.map(str::to_string),
            code: err.code,
            message: err.message,
            message_zh: err.message_zh,
            value: value.map(|v| v.chars().take(100).collect()),
        }
    }
}

/// Something the user should know that does not stop a row from counting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub line: Option<u64>,
    pub drug: Option<String>,
    pub code: String,
    pub message: String,
    pub message_zh: String,
}

/// A formula or an assumption, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub code: String,
    pub en: String,
    pub zh: String,
}

/// One recognised column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnUse {
    pub column: u32,
    pub header: String,
    pub field: String,
    /// Set when reading this header as this field is an assumption worth stating.
    pub note: Option<String>,
    pub note_zh: Option<String>,
}

/// One usage line as text cells, the form both CSV rows and JS objects take
/// before validation. Empty or absent cells are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineInput {
    pub drug: Option<String>,
    pub quantity: Option<String>,
    pub baseline_unit_price: Option<String>,
    pub vbp_unit_price: Option<String>,
    #[serde(default)]
    pub manufacturer: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub specification: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub amount: Option<String>,
    /// 药品 (drug, the default) or 耗材 (high-value consumable).
    #[serde(default)]
    pub kind: Option<String>,
    /// The procurement batch (批次: `7`, `第七批` …), read by the programme view.
    #[serde(default)]
    pub batch: Option<String>,
    /// The line's day or month (`2024-08-21`, `2024-08`): an award that ended before it
    /// does not price it.
    #[serde(default)]
    pub date: Option<String>,
}

impl LineInput {
    fn cell_of(&self, f: Field) -> Option<&str> {
        match f {
            Field::Drug => self.drug.as_deref(),
            Field::Quantity => self.quantity.as_deref(),
            Field::BaselineUnitPrice => self.baseline_unit_price.as_deref(),
            Field::VbpUnitPrice => self.vbp_unit_price.as_deref(),
            Field::Manufacturer => self.manufacturer.as_deref(),
            Field::Unit => self.unit.as_deref(),
            Field::Specification => self.specification.as_deref(),
            Field::Category => self.category.as_deref(),
            Field::Amount => self.amount.as_deref(),
            Field::Kind => self.kind.as_deref(),
            Field::Batch => self.batch.as_deref(),
            Field::Date => self.date.as_deref(),
        }
    }
}

/// A row's cells by field: a [`LineInput`], or a table row read in place (no copies).
pub trait LineCells {
    /// The text of a field's cell, if the row has one.
    fn cell(&self, f: Field) -> Option<&str>;

    /// Whether the reader has already found no NUL and no U+FFFD in the whole text every
    /// cell of this row comes from (one scan of the text instead of one per cell): then
    /// no cell can hold one and [`parse_line_ref`] skips its per-cell scan. `false`
    /// unless the reader has made that scan.
    fn text_is_clean(&self) -> bool {
        false
    }
}

impl LineCells for LineInput {
    fn cell(&self, f: Field) -> Option<&str> {
        self.cell_of(f)
    }
}

/// Words that mark a totals row (合计 …), compared after normalisation.
const SUMMARY_WORDS: &[&str] = &[
    "合计",
    "总计",
    "小计",
    "合计：",
    "总计：",
    "total",
    "totals",
    "subtotal",
    "grandtotal",
    "sum",
];

pub fn is_summary_word(cell: &str) -> bool {
    // every summary word is short, holds only characters a summary word can hold (a drug
    // name's first ideograph stops this test), and holds 计, or t/s (total, sum), or
    // full-width letters: skip the normalisation for anything else
    // (0xAE is a byte of 计 in UTF-8; 0xEF leads the full-width forms)
    if cell.len() > 40
        || !cell.chars().all(may_be_in_summary_word)
        || !cell
            .bytes()
            .any(|b| matches!(b, b't' | b'T' | b's' | b'S' | 0xEF | 0xAE))
    {
        return false;
    }
    let n = normalize_name(cell);
    let n = n.trim_end_matches([':', '：']);
    SUMMARY_WORDS.contains(&n)
}

/// False for a character that no summary word holds after normalisation, whatever its
/// neighbours: not ASCII, not 合计总小, not a full-width form (U+FF01–FF5E, which become
/// ASCII), not a space or a character `normalize_name` drops (a drug name's first
/// ideograph fails here, before any normalisation).
fn may_be_in_summary_word(c: char) -> bool {
    c.is_ascii()
        || matches!(
            c,
            '合' | '计' | '总' | '小' | '：' | '·' | '\u{3000}' | '\u{feff}' | '\u{ff01}'
                ..='\u{ff5e}'
        )
        || c.is_whitespace()
}

/// A NUL or a U+FFFD (bytes EF BF BD: what a decoder puts for bytes that were not text)
/// in a cell, found in one pass over its bytes. (`str::contains` with a non-ASCII char
/// sets up a substring searcher per call, a cost paid on every row of a Chinese file.)
pub(crate) fn has_nul_or_replacement(cell: &str) -> bool {
    // eight bytes at a time to the next NUL or 0xEF (rare in a cell), then a look at it
    let b = cell.as_bytes();
    let mut from = 0;
    while let Some(i) = crate::values::bytes::find_any3(b, from, 0, 0xEF, 0xEF) {
        if b[i] == 0 || b.get(i + 1..i + 3) == Some(&[0xBF, 0xBD][..]) {
            return true;
        }
        from = i + 1;
    }
    false
}

/// Validates one line's cells. Returns every problem of the row, each naming its field.
pub fn parse_line<C: LineCells + ?Sized>(
    line: u64,
    input: &C,
) -> std::result::Result<UsageLine, Vec<Problem>> {
    parse_line_ref(line, input).map(|l| l.to_owned_line())
}

/// [`parse_line`] with the line's text borrowed from the cells.
pub fn parse_line_ref<C: LineCells + ?Sized>(
    line: u64,
    input: &C,
) -> std::result::Result<UsageLine<&str>, Vec<Problem>> {
    let mut problems = Vec::new();
    let text = |f: Field| input.cell(f).map(trim_cell).filter(|s| !s.is_empty());

    // skipped where the reader scanned the whole text and found neither (the same answer:
    // a cell is a piece of that text, or a quoted one with its doubled quotes undone)
    let scanned = if input.text_is_clean() {
        &[][..]
    } else {
        &Field::ALL[..]
    };
    for &f in scanned {
        if let Some(cell) = input.cell(f) {
            if has_nul_or_replacement(cell) {
                problems.push(Problem::new(
                    line,
                    Some(f.name()),
                    Some(cell),
                    Error::new(
                        ErrorCode::Encoding,
                        "this row holds bytes that are not text in the file's encoding (or a NUL byte)",
                        "该行含有无法按文件编码识别的字节（或NUL字节）",
                    ),
                ));
                return Err(problems);
            }
        }
    }

    let drug = text(Field::Drug);
    if drug.is_some_and(is_summary_word) {
        return Err(vec![Problem::new(
            line,
            Some("drug"),
            drug,
            Error::new(
                ErrorCode::SummaryRow,
                "a totals row; not counted, so nothing is counted twice",
                "合计行，不计入，以免重复计算",
            ),
        )]);
    }
    if drug.is_none() {
        problems.push(Problem::new(
            line,
            Some("drug"),
            None,
            Error::new(
                ErrorCode::MissingDrug,
                "the drug name is empty",
                "药品名称为空",
            ),
        ));
    }

    let mut number =
        |f: Field, missing: Option<(ErrorCode, &str, &str)>| -> Option<rust_decimal::Decimal> {
            let cell = input.cell(f);
            match parse_decimal(cell.unwrap_or("")) {
                Ok(Some(v)) => Some(v),
                Ok(None) => {
                    if let Some((code, en, zh)) = missing {
                        problems.push(Problem::new(
                            line,
                            Some(f.name()),
                            None,
                            Error::new(code, en, zh),
                        ));
                    }
                    None
                }
                Err(e) => {
                    let e = Error {
                        message: format!("{}: {}", f.name(), e.message),
                        message_zh: format!("{}：{}", f.name_zh(), e.message_zh),
                        ..e
                    };
                    problems.push(Problem::new(line, Some(f.name()), cell, e));
                    None
                }
            }
        };
    let quantity = number(
        Field::Quantity,
        Some((
            ErrorCode::MissingQuantity,
            "the quantity is empty",
            "数量为空",
        )),
    );
    let baseline = number(
        Field::BaselineUnitPrice,
        Some((
            ErrorCode::MissingBaselinePrice,
            "the baseline (pre-VBP) unit price is empty",
            "集采前单价为空",
        )),
    );
    let vbp = number(Field::VbpUnitPrice, None);
    let amount = number(Field::Amount, None);
    let date = match text(Field::Date) {
        None => None,
        Some(d) => match Dated::parse(d) {
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(Problem::new(line, Some("date"), Some(d), e));
                None
            }
        },
    };
    let kind = match text(Field::Kind) {
        None => ItemKind::Drug,
        Some(k) => ItemKind::parse(k).unwrap_or_else(|| {
            problems.push(Problem::new(
                line,
                Some("kind"),
                Some(k),
                Error::new(
                    ErrorCode::BadValue,
                    format!("the kind '{k}' is neither a drug (药品) nor a consumable (耗材)"),
                    format!("类型“{k}”既不是药品也不是耗材"),
                ),
            ));
            ItemKind::Drug
        }),
    };

    if let Some(b) = baseline {
        if b.is_sign_negative() && !b.is_zero() {
            problems.push(Problem::new(
                line,
                Some("baseline_unit_price"),
                input.cell(Field::BaselineUnitPrice),
                Error::new(
                    ErrorCode::NegativePrice,
                    "the baseline unit price is negative",
                    "集采前单价为负数",
                ),
            ));
        } else if b.is_zero() {
            problems.push(Problem::new(
                line,
                Some("baseline_unit_price"),
                input.cell(Field::BaselineUnitPrice),
                Error::new(
                    ErrorCode::ZeroBaselinePrice,
                    "the baseline unit price is zero, so no saving can be measured",
                    "集采前单价为零，无法计算节约",
                ),
            ));
        }
    }
    if let Some(v) = vbp {
        if v.is_sign_negative() && !v.is_zero() {
            problems.push(Problem::new(
                line,
                Some("vbp_unit_price"),
                input.cell(Field::VbpUnitPrice),
                Error::new(
                    ErrorCode::NegativePrice,
                    "the VBP unit price is negative",
                    "中选单价为负数",
                ),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // All required values are present here; the fallbacks are unreachable.
    let owned = text;
    Ok(UsageLine {
        line,
        drug: drug.unwrap_or_default(),
        quantity: quantity.unwrap_or_default(),
        baseline_unit_price: baseline.unwrap_or_default(),
        vbp_unit_price: vbp,
        manufacturer: owned(Field::Manufacturer),
        unit: owned(Field::Unit),
        specification: owned(Field::Specification),
        category: owned(Field::Category),
        amount,
        kind,
        batch: owned(Field::Batch),
        date,
    })
}

/// A line with a drug, a quantity, a baseline price and perhaps a VBP price (for tests).
#[cfg(test)]
pub(crate) fn test_line(
    drug: &str,
    quantity: &str,
    baseline: &str,
    vbp: Option<&str>,
) -> LineInput {
    LineInput {
        drug: Some(drug.into()),
        quantity: Some(quantity.into()),
        baseline_unit_price: Some(baseline.into()),
        vbp_unit_price: vbp.map(Into::into),
        ..Default::default()
    }
}

/// A line number given with a line object (the file line it came from, kept through
/// edits): a positive whole number.
pub fn line_number(text: &str) -> std::result::Result<u64, Error> {
    match text.trim().parse::<u64>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(Error::new(
            ErrorCode::InvalidInput,
            "line must be a positive whole number",
            "line 必须是正整数",
        )),
    }
}

/// Where a reader hands the lines it read: an estimator, the programme's router, a
/// collector. Readers know only this trait, never what is behind it.
pub trait LineSink {
    /// Takes a valid line. A line the sink cannot count comes back as its problem (the
    /// field concerned named, no column yet): the reader places it in the file (column,
    /// header) and hands it to [`LineSink::reject`].
    fn add_line(&mut self, line: UsageLine) -> std::result::Result<(), Problem>;
    /// [`LineSink::add_line`] for a line whose text is borrowed from the row (a sink that
    /// keeps no line, such as the estimator, copies nothing); by default copied and added.
    fn add_line_ref(&mut self, line: &UsageLine<&str>) -> std::result::Result<(), Problem> {
        self.add_line(line.to_owned_line())
    }
    /// Records a row that can't be used.
    fn reject(&mut self, problem: Problem);
    /// Records a warning about a row that still counts (by default, nothing).
    fn warn(&mut self, _line: u64, _code: &str, _en: String, _zh: String) {}
    /// Offered each data row's cells by field before they are validated (after the
    /// totals-row check and the row's warnings); `true` when the sink keeps the row as
    /// it is, which is then not validated by the reader. By default every row is validated.
    fn take_cells(&mut self, _line: u64, _cells: &dyn LineCells) -> bool {
        false
    }
}

/// A sink that keeps every valid line and every problem (to route or review them later).
#[derive(Debug, Default)]
pub struct Collect {
    pub lines: Vec<UsageLine>,
    pub problems: Vec<Problem>,
}

impl LineSink for Collect {
    fn add_line(&mut self, line: UsageLine) -> std::result::Result<(), Problem> {
        self.lines.push(line);
        Ok(())
    }
    fn reject(&mut self, problem: Problem) {
        self.problems.push(problem);
    }
}

/// What was read and how.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputInfo {
    /// `csv`, `xlsx`, `rows` or `lines`.
    pub kind: String,
    /// The sheet read, for a workbook.
    #[serde(default)]
    pub sheet: Option<String>,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub header_line: Option<u64>,
    /// Rows the header takes (2 when a group row sits above the column words).
    #[serde(default)]
    pub header_rows: u64,
    /// How each recognised column was read.
    pub columns: Vec<ColumnUse>,
    /// Header cells that were not used.
    pub ignored_columns: Vec<String>,
    /// Data rows seen (blank lines not counted).
    pub rows: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub blank_lines: u64,
    /// Lines above the header (titles), not read as data.
    pub lines_before_header: u64,
    /// Rejected rows beyond the first `MAX_LISTED_PROBLEMS` (see the estimate), by code: counted, not listed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rejected_not_listed: BTreeMap<String, u64>,
}

#[cfg(test)]
mod tests {
    use super::has_nul_or_replacement;
    use super::{is_summary_word, SUMMARY_WORDS};
    use crate::values::item::normalize_name;

    /// What `is_summary_word` answered before its fast rejections: the reference.
    fn is_summary_word_slow(cell: &str) -> bool {
        let n = normalize_name(cell);
        let n = n.trim_end_matches([':', '：']);
        cell.len() <= 40 && SUMMARY_WORDS.contains(&n)
    }

    proptest::proptest! {
        #[test]
        fn the_summary_word_test_equals_the_normalised_comparison(
            cell in "[合计总小：: ·\u{3000}\u{feff}tTsSoOaAlLuUbBgGrRnNdDmM\u{ff34}\u{ff54}\u{ff41}\u{ff4c}甲片Ⅰ]{0,12}",
        ) {
            proptest::prop_assert_eq!(is_summary_word(&cell), is_summary_word_slow(&cell), "{:?}", cell);
        }

        #[test]
        fn the_damaged_cell_scan_equals_contains(
            cell in "[a0甲\u{fffd}\u{0}\u{ffef}\u{ff3d}\u{fffc}\u{efbf}]{0,24}",
        ) {
            proptest::prop_assert_eq!(
                has_nul_or_replacement(&cell),
                cell.contains('\u{fffd}') || cell.contains('\0')
            );
        }
    }

    #[test]
    fn summary_words_are_still_found() {
        for w in [
            "合计",
            "总计：",
            " 小计 ",
            "TOTAL",
            "Ｔｏｔａｌ",
            "grand total",
            "Sum",
            "合计:",
        ] {
            assert!(is_summary_word(w), "{w}");
        }
        for w in ["甲磺酸仑伐替尼胶囊", "合计甲", "subtotals", "计"] {
            assert!(!is_summary_word(w), "{w}");
        }
    }

    #[test]
    fn damaged_cells_are_found_by_their_bytes() {
        for (cell, damaged) in [
            ("仑伐替尼", false),
            ("仑伐\u{fffd}替尼", true),
            ("\u{fffd}", true),
            ("仑伐\0", true),
            ("全角１２", false),
            ("\u{ffef}\u{ff3d}", false),
            ("药\u{fffc}", false),
            ("", false),
        ] {
            assert_eq!(has_nul_or_replacement(cell), damaged, "{cell:?}");
            assert_eq!(
                has_nul_or_replacement(cell),
                cell.contains('\u{fffd}') || cell.contains('\0'),
                "{cell:?}"
            );
        }
    }
}
