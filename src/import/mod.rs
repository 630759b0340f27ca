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
fn has_nul_or_replacement(cell: &str) -> bool {
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

/// A usage table's data rows as line objects, read by the one table reader (header
/// search, column map, totals rows, unreadable rows) but not validated: a row with a bad
/// number is kept as written, so it can be corrected and estimated with
/// [`estimate_numbered_lines`], which rejects it until then. Blank rows are left out.
#[derive(Debug, Clone, Default)]
pub struct TableLines {
    /// Each data row's line (the file's line; a sheet's row number) and its cells by field.
    pub lines: Vec<(u64, LineInput)>,
    /// Rows that are not lines: unreadable rows (an unclosed quote, a cell too large) and totals rows.
    pub rejected: Vec<Problem>,
    /// Warnings about rows that are lines (malformed quotes, cells beyond the header).
    pub warnings: Vec<crate::estimate::Warning>,
    /// What the reading found (kind, encoding, delimiter, header, columns, rows, blank lines).
    pub input: crate::estimate::InputInfo,
}

impl table::LineSink for TableLines {
    fn add_line(&mut self, _line: UsageLine) -> std::result::Result<(), ()> {
        Ok(()) // never offered: take_cells keeps every row
    }
    fn reject(&mut self, problem: Problem) {
        self.rejected.push(problem);
    }
    fn locate_last_rejected(&mut self, _: &mut dyn FnMut(&mut Problem)) {}
    fn warn(&mut self, line: u64, code: &str, en: String, zh: String) {
        self.warnings.push(crate::estimate::Warning {
            line: Some(line),
            drug: None,
            code: code.to_string(),
            message: en,
            message_zh: zh,
        });
    }
    fn take_cells(&mut self, line: u64, cells: &dyn LineCells) -> bool {
        // an empty cell is an absent one (as parse_line reads it): left out
        let cell = |f: Field| cells.cell(f).filter(|c| !c.is_empty()).map(str::to_string);
        self.lines.push((
            line,
            LineInput {
                drug: cell(Field::Drug),
                quantity: cell(Field::Quantity),
                baseline_unit_price: cell(Field::BaselineUnitPrice),
                vbp_unit_price: cell(Field::VbpUnitPrice),
                manufacturer: cell(Field::Manufacturer),
                unit: cell(Field::Unit),
                specification: cell(Field::Specification),
                category: cell(Field::Category),
                amount: cell(Field::Amount),
                kind: cell(Field::Kind),
                batch: cell(Field::Batch),
            },
        ));
        true
    }
}

impl TableLines {
    fn record(&mut self, info: &table::TableInfo) {
        let i = &mut self.input;
        i.header_line = Some(info.header_line);
        i.header_rows = info.header_rows;
        i.lines_before_header = info.header_line.saturating_sub(1);
        i.columns = info.columns.clone();
        i.ignored_columns = info.ignored_columns.clone();
        i.rows = info.rows;
        i.blank_lines = info.blank_lines;
    }
}

/// Reads CSV bytes into line objects (see [`TableLines`]); errors as [`estimate_csv`] does
/// when nothing can be read.
pub fn read_csv_lines(bytes: &[u8]) -> Result<TableLines> {
    let csv = CsvText::decode(bytes)?;
    let mut out = TableLines::default();
    out.input.kind = "csv".into();
    out.input.encoding = Some(csv.encoding.into());
    out.input.delimiter = Some(csv.delimiter_name());
    let info = table::read_usage(csv.rows(), &mut out)?;
    out.record(&info);
    Ok(out)
}

/// Reads rows of text cells into line objects (see [`TableLines`], [`estimate_rows`]).
pub fn read_rows_lines<S: AsRef<str>>(
    rows: impl IntoIterator<Item = Vec<S>>,
    kind: &str,
    sheet: Option<&str>,
) -> Result<TableLines> {
    let mut out = TableLines::default();
    out.input.kind = kind.into();
    out.input.sheet = sheet.map(str::to_string);
    let mut any = false;
    let rows = rows
        .into_iter()
        .inspect(|r: &Vec<S>| any |= r.iter().any(|c| !trim_cell(c.as_ref()).is_empty()));
    let result = table::read_usage(table::numbered_rows(rows), &mut out);
    if !any {
        return Err(Error::new(
            ErrorCode::EmptyInput,
            "the sheet holds no data",
            "工作表中没有数据",
        ));
    }
    out.record(&result?);
    Ok(out)
}

/// Estimates from line objects, each under its own line number (a file's line, kept
/// through edits); lines already found malformed by the caller are reported as rejected.
pub fn estimate_numbered_lines<L: std::borrow::Borrow<LineInput>>(
    lines: impl IntoIterator<Item = (u64, std::result::Result<L, Vec<Problem>>)>,
    catalog: &Catalog,
    options: &Options,
) -> Result<Estimate> {
    let mut est = Estimator::new(catalog, options.clone())?;
    let mut rows = 0u64;
    for (n, input) in lines {
        rows += 1;
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
    estimate_numbered_lines(
        lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| (i as u64 + 1, l)),
        catalog,
        options,
    )
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

    /// A file read into line objects and estimated from them gives the file's own estimate:
    /// the same lines, rejected rows (bad rows are kept as lines and rejected by the
    /// estimate; a totals row is the reader's) and totals, each under its file line.
    #[test]
    fn table_lines_estimate_like_the_file() {
        // a totals row with its word in the drug column is a line the estimate rejects; with
        // its word in another column (序号) it is the reader's
        let file = "某医院用量\n序号,药品名称,规格,单位,数量,集采前单价,金额,生产企业\n1,甲磺酸仑伐替尼胶囊,4mg*30粒,盒,100,1080,108000,\n\n2,磷酸奥司他韦胶囊,75mg*10粒,盒,50,30,\"1,500\",宜昌东阳光长江药业股份有限公司\n3,坏行,,片,abc,1,,\n,合计,,,,,109500,\n合计,,,,,,109500,\n";
        let cat = crate::catalog::batch7().unwrap();
        let opts = crate::estimate::Options::default();
        let t = super::read_csv_lines(file.as_bytes()).unwrap();
        assert_eq!(
            t.lines.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            vec![3, 5, 6, 7]
        );
        assert_eq!(t.lines[0].1.specification.as_deref(), Some("4mg*30粒"));
        assert_eq!(t.lines[1].1.amount.as_deref(), Some("1,500"));
        assert_eq!(t.lines[2].1.quantity.as_deref(), Some("abc"));
        assert_eq!(t.rejected.len(), 1);
        assert_eq!(
            (t.rejected[0].line, t.rejected[0].code.as_str()),
            (8, "summary_row")
        );
        assert_eq!(
            (t.input.header_line, t.input.blank_lines, t.input.rows),
            (Some(2), 1, 5)
        );
        let from_lines =
            super::estimate_numbered_lines(t.lines.iter().map(|(n, l)| (*n, Ok(l))), cat, &opts)
                .unwrap();
        let from_file = super::estimate_csv(file.as_bytes(), cat, &opts).unwrap();
        assert_eq!(from_lines.totals, from_file.totals);
        assert_eq!(from_lines.lines, from_file.lines);
        assert_eq!(
            from_lines.lines.iter().map(|l| l.line).collect::<Vec<_>>(),
            vec![3, 5]
        );
        let code = |e: &crate::estimate::Estimate| {
            e.rejected
                .iter()
                .map(|p| (p.line, p.code.as_str().to_string()))
                .collect::<Vec<_>>()
        };
        let rejected = vec![
            (6, "bad_number".to_string()),
            (7, "summary_row".to_string()),
        ];
        assert_eq!(code(&from_lines), rejected);
        assert_eq!(
            code(&from_file),
            [rejected, vec![(8, "summary_row".to_string())]].concat()
        );
        let rows = super::read_rows_lines(
            vec![
                vec!["药品名称", "数量", "集采前单价"],
                vec!["某药", "1", "2"],
            ],
            "xlsx",
            Some("用量"),
        )
        .unwrap();
        assert_eq!(
            (rows.lines.len(), rows.lines[0].0, rows.input.kind.as_str()),
            (1, 2, "xlsx")
        );
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
            assert_eq!(has_nul_or_replacement(cell), cell.contains('\u{fffd}') || cell.contains('\0'), "{cell:?}");
        }
    }
}
