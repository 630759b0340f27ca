//! Reading workbooks (.xlsx, .xlsm, .xls, .ods; feature `xlsx`, with calamine) into
//! sheets of text cells, the rows every table in this crate is read from.
//!
//! * Each row keeps its spreadsheet row number (the line in problems) and its cells
//!   start at column A, so a problem's column is the spreadsheet's.
//! * A number cell holds a binary double. It is converted **once**, here, to the decimal
//!   text a person typed: the shortest decimal that reads back as the same double
//!   (1234.56 stays `1234.56`), at most 15 significant digits — Excel's own precision,
//!   so a formula's 0.1 + 0.2 reads `0.3`, as the cell shows it. This is the one place a
//!   double touches a number; from here on it is exact decimal text.
//! * A merged cell's text fills every cell it covers (a title across the table, a header
//!   group over two columns, a drug name over several rows); a merged **number** stays in
//!   its first cell only, so it is never counted twice.
//! * Dates read as `YYYY-MM-DD`, booleans as `TRUE`/`FALSE`, errors as `#DIV/0!` …

use super::columns::ColumnMap;
use super::table::{self, HEADER_SEARCH_ROWS};
use crate::error::{Error, ErrorCode, Result};
use calamine::{open_workbook_auto_from_rs, Data, Dimensions, Reader, Sheets};
use serde::{Deserialize, Serialize};
use std::io::Cursor;

/// Most cells read from one workbook (all sheets), a guard against absurd files.
pub const MAX_CELLS: usize = 20_000_000;

/// One sheet as text cells: `rows[i]` is spreadsheet row `i + 1`, `rows[i][j]` column `j + 1`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
    /// The row of a usage header (药品名称, 数量, 集采前单价 …) if the first rows hold one.
    pub header_row: Option<u64>,
    /// Merged ranges, 1-based inclusive: `[first_row, first_col, last_row, last_col]`.
    pub merged: Vec<[u32; 4]>,
}

/// A workbook's sheets, in workbook order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workbook {
    /// `xlsx`, `xls`, `xlsb` or `ods`.
    pub format: String,
    pub sheets: Vec<Sheet>,
    /// Index of the sheet read by default: the first with a usage header, else the first with data.
    pub default_sheet: Option<usize>,
}

/// Converts a spreadsheet number (a binary double) to the decimal text a person typed:
/// the shortest decimal that round-trips, limited to 15 significant digits (Excel's
/// precision). **The one f64 touch point of the crate.**
///
/// ```
/// use vbp_savings::import::xlsx::number_text;
/// assert_eq!(number_text(1234.56), "1234.56");
/// assert_eq!(number_text(0.1 + 0.2), "0.3");
/// assert_eq!(number_text(-0.0), "0");
/// assert_eq!(number_text(1e-7), "0.0000001");
/// assert_eq!(number_text(12000.0), "12000");
/// ```
pub fn number_text(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string(); // "NaN"/"inf": not numbers, reported as such downstream
    }
    // `{:e}` is Rust's shortest round-trip representation, in scientific form
    let mut sci = format!("{x:e}");
    let digits = |s: &str| {
        s.split('e')
            .next()
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_digit)
            .count()
    };
    if digits(&sci) > 15 {
        sci = format!("{x:.14e}");
    }
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    if digits.is_empty() {
        return "0".into();
    }
    let point = exp + 1; // digits before the decimal point
    let n = digits.len() as i64;
    let body = if point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else if point >= n {
        format!("{digits}{}", "0".repeat((point - n) as usize))
    } else {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    };
    if negative {
        format!("-{body}")
    } else {
        body
    }
}

/// The text of one cell.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::Error(e) => e.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            if (h, mi, s, ms) == (0, 0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
    }
}

fn is_number(cell: &Data) -> bool {
    matches!(cell, Data::Int(_) | Data::Float(_) | Data::DateTime(_))
}

fn bad_workbook(detail: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorCode::BadWorkbook,
        format!("the file is not a workbook this tool can read (.xlsx, .xlsm, .xls, .ods) or it is damaged: {detail}"),
        format!("无法读取该文件：不是可识别的电子表格（.xlsx、.xlsm、.xls、.ods）或文件已损坏：{detail}"),
    )
}

fn too_large() -> Error {
    Error::new(
        ErrorCode::TooLarge,
        format!("the workbook holds more than {MAX_CELLS} cells"),
        format!("工作簿单元格超过{MAX_CELLS}个"),
    )
}

/// The usage header's row among the first rows, if any.
pub fn usage_header_row(rows: &[Vec<String>]) -> Option<u64> {
    let mut it = table::numbered_rows(rows.iter().take(HEADER_SEARCH_ROWS + 1).cloned());
    table::find_header(
        &mut it,
        &|c| ColumnMap::score(c),
        &|c| ColumnMap::score(&[c]) > 0,
        30,
    )
    .ok()
    .map(|(h, _)| h.line)
}

