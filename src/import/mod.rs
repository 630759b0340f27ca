//! Reading usage data: CSV files (any encoding hospital systems write), spreadsheet
//! sheets, rows of cells and line objects, under the same rules. A row that can't be
//! used is reported with its line, column, stable code and a plain-words message;
//! every other row counts. CSV, spreadsheets and rows share one pipeline ([`table`]).

pub mod columns;
pub mod csv;
pub mod decode;
pub mod stream;
pub mod table;
#[cfg(feature = "xlsx")]
pub mod xlsx;

use crate::catalog::Catalog;
use crate::error::{Error, ErrorCode, Result};
use crate::estimate::{Estimate, Estimator, Options, Problem, UsageLine};
use crate::item::{normalize_name, ItemKind};
use crate::number::{parse_decimal, trim_cell};
use columns::Field;
use serde::{Deserialize, Serialize};

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
        }
    }
}

/// A row's cells by field: a [`LineInput`], or a table row read in place (no copies).
pub trait LineCells {
    /// The text of a field's cell, if the row has one.
    fn cell(&self, f: Field) -> Option<&str>;
}

impl LineCells for LineInput {
    fn cell(&self, f: Field) -> Option<&str> {
        self.cell_of(f)
    }
}

/// Words that mark a totals row (合计 …), compared after normalisation.
const SUMMARY_WORDS: &[&str] = &["合计", "总计", "小计", "合计：", "总计：", "total", "totals", "subtotal", "grandtotal", "sum"];

pub(crate) fn is_summary_word(cell: &str) -> bool {
    // every summary word is short and holds 计, or t/s (total, sum), or full-width
    // letters: skip the normalisation for anything else
    // (0xAE is a byte of 计 in UTF-8; 0xEF leads the full-width forms)
    if cell.len() > 40 || !cell.bytes().any(|b| matches!(b, b't' | b'T' | b's' | b'S' | 0xEF | 0xAE)) {
        return false;
    }
    let n = normalize_name(cell);
    let n = n.trim_end_matches([':', '：']);
    SUMMARY_WORDS.contains(&n)
}

/// A NUL or a U+FFFD (bytes EF BF BD: what a decoder puts for bytes that were not text)
/// in a cell, found in one pass over its bytes. (`str::contains` with a non-ASCII char
/// sets up a substring searcher per call, a cost paid on every row of a Chinese file.)
pub(crate) fn has_nul_or_replacement(cell: &str) -> bool {
    let b = cell.as_bytes();
    b.iter().enumerate().any(|(i, &c)| c == 0 || (c == 0xEF && b.get(i + 1..i + 3) == Some(&[0xBF, 0xBD][..])))
}

/// Validates one line's cells. Returns every problem of the row, each naming its field.
pub fn parse_line<C: LineCells + ?Sized>(line: u64, input: &C) -> std::result::Result<UsageLine, Vec<Problem>> {
    let mut problems = Vec::new();
    let text = |f: Field| input.cell(f).map(trim_cell).filter(|s| !s.is_empty());

    for f in Field::ALL {
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
            Error::new(ErrorCode::SummaryRow, "a totals row; not counted, so nothing is counted twice", "合计行，不计入，以免重复计算"),
        )]);
    }
    if drug.is_none() {
        problems.push(Problem::new(line, Some("drug"), None, Error::new(ErrorCode::MissingDrug, "the drug name is empty", "药品名称为空")));
    }

    let mut number = |f: Field, missing: Option<(ErrorCode, &str, &str)>| -> Option<rust_decimal::Decimal> {
        let cell = input.cell(f);
        match parse_decimal(cell.unwrap_or("")) {
            Ok(Some(v)) => Some(v),
            Ok(None) => {
                if let Some((code, en, zh)) = missing {
                    problems.push(Problem::new(line, Some(f.name()), None, Error::new(code, en, zh)));
                }
                None
            }
            Err(e) => {
                let e = Error { message: format!("{}: {}", f.name(), e.message), message_zh: format!("{}：{}", f.name_zh(), e.message_zh), ..e };
                problems.push(Problem::new(line, Some(f.name()), cell, e));
                None
            }
        }
    };
    let quantity = number(Field::Quantity, Some((ErrorCode::MissingQuantity, "the quantity is empty", "数量为空")));
    let baseline = number(
        Field::BaselineUnitPrice,
        Some((ErrorCode::MissingBaselinePrice, "the baseline (pre-VBP) unit price is empty", "集采前单价为空")),
    );
    let vbp = number(Field::VbpUnitPrice, None);
    let amount = number(Field::Amount, None);
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
                Error::new(ErrorCode::NegativePrice, "the baseline unit price is negative", "集采前单价为负数"),
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
                Error::new(ErrorCode::NegativePrice, "the VBP unit price is negative", "中选单价为负数"),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // All required values are present here; the fallbacks are unreachable.
    let owned = |f: Field| text(f).map(str::to_string);
    Ok(UsageLine {
        line,
        drug: drug.unwrap_or_default().to_string(),
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
    })
}

