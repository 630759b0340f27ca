//! Reading usage data: CSV files (any encoding hospital systems write) and line
//! objects, under the same rules. A row that can't be used is reported with its
//! line, column, stable code and a plain-words message; every other row counts.

pub mod columns;
pub mod csv;
pub mod decode;

use crate::catalog::Catalog;
use crate::error::{Error, ErrorCode, Result};
use crate::estimate::{Estimate, Estimator, Options, Problem, UsageLine};
use crate::item::normalize_name;
use crate::number::{parse_decimal, trim_cell};
use columns::{ColumnMap, Field};
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
}

impl LineInput {
    fn cell(&self, f: Field) -> Option<&str> {
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
        }
    }
}

/// Words that mark a totals row (合计 …), compared after normalisation.
const SUMMARY_WORDS: &[&str] = &["合计", "总计", "小计", "合计：", "总计：", "total", "totals", "subtotal", "grandtotal", "sum"];

fn is_summary_word(cell: &str) -> bool {
    let n = normalize_name(cell);
    let n = n.trim_end_matches([':', '：']);
    SUMMARY_WORDS.contains(&n)
}

/// Validates one line's cells. Returns every problem of the row, each naming its field.
pub fn parse_line(line: u64, input: &LineInput) -> std::result::Result<UsageLine, Vec<Problem>> {
    let mut problems = Vec::new();
    let text = |f: Field| input.cell(f).map(trim_cell).filter(|s| !s.is_empty());

    for f in Field::ALL {
        if let Some(cell) = input.cell(f) {
            if cell.contains('\u{fffd}') || cell.contains('\0') {
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
    })
}

/// How many rows at the top may be titles before the header must appear.
const HEADER_SEARCH_ROWS: usize = 20;

/// Estimates from CSV bytes.
pub fn estimate_csv(bytes: &[u8], catalog: &Catalog, options: &Options) -> Result<Estimate> {
    let decoded = decode::decode(bytes)?;
    let text = decoded.text.as_ref();
    if text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').is_empty() {
        return Err(Error::new(ErrorCode::EmptyInput, "the file holds no data", "文件中没有数据"));
    }
    let delimiter = csv::sniff_delimiter(text);
    let mut est = Estimator::new(catalog, options.clone())?;
    {
        let info = est.input_mut();
        info.kind = "csv".into();
        info.encoding = Some(decoded.encoding.into());
        info.delimiter = Some(match delimiter {
            b'\t' => "tab".into(),
            d => (d as char).to_string(),
        });
    }

    let mut reader = csv::Reader::new(text, delimiter);
    // find the header among the first rows (a title row may sit above it)
    let mut seen = Vec::new();
    let mut header: Option<(u64, ColumnMap)> = None;
    let mut best: Option<(usize, Vec<String>)> = None;
    for _ in 0..HEADER_SEARCH_ROWS {
        let Some(rec) = reader.next() else { break };
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                seen.push(Err(e));
                break;
            }
        };
        let score = ColumnMap::score(&rec.fields);
        if score >= 30 {
            let map = ColumnMap::from_header(&rec.fields)?;
            header = Some((rec.line, map));
            break;
        }
        if score > 0 && best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, rec.fields.iter().map(|f| f.to_string()).collect()));
        }
        seen.push(Ok(rec.line));
    }
    let Some((header_line, map)) = header else {
        if let Some((_, cells)) = best {
            // the closest row names some fields: say which are missing
            ColumnMap::from_header(&cells)?;
        }
        if let Some(Err(e)) = seen.last() {
            return Err(record_error_to_error(e));
        }
        return Err(Error::new(
            ErrorCode::NoHeader,
            "no header row found: the first rows must include columns for the drug (药品名称), the quantity (数量) and the baseline unit price (集采前单价)",
            "未找到表头：前几行须包含药品名称、数量和集采前单价三列",
        ));
    };
    {
        let info = est.input_mut();
        info.header_line = Some(header_line);
        info.lines_before_header = header_line - 1;
        info.columns = map.uses.clone();
        info.ignored_columns = map.ignored.clone();
    }

    let mut rows = 0u64;
    let mut blank = 0u64;
    for rec in reader {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                rows += 1;
                est.reject(record_problem(&e, &map));
                continue;
            }
        };
        if rec.fields.iter().all(|f| trim_cell(f).is_empty()) {
            blank += 1;
            continue;
        }
        rows += 1;
        let cell = |f: Field| map.get(f).and_then(|c| rec.fields.get(c)).map(|s| s.to_string());
        let input = LineInput {
            drug: cell(Field::Drug),
            quantity: cell(Field::Quantity),
            baseline_unit_price: cell(Field::BaselineUnitPrice),
            vbp_unit_price: cell(Field::VbpUnitPrice),
            manufacturer: cell(Field::Manufacturer),
            unit: cell(Field::Unit),
            specification: cell(Field::Specification),
            category: cell(Field::Category),
            amount: cell(Field::Amount),
        };
        // a totals row may carry its word in another column (序号 / a blank drug cell)
        let summary_elsewhere = input.drug.as_deref().map(trim_cell).is_none_or(str::is_empty)
            && rec.fields.iter().any(|f| is_summary_word(f));
        if summary_elsewhere {
            let word = rec.fields.iter().find(|f| is_summary_word(f)).map(|f| f.to_string());
            let mut p = Problem::new(
                rec.line,
                None,
                word.as_deref(),
                Error::new(ErrorCode::SummaryRow, "a totals row; not counted, so nothing is counted twice", "合计行，不计入，以免重复计算"),
            );
            p.column = rec.fields.iter().position(|f| is_summary_word(f)).map(|c| c as u32 + 1);
            p.header = p.column.and_then(|c| map.header(c as usize - 1)).map(str::to_string);
            est.reject(p);
            continue;
        }
        match parse_line(rec.line, &input) {
            Ok(line) => {
                if est.add(line).is_err() {
                    locate_last(&mut est, &map);
                }
            }
            Err(problems) => {
                for mut p in problems {
                    locate(&mut p, &map);
                    est.reject(p);
                }
            }
        }
    }
    {
        let info = est.input_mut();
        info.rows = rows;
        info.blank_lines = blank;
    }
    Ok(est.finish())
}