/// Reads every sheet of a workbook.
pub fn read_workbook(bytes: &[u8]) -> Result<Workbook> {
    if bytes.is_empty() {
        return Err(Error::new(
            ErrorCode::EmptyInput,
            "the file is empty",
            "文件为空",
        ));
    }
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(bad_workbook)?;
    let format = match &book {
        Sheets::Xls(_) => "xls",
        Sheets::Xlsx(_) => "xlsx",
        Sheets::Xlsb(_) => "xlsb",
        Sheets::Ods(_) => "ods",
    };
    let mut cells = 0usize;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = match book.worksheet_range(&name) {
            Ok(r) => r,
            // a chart sheet or another non-grid sheet: listed, empty
            Err(_) => calamine::Range::empty(),
        };
        let merged: Vec<Dimensions> = match &mut book {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => vec![],
        };
        let mut rows: Vec<Vec<String>> = Vec::new();
        if let (Some((r0, c0)), Some((r1, c1))) = (range.start(), range.end()) {
            let height = (r1 - r0 + 1) as usize;
            let width = (c1 + 1) as usize;
            cells = cells.saturating_add(height.saturating_mul(width));
            if cells > MAX_CELLS {
                return Err(too_large());
            }
            rows = vec![Vec::new(); r0 as usize];
            for r in r0..=r1 {
                let mut row = vec![String::new(); width];
                for c in c0..=c1 {
                    if let Some(cell) = range.get(((r - r0) as usize, (c - c0) as usize)) {
                        row[c as usize] = cell_text(cell);
                    }
                }
                rows.push(row);
            }
            // a merged range's text fills the range; a merged number stays in its first cell
            for m in &merged {
                let (top, left) = m.start;
                let first = range.get((
                    (top.saturating_sub(r0)) as usize,
                    (left.saturating_sub(c0)) as usize,
                ));
                if top < r0
                    || left < c0
                    || first.is_none_or(|d| is_number(d) || matches!(d, Data::Empty))
                {
                    continue;
                }
                let text = rows
                    .get(top as usize)
                    .and_then(|r| r.get(left as usize))
                    .cloned()
                    .unwrap_or_default();
                for r in top..=m.end.0.min(r1) {
                    for c in left..=m.end.1.min(c1) {
                        if let Some(slot) = rows
                            .get_mut(r as usize)
                            .and_then(|row| row.get_mut(c as usize))
                        {
                            *slot = text.clone();
                        }
                    }
                }
            }
            for row in &mut rows {
                while row.last().is_some_and(|c| c.is_empty()) {
                    row.pop();
                }
            }
        }
        let header_row = usage_header_row(&rows);
        sheets.push(Sheet {
            name,
            rows,
            header_row,
            merged: merged
                .iter()
                .map(|m| [m.start.0 + 1, m.start.1 + 1, m.end.0 + 1, m.end.1 + 1])
                .collect(),
        });
    }
    let default_sheet = sheets
        .iter()
        .position(|s| s.header_row.is_some())
        .or_else(|| {
            sheets
                .iter()
                .position(|s| s.rows.iter().any(|r| !r.is_empty()))
        });
    Ok(Workbook {
        format: format.into(),
        sheets,
        default_sheet,
    })
}

impl Workbook {
    /// The sheet of that name, or the default sheet.
    pub fn sheet(&self, name: Option<&str>) -> Result<&Sheet> {
        match name {
            Some(n) => self.sheets.iter().find(|s| s.name == n).ok_or_else(|| {
                let names: Vec<&str> = self.sheets.iter().map(|s| s.name.as_str()).collect();
                Error::new(
                    ErrorCode::SheetNotFound,
                    format!(
                        "the workbook has no sheet '{n}' (sheets: {})",
                        names.join(", ")
                    ),
                    format!("工作簿中没有工作表“{n}”（现有：{}）", names.join("、")),
                )
            }),
            None => self
                .default_sheet
                .and_then(|i| self.sheets.get(i))
                .ok_or_else(|| {
                    Error::new(
                        ErrorCode::EmptyInput,
                        "the workbook holds no data",
                        "工作簿中没有数据",
                    )
                }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_typed() {
        for (x, t) in [
            (1234.56, "1234.56"),
            (0.1, "0.1"),
            (6.45, "6.45"),
            (112.3267, "112.3267"),
            (1e21, "1000000000000000000000"),
            (123456789012345.0, "123456789012345"),
            (-60.0, "-60"),
            (0.999, "0.999"),
            (29.97 / 30.0, "0.999"),
            (0.000123, "0.000123"),
        ] {
            assert_eq!(number_text(x), t, "{x:?}");
        }
        // 17 significant digits are cut to Excel's 15
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(1.0000000000000002), "1");
        assert_eq!(number_text(f64::NAN), "NaN");
    }

    #[test]
    fn not_a_workbook() {
        assert_eq!(read_workbook(b"").unwrap_err().code, ErrorCode::EmptyInput);
        assert_eq!(
            read_workbook(b"drug,quantity\n").unwrap_err().code,
            ErrorCode::BadWorkbook
        );
        assert_eq!(
            read_workbook(b"PK\x03\x04 not really a zip")
                .unwrap_err()
                .code,
            ErrorCode::BadWorkbook
        );
    }
}