/// The input details a table's reading found, copied into the report.
pub fn record_table(est: &mut Estimator<'_>, info: &table::TableInfo) {
    let i = est.input_mut();
    i.header_line = Some(info.header_line);
    i.header_rows = info.header_rows;
    i.lines_before_header = info.header_line.saturating_sub(1);
    i.columns = info.columns.clone();
    i.ignored_columns = info.ignored_columns.clone();
    i.rows = info.rows;
    i.blank_lines = info.blank_lines;
}

/// CSV bytes decoded and split into rows: the same rows a spreadsheet sheet gives.
pub struct CsvText {
    pub text: String,
    pub encoding: &'static str,
    pub delimiter: u8,
}

impl CsvText {
    /// Decodes CSV bytes (UTF-8 with or without BOM, UTF-16, GB18030/GBK) and sniffs the delimiter.
    pub fn decode(bytes: &[u8]) -> Result<CsvText> {
        let decoded = decode::decode(bytes)?;
        let text = decoded.text.into_owned();
        if text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').is_empty() {
            return Err(Error::new(ErrorCode::EmptyInput, "the file holds no data", "文件中没有数据"));
        }
        let delimiter = csv::sniff_delimiter(&text);
        Ok(CsvText { text, encoding: decoded.encoding, delimiter })
    }

    /// The delimiter's name as reports show it (`,`, `tab`, `;`).
    pub fn delimiter_name(&self) -> String {
        match self.delimiter {
            b'\t' => "tab".into(),
            d => (d as char).to_string(),
        }
    }

    /// The records, each with its line.
    pub fn rows(&self) -> impl Iterator<Item = std::result::Result<table::Row<std::borrow::Cow<'_, str>>, table::RowError>> {
        csv::Reader::new(&self.text, self.delimiter).map(|r| r.map(|rec| table::Row { line: rec.line, cells: rec.fields, quirk: rec.lenient_quote }))
    }
}

/// Estimates from CSV bytes.
pub fn estimate_csv(bytes: &[u8], catalog: &Catalog, options: &Options) -> Result<Estimate> {
    let csv = CsvText::decode(bytes)?;
    let mut est = Estimator::new(catalog, options.clone())?;
    {
        let info = est.input_mut();
        info.kind = "csv".into();
        info.encoding = Some(csv.encoding.into());
        info.delimiter = Some(csv.delimiter_name());
    }
    let info = table::read_usage(csv.rows(), &mut est)?;
    record_table(&mut est, &info);
    Ok(est.finish())
}

/// Estimates from rows of text cells (a spreadsheet sheet, or rows handed over from
/// JavaScript): `rows[i]` is line `i + 1`, its first cell column 1 (A). `kind` names
/// the source in the report (`xlsx`, `rows`), `sheet` the sheet read.
pub fn estimate_rows<S: AsRef<str>>(
    rows: impl IntoIterator<Item = Vec<S>>,
    kind: &str,
    sheet: Option<&str>,
    catalog: &Catalog,
    options: &Options,
) -> Result<Estimate> {
    let mut est = Estimator::new(catalog, options.clone())?;
    est.input_mut().kind = kind.into();
    est.input_mut().sheet = sheet.map(str::to_string);
    let mut any = false;
    let rows = rows.into_iter().inspect(|r: &Vec<S>| any |= r.iter().any(|c| !trim_cell(c.as_ref()).is_empty()));
    let result = table::read_usage(table::numbered_rows(rows), &mut est);
    if !any {
        return Err(Error::new(ErrorCode::EmptyInput, "the sheet holds no data", "工作表中没有数据"));
    }
    record_table(&mut est, &result?);
    Ok(est.finish())
}

/// Estimates from line objects (1-based index as the line number).
pub fn estimate_lines(lines: &[LineInput], catalog: &Catalog, options: &Options) -> Result<Estimate> {
    estimate_line_results(lines.iter().map(Ok), catalog, options)
}

/// Estimates from line objects some of which were already found malformed by the
/// caller (the JS bindings check value types); those are reported as rejected.
pub fn estimate_line_results<L: std::borrow::Borrow<LineInput>>(
    lines: impl IntoIterator<Item = std::result::Result<L, Vec<Problem>>>,
    catalog: &Catalog,
    options: &Options,
) -> Result<Estimate> {
    let mut est = Estimator::new(catalog, options.clone())?;
    let mut rows = 0u64;
    for (i, input) in lines.into_iter().enumerate() {
        let n = i as u64 + 1;
        rows = n;
        match input.and_then(|input| parse_line(n, input.borrow())) {
            Ok(line) => {
                let _ = est.add(line);
            }
            Err(problems) => problems.into_iter().for_each(|p| est.reject(p)),
        }
    }
    est.input_mut().kind = "lines".into();
    est.input_mut().rows = rows;
    Ok(est.finish())
}

/// A line with a drug, a quantity, a baseline price and perhaps a VBP price (for tests).
#[cfg(test)]
pub(crate) fn test_line(drug: &str, quantity: &str, baseline: &str, vbp: Option<&str>) -> LineInput {
    LineInput {
        drug: Some(drug.into()),
        quantity: Some(quantity.into()),
        baseline_unit_price: Some(baseline.into()),
        vbp_unit_price: vbp.map(Into::into),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::has_nul_or_replacement;

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
            assert_eq!(has_nul_or_replacement(cell), cell.contains('\u{fffd}') || cell.contains('\0'), "{cell:?}");
        }
    }
}