/// Estimates from line objects (1-based index as the line number).
pub fn estimate_lines(lines: &[LineInput], catalog: &Catalog, options: &Options) -> Result<Estimate> {
    estimate_line_results(lines.iter().cloned().map(Ok), catalog, options)
}

/// Estimates from line objects some of which were already found malformed by the
/// caller (the JS bindings check value types); those are reported as rejected.
pub fn estimate_line_results(
    lines: impl IntoIterator<Item = std::result::Result<LineInput, Vec<Problem>>>,
    catalog: &Catalog,
    options: &Options,
) -> Result<Estimate> {
    let mut est = Estimator::new(catalog, options.clone())?;
    let mut rows = 0u64;
    for (i, input) in lines.into_iter().enumerate() {
        let n = i as u64 + 1;
        rows = n;
        match input.and_then(|input| parse_line(n, &input)) {
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

fn locate(p: &mut Problem, map: &ColumnMap) {
    let field = p.field.as_deref().and_then(|name| Field::ALL.into_iter().find(|f| f.name() == name));
    if let Some(col) = field.and_then(|f| map.get(f)) {
        p.column = Some(col as u32 + 1);
        p.header = map.header(col).map(str::to_string);
    }
}

fn locate_last(est: &mut Estimator<'_>, map: &ColumnMap) {
    est.locate_last_rejected(|p| locate(p, map));
}

fn record_error_to_error(e: &csv::RecordError) -> Error {
    let p = record_problem(e, &ColumnMap::default());
    Error::new(p.code, p.message, p.message_zh)
}

fn record_problem(e: &csv::RecordError, map: &ColumnMap) -> Problem {
    match *e {
        csv::RecordError::UnterminatedQuote { line, column, lines_swallowed } => {
            let mut p = Problem::new(
                line,
                None,
                None,
                Error::new(
                    ErrorCode::UnterminatedQuote,
                    format!("a quote (\") opened here is never closed, so this line and the {lines_swallowed} line(s) after it could not be read"),
                    format!("此处的引号（\"）没有闭合，本行及其后{lines_swallowed}行无法读取"),
                ),
            );
            p.column = Some(column);
            p.header = map.header(column as usize - 1).map(str::to_string);
            p
        }
        csv::RecordError::TooLarge { line, column, what } => {
            let mut p = Problem::new(
                line,
                None,
                None,
                Error::new(
                    ErrorCode::TooLarge,
                    format!("the {what} is larger than this tool reads ({} bytes per field, {} fields per row)", csv::MAX_FIELD_BYTES, csv::MAX_FIELDS),
                    format!("单元格或列数超出上限（每格{}字节，每行{}列）", csv::MAX_FIELD_BYTES, csv::MAX_FIELDS),
                ),
            );
            p.column = Some(column);
            p.header = map.header(column as usize - 1).map(str::to_string);
            p
        }
    }
}
