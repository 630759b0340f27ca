//! Reading month files: one row per month (and perhaps per drug) with a month and a
//! quantity, as a procurement platform or a hospital system exports them — the input of
//! cycle tracking. The same pipeline as every table ([`super::table`]): decoding, the header
//! search among the first rows (a title may sit above it), unreadable rows reported where
//! they are; a bad row is reported by line and column, every other row counts.

use super::table::{self, Row, RowError};
use super::{columns::normalize_header, CsvText};
use crate::error::{Error, ErrorCode, Result};
use crate::line::Problem;
use crate::values::cells::Cell;
use crate::values::month::Month;
use crate::values::number::trim_cell;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Most rows in one month file.
pub const MAX_ROWS: usize = 1_000_000;

/// One monthly consumption row, as text cells.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthRowInput {
    /// `YYYY-MM` (see [`Month::parse`] for the other forms read).
    #[serde(default)]
    pub month: Cell,
    /// Units used (or bought) that month; negative = returns.
    #[serde(default)]
    pub quantity: Cell,
    #[serde(default)]
    pub drug: Option<String>,
}

/// A parsed row, before filtering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthRow {
    pub line: u64,
    pub month: Month,
    pub quantity: Decimal,
    pub drug: Option<String>,
}

/// Reads one row; a problem names the field.
pub fn parse_row(line: u64, r: &MonthRowInput) -> std::result::Result<MonthRow, Problem> {
    let month_text = r.month.0.as_deref().unwrap_or("");
    if crate::values::number::trim_cell(month_text).is_empty() {
        return Err(Problem::new(
            line,
            Some("month"),
            None,
            Error::new(ErrorCode::BadMonth, "the month is missing", "缺少月份"),
        ));
    }
    let month = Month::parse(month_text)
        .map_err(|e| Problem::new(line, Some("month"), Some(month_text), e))?;
    let quantity = r
        .quantity
        .required("quantity", ErrorCode::MissingQuantity)
        .map_err(|e| Problem::new(line, Some("quantity"), r.quantity.0.as_deref(), e))?;
    Ok(MonthRow {
        line,
        month,
        quantity,
        drug: r.drug.clone().filter(|d| !d.trim().is_empty()),
    })
}

const MONTH_HEADERS: &[&str] = &[
    "month",
    "月份",
    "年月",
    "月",
    "统计月份",
    "使用月份",
    "采购月份",
    "yearmonth",
    "period",
];

const QUANTITY_HEADERS: &[&str] = &[
    "quantity",
    "qty",
    "数量",
    "使用数量",
    "采购数量",
    "用量",
    "消耗量",
    "使用量",
    "采购量",
    "入库数量",
    "出库数量",
];

const DRUG_HEADERS: &[&str] = &[
    "drug",
    "药品名称",
    "通用名",
    "通用名称",
    "品名",
    "药品",
    "drugname",
];

/// The columns of a month file: which header words name which field.
struct MonthColumns {
    month: Option<usize>,
    quantity: Option<usize>,
    drug: Option<usize>,
    headers: Vec<String>,
}

impl MonthColumns {
    fn of(cells: &[String]) -> MonthColumns {
        let find = |names: &[&str]| {
            cells
                .iter()
                .position(|c| names.contains(&normalize_header(c).as_str()))
        };
        MonthColumns {
            month: find(MONTH_HEADERS),
            quantity: find(QUANTITY_HEADERS),
            drug: find(DRUG_HEADERS),
            headers: cells.to_vec(),
        }
    }

    /// How many of the two required columns (month, quantity) a header row names.
    fn score(cells: &[String]) -> usize {
        let c = MonthColumns::of(cells);
        usize::from(c.month.is_some()) + usize::from(c.quantity.is_some())
    }

    fn names_field(cell: &str) -> bool {
        let n = normalize_header(cell);
        [MONTH_HEADERS, QUANTITY_HEADERS, DRUG_HEADERS]
            .iter()
            .any(|names| names.contains(&n.as_str()))
    }

    /// Places a problem of a field in its column.
    fn locate(&self, p: &mut Problem) {
        let col = match p.field.as_deref() {
            Some("month") => self.month,
            Some("quantity") => self.quantity,
            Some("drug") => self.drug,
            _ => None,
        };
        if let Some(c) = col {
            p.column = Some(c as u32 + 1);
            p.header = self.headers.get(c).cloned();
        }
    }
}

