//! A usage table read into line objects, not validated: what the page keeps as the
//! user's data (every field the engine reads, as written, each with its file line), to
//! edit and estimate again with `estimate::inputs::estimate_numbered_lines`. The one
//! table reader reads it ([`super::table`]); a row with a bad number is kept as written,
//! so it can be corrected, and the estimate rejects it until then.

use super::{table, CsvText};
use crate::error::{Error, ErrorCode, Result};
use crate::line::{Field, InputInfo, LineCells, LineInput, LineSink, Problem, UsageLine, Warning};
use crate::values::number::trim_cell;

/// A usage table's data rows as line objects. Blank rows are left out.
#[derive(Debug, Clone, Default)]
pub struct TableLines {
    /// Each data row's line (the file's line; a sheet's row number) and its cells by field.
    pub lines: Vec<(u64, LineInput)>,
    /// Rows that are not lines: unreadable rows (an unclosed quote, a cell too large) and totals rows.
    pub rejected: Vec<Problem>,
    /// Warnings about rows that are lines (malformed quotes, cells beyond the header).
    pub warnings: Vec<Warning>,
    /// What the reading found (kind, encoding, delimiter, header, columns, rows, blank lines).
    pub input: InputInfo,
}

impl LineSink for TableLines {
    fn add_line(&mut self, _line: UsageLine) -> std::result::Result<(), Problem> {
        Ok(()) // never offered: take_cells keeps every row
    }
    fn reject(&mut self, problem: Problem) {
        self.rejected.push(problem);
    }
    fn warn(&mut self, line: u64, code: &str, en: String, zh: String) {
        self.warnings.push(Warning {
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

/// Reads CSV bytes into line objects; errors as an estimate of the file does when
/// nothing can be read.
pub fn read_csv_lines(bytes: &[u8]) -> Result<TableLines> {
    let csv = CsvText::decode(bytes)?;
    let mut out = TableLines::default();
    out.input.kind = "csv".into();
    out.input.encoding = Some(csv.encoding.into());
    out.input.delimiter = Some(csv.delimiter_name());
    let info = table::read_usage(csv.rows(), &mut out)?;
    info.record_into(&mut out.input);
    Ok(out)
}

/// Reads rows of text cells (`rows[i]` is line `i + 1`) into line objects.
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
    result?.record_into(&mut out.input);
    Ok(out)
}

#[cfg(test)]
mod tests {
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
        let from_lines = crate::estimate::inputs::estimate_numbered_lines(
            t.lines.iter().map(|(n, l)| (*n, Ok(l))),
            cat,
            &opts,
        )
        .unwrap();
        let from_file = crate::estimate::inputs::estimate_csv(file.as_bytes(), cat, &opts).unwrap();
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
}