fn no_month_header() -> Error {
    Error::new(
        ErrorCode::NoHeader,
        "no header row found: the first rows must name a month column (month / 月份) and a quantity column (quantity / 数量)",
        "未找到表头：前几行须包含月份列（month / 月份）和数量列（quantity / 数量）",
    )
}

/// The rows of a month file and the rows refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonthRows {
    pub rows: Vec<MonthRow>,
    pub rejected: Vec<Problem>,
}

/// Reads a month file's rows (any table: a CSV file's, a sheet's).
pub fn read_month_rows<S: AsRef<str>>(
    records: impl Iterator<Item = std::result::Result<Row<S>, RowError>>,
) -> Result<MonthRows> {
    let mut records = records;
    let (header, buffered) = table::find_header(
        &mut records,
        &MonthColumns::score,
        &MonthColumns::names_field,
        2,
    )
    .map_err(|e| match e {
        table::NoHeader::Unreadable(e) => {
            let p = table::record_problem(&e, &[]);
            Error::new(p.code, p.message, p.message_zh)
        }
        table::NoHeader::Closest(_) => no_month_header(),
    })?;
    let columns = MonthColumns::of(&header.cells);
    let (Some(mc), Some(qc)) = (columns.month, columns.quantity) else {
        return Err(no_month_header());
    };
    let mut out = MonthRows::default();
    for rec in buffered.into_iter().chain(records) {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                out.rejected
                    .push(table::record_problem(&e, &columns.headers));
                continue;
            }
        };
        if rec.cells.iter().all(|f| trim_cell(f.as_ref()).is_empty()) {
            continue;
        }
        if out.rows.len() + out.rejected.len() >= MAX_ROWS {
            return Err(Error::new(
                ErrorCode::TooLarge,
                format!("more than {MAX_ROWS} rows"),
                format!("超过{MAX_ROWS}行"),
            ));
        }
        let cell = |i: usize| rec.cells.get(i).map(|f| f.as_ref().to_string());
        let input = MonthRowInput {
            month: Cell(cell(mc)),
            quantity: Cell(cell(qc)),
            drug: columns.drug.and_then(cell),
        };
        match parse_row(rec.line, &input) {
            Ok(r) => out.rows.push(r),
            Err(mut p) => {
                columns.locate(&mut p);
                out.rejected.push(p);
            }
        }
    }
    Ok(out)
}

/// Reads a month file's bytes (UTF-8, UTF-16 or GB18030/GBK CSV).
pub fn read_months_csv(bytes: &[u8]) -> Result<MonthRows> {
    let csv = CsvText::decode(bytes)?;
    read_month_rows(csv.rows())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_may_sit_below_as_many_title_rows_as_in_any_table() {
        // 15 title rows: the usage tables' search (20 rows) finds it; the cycle's own
        // reader searched 10 and refused the file
        let mut csv = String::new();
        for i in 0..15 {
            csv.push_str(&format!("某医院月度采购报表 第{i}行\n"));
        }
        csv.push_str("月份,数量\n2023-01,10\n2023-02,abc\n");
        let read = read_months_csv(csv.as_bytes()).unwrap();
        assert_eq!(read.rows.len(), 1);
        assert_eq!(read.rows[0].line, 17);
        assert_eq!(read.rejected.len(), 1);
        let p = &read.rejected[0];
        assert_eq!(
            (p.line, p.column, p.header.as_deref()),
            (18, Some(2), Some("数量"))
        );
    }

    #[test]
    fn an_unreadable_row_says_why_and_the_rows_after_it_still_count() {
        let long = "x".repeat(crate::import::csv::MAX_FIELD_BYTES + 1);
        let csv = format!("month,quantity,drug\n2023-01,5,{long}\n2023-02,7,A\n");
        let read = read_months_csv(csv.as_bytes()).unwrap();
        // a too-long cell is `too_large` (the cycle's own reader called it an unterminated quote and stopped)
        assert_eq!(read.rejected.len(), 1);
        assert_eq!(read.rejected[0].code, ErrorCode::TooLarge);
        assert_eq!(
            (read.rejected[0].line, read.rejected[0].column),
            (2, Some(3))
        );
        assert_eq!(read.rows.len(), 1);
        assert_eq!(read.rows[0].quantity, Decimal::from(7));
    }

    #[test]
    fn without_month_and_quantity_columns_there_is_no_header() {
        assert_eq!(
            read_months_csv(b"drug,amount\nA,1\n").unwrap_err().code,
            ErrorCode::NoHeader
        );
    }
}
