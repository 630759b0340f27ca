//! The one pipeline every table takes — a CSV file, a spreadsheet sheet, rows handed
//! over from JavaScript: find the header among the first rows, map its columns, and turn
//! each data row into a usage line or into problems located by line and column.
//!
//! The header may sit below title rows, and may take two rows: a group cell above
//! (`单价(元)`, merged across two columns) and the words below (`集采前`, `中选`). The
//! two rows are read as one when that recognises more columns than the upper row alone:
//! per column the lower word, the lower word followed by the upper (`集采前单价`), the
//! upper followed by the lower, or the upper word — the first that names a field. An
//! empty upper cell over a word takes the nearest group cell to its left (a merged
//! cell exported to CSV keeps its text in its first column only).

use super::columns::ColumnMap;
use super::csv::RecordError;
use crate::error::{Error, ErrorCode, Result};
use crate::line::Field;
use crate::line::{
    is_summary_word, parse_line_ref, ColumnUse, InputInfo, LineCells, LineSink, Problem,
};
use crate::values::number::trim_cell;
use std::borrow::Cow;

/// How many rows at the top may be titles before the header must appear.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// One row of a table: its line (1-based; a spreadsheet's row number) and its cells,
/// the first cell being column 1 (A).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<S> {
    pub line: u64,
    pub cells: Vec<S>,
    /// CSV only: the first column whose quotes were malformed (text after a closing
    /// quote, read as Excel reads it), to be warned about.
    pub quirk: Option<u32>,
}

impl<S> Row<S> {
    /// A row of these cells on this line.
    pub fn new(line: u64, cells: Vec<S>) -> Row<S> {
        Row {
            line,
            cells,
            quirk: None,
        }
    }
}

/// A row that could not be read (CSV only: an unclosed quote, a field too large).
pub type RowError = RecordError;

/// Where the header was found and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Line of the (first) header row.
    pub line: u64,
    /// 1, or 2 for a two-row header.
    pub rows: u64,
    /// The header cells, the two rows combined where there are two.
    pub cells: Vec<String>,
}

/// Why no header was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoHeader {
    /// No row scored enough; the closest row's cells, if any row named a field.
    Closest(Option<Vec<String>>),
    /// A row could not be read before a header was found.
    Unreadable(RowError),
}

/// What a table's reading found, for the report's `input` section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableInfo {
    pub header_line: u64,
    pub header_rows: u64,
    pub columns: Vec<ColumnUse>,
    pub ignored_columns: Vec<String>,
    pub rows: u64,
    pub blank_lines: u64,
}

impl TableInfo {
    /// Writes what the reading found into a report's `input` section (the one place
    /// the header, columns and counts are copied).
    pub fn record_into(&self, input: &mut InputInfo) {
        input.header_line = Some(self.header_line);
        input.header_rows = self.header_rows;
        input.lines_before_header = self.header_line.saturating_sub(1);
        input.columns = self.columns.clone();
        input.ignored_columns = self.ignored_columns.clone();
        input.rows = self.rows;
        input.blank_lines = self.blank_lines;
    }
}

fn text<S: AsRef<str>>(cells: &[S], i: usize) -> &str {
    cells.get(i).map_or("", |c| trim_cell(c.as_ref()))
}

/// Combines a two-row header into one row of header words (see the module docs).
pub fn combine_header_rows<S: AsRef<str>>(
    upper: &[S],
    lower: &[S],
    names_field: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let n = upper.len().max(lower.len());
    let mut out = Vec::with_capacity(n);
    let mut group = "";
    for i in 0..n {
        let (up, low) = (text(upper, i), text(lower, i));
        let cell = if up.is_empty() {
            // under a merged group cell: the group's text sits in its first column only
            let joined = (!low.is_empty() && !group.is_empty() && !names_field(low))
                .then(|| {
                    [format!("{low}{group}"), format!("{group}{low}")]
                        .into_iter()
                        .find(|c| names_field(c))
                })
                .flatten();
            joined.unwrap_or_else(|| low.to_string())
        } else {
            group = up;
            if up == low || low.is_empty() {
                up.to_string()
            } else {
                [format!("{low}{up}"), format!("{up}{low}")]
                    .into_iter()
                    .find(|c| names_field(c))
                    .unwrap_or_else(|| {
                        if names_field(low) || !names_field(up) {
                            low.to_string()
                        } else {
                            up.to_string()
                        }
                    })
            }
        };
        out.push(cell);
    }
    out
}

fn cells_of<S: AsRef<str>>(row: &Row<S>) -> Vec<String> {
    row.cells
        .iter()
        .map(|c| trim_cell(c.as_ref()).to_string())
        .collect()
}

/// Finds the header among the first [`HEADER_SEARCH_ROWS`] rows: the first row (alone
/// or with the row below it) whose `score` reaches `threshold`. Returns the header and
/// the rows read past it, which are data.
#[allow(clippy::type_complexity)]
pub fn find_header<S: AsRef<str>>(
    records: &mut dyn Iterator<Item = std::result::Result<Row<S>, RowError>>,
    score: &dyn Fn(&[String]) -> usize,
    names_field: &dyn Fn(&str) -> bool,
    threshold: usize,
) -> std::result::Result<(Header, Vec<std::result::Result<Row<S>, RowError>>), NoHeader> {
    let mut buffer: Vec<std::result::Result<Row<S>, RowError>> = Vec::new();
    let mut failed = None;
    for rec in &mut *records {
        match rec {
            Ok(r) => buffer.push(Ok(r)),
            Err(e) => {
                failed = Some(e.clone());
                buffer.push(Err(e));
                break;
            }
        }
        if buffer.len() > HEADER_SEARCH_ROWS {
            break;
        }
    }
    let mut closest: Option<(usize, Vec<String>)> = None;
    let rows: Vec<&Row<S>> = buffer.iter().map_while(|r| r.as_ref().ok()).collect();
    for i in 0..rows.len().min(HEADER_SEARCH_ROWS) {
        let single = cells_of(rows[i]);
        let single_score = score(&single);
        let pair = rows
            .get(i + 1)
            .map(|next| combine_header_rows(&rows[i].cells, &next.cells, names_field));
        let pair_score = pair.as_ref().map_or(0, |p| score(p));
        // two rows only when each adds to the other (a title above a header adds nothing)
        let lower_score = rows.get(i + 1).map_or(0, |r| score(&cells_of(r)));
        let chosen =
            if pair_score > single_score && pair_score > lower_score && pair_score >= threshold {
                Some((2, pair.unwrap_or_default()))
            } else if single_score >= threshold {
                Some((1, single.clone()))
            } else {
                None
            };
        if let Some((n, cells)) = chosen {
            let header = Header {
                line: rows[i].line,
                rows: n,
                cells,
            };
            let rest = buffer.split_off(i + n as usize);
            return Ok((header, rest));
        }
        if single_score > 0 && closest.as_ref().is_none_or(|(s, _)| single_score > *s) {
            closest = Some((single_score, single));
        }
    }
    match (closest, failed) {
        (Some((_, cells)), _) => Err(NoHeader::Closest(Some(cells))),
        (None, Some(e)) => Err(NoHeader::Unreadable(e)),
        (None, None) => Err(NoHeader::Closest(None)),
    }
}

/// The error for a usage table without a header.
pub fn no_usage_header(e: NoHeader) -> Error {
    match e {
        NoHeader::Closest(Some(cells)) => match ColumnMap::from_header(&cells) {
            Err(e) => e,
            Ok(_) => no_header_error(),
        },
        NoHeader::Closest(None) => no_header_error(),
        NoHeader::Unreadable(e) => {
            let p = record_problem(&e, &[]);
            Error::new(p.code, p.message, p.message_zh)
        }
    }
}

fn no_header_error() -> Error {
    Error::new(
        ErrorCode::NoHeader,
        "no header row found: the first rows must include columns for the drug (药品名称), the quantity (数量) and the baseline unit price (集采前单价)",
        "未找到表头：前几行须包含药品名称、数量和集采前单价三列",
    )
}

/// Reads a usage table into `sink`: header search, column map, every row validated.
/// Errors only when nothing can be read (no header, a missing or duplicated column).
pub fn read_usage<S: AsRef<str>>(
    records: impl Iterator<Item = std::result::Result<Row<S>, RowError>>,
    sink: &mut dyn LineSink,
) -> Result<TableInfo> {
    let mut records = records;
    let (header, buffered) = find_usage_header(&mut records)?;
    let mut table = UsageTable::new(&header)?;
    for rec in buffered.into_iter().chain(records) {
        table.row(rec, sink);
    }
    Ok(table.info)
}

/// [`read_usage`] for CSV text: the same reading, the data rows read one after the other
/// into one row whose cells are reused (no allocation per row for the cells).
pub fn read_usage_csv(
    mut reader: super::csv::Reader<'_>,
    sink: &mut dyn LineSink,
) -> Result<TableInfo> {
    let mut rows = (&mut reader).map(|r| {
        r.map(|rec| Row {
            line: rec.line,
            cells: rec.fields,
            quirk: rec.lenient_quote,
        })
    });
    let (header, buffered) = find_usage_header(&mut rows)?;
    drop(rows);
    let mut table = UsageTable::new(&header)?;
    // one scan of the whole text for a NUL or a U+FFFD instead of one per cell (a row's
    // cells are pieces of this text); where it finds one, every cell is scanned as before
    table.text_is_clean = !crate::line::has_nul_or_replacement(reader.text());
    for rec in buffered {
        table.row(rec, sink);
    }
    let mut row = Row::new(0, Vec::new());
    while let Some(read) = reader.read_into(&mut row.cells) {
        match read {
            Ok((line, quirk)) => {
                row.line = line;
                row.quirk = quirk;
                table.row_ref(Ok(&row), sink);
            }
            Err(e) => table.row_ref::<Cow<str>>(Err(e), sink),
        }
    }
    Ok(table.info)
}

/// A usage table whose header is known: reads its rows one at a time (so a caller can
/// stream them) and counts what it read.
pub struct UsageTable {
    pub map: ColumnMap,
    pub info: TableInfo,
    /// The reader found no NUL and no U+FFFD in the whole text the rows come from
    /// ([`LineCells::text_is_clean`]); `false` (each cell scanned) unless it looked.
    pub text_is_clean: bool,
}

impl UsageTable {
    /// The table under `header`; errors for a missing or duplicated column.
    pub fn new(header: &Header) -> Result<UsageTable> {
        let map = ColumnMap::from_header(&header.cells)?;
        let info = TableInfo {
            header_line: header.line,
            header_rows: header.rows,
            columns: map.uses.clone(),
            ignored_columns: map.ignored.clone(),
            ..Default::default()
        };
        Ok(UsageTable {
            map,
            info,
            text_is_clean: false,
        })
    }

    /// Reads one data row (or a row that could not be read) into `sink`.
    pub fn row<S: AsRef<str>>(
        &mut self,
        rec: std::result::Result<Row<S>, RowError>,
        sink: &mut dyn LineSink,
    ) {
        match rec {
            Ok(r) => self.row_ref(Ok(&r), sink),
            Err(e) => self.row_ref::<S>(Err(e), sink),
        }
    }

    /// [`UsageTable::row`] for a row the caller keeps.
    pub fn row_ref<S: AsRef<str>>(
        &mut self,
        rec: std::result::Result<&Row<S>, RowError>,
        sink: &mut dyn LineSink,
    ) {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                self.info.rows += 1;
                sink.reject(record_problem(&e, self.map.headers()));
                return;
            }
        };
        if rec.cells.iter().all(|f| trim_cell(f.as_ref()).is_empty()) {
            self.info.blank_lines += 1;
            return;
        }
        self.info.rows += 1;
        read_usage_row(rec, &self.map, self.text_is_clean, sink);
    }
}

/// Finds the header of a usage table among its first rows (see [`find_header`]).
#[allow(clippy::type_complexity)]
pub fn find_usage_header<S: AsRef<str>>(
    records: &mut dyn Iterator<Item = std::result::Result<Row<S>, RowError>>,
) -> Result<(Header, Vec<std::result::Result<Row<S>, RowError>>)> {
    // undecodable characters among the first rows, with no header found, mean the
    // file's encoding was taken wrongly (a GBK file behind a UTF-8 byte-order mark …)
    let mut undecodable = false;
    let mut watched = records.inspect(|r| {
        if let Ok(r) = r {
            undecodable |= r.cells.iter().any(|c| c.as_ref().contains('\u{fffd}'));
        }
    });
    let found = find_header(
        &mut watched,
        &|cells| ColumnMap::score(cells),
        &|cell| ColumnMap::score(&[cell]) > 0,
        30,
    );
    drop(watched);
    found.map_err(|e| {
        if undecodable {
            Error::new(
                ErrorCode::Encoding,
                "no header row can be read: the first rows hold characters that are not text in the encoding the file appears to use; save it as UTF-8 or GBK and import it again",
                "无法读取表头：前几行含有按文件编码无法识别的字符；请将文件另存为UTF-8或GBK后重新导入",
            )
        } else {
            no_usage_header(e)
        }
    })
}

/// A table row's cells by field, read in place.
struct RowCells<'r, S> {
    row: &'r Row<S>,
    map: &'r ColumnMap,
    text_is_clean: bool,
}

impl<S: AsRef<str>> LineCells for RowCells<'_, S> {
    fn cell(&self, f: Field) -> Option<&str> {
        self.map
            .get(f)
            .and_then(|c| self.row.cells.get(c))
            .map(AsRef::as_ref)
    }

    fn text_is_clean(&self) -> bool {
        self.text_is_clean
    }
}

/// The problem for a totals row whose word (合计 …) sits in another cell than the drug's
/// (序号, or a blank drug cell): `drug` is the row's drug cell, `header` names a column.
/// `None` for any other row. Shared by every table reader.
pub fn summary_row_elsewhere<S: AsRef<str>>(
    rec: &Row<S>,
    drug: Option<&str>,
    header: &dyn Fn(usize) -> Option<String>,
) -> Option<Problem> {
    let elsewhere = drug.map(trim_cell).is_none_or(str::is_empty)
        && rec.cells.iter().any(|f| is_summary_word(f.as_ref()));
    if !elsewhere {
        return None;
    }
    let col = rec.cells.iter().position(|f| is_summary_word(f.as_ref()));
    let word = col
        .and_then(|c| rec.cells.get(c))
        .map(|f| f.as_ref().to_string());
    let mut p = Problem::new(
        rec.line,
        None,
        word.as_deref(),
        Error::new(
            ErrorCode::SummaryRow,
            "a totals row; not counted, so nothing is counted twice",
            "合计行，不计入，以免重复计算",
        ),
    );
    p.column = col.map(|c| c as u32 + 1);
    p.header = col.and_then(header);
    Some(p)
}

/// Warnings about a data row's shape, as (code, English, Chinese): quotes read as Excel reads
/// them, cells beyond the header's `width`. Shared by every table reader.
pub fn shape_warnings<S: AsRef<str>>(
    rec: &Row<S>,
    width: usize,
) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    if let Some(col) = rec.quirk {
        out.push((
            "malformed_quotes",
            format!("column {col}: text follows a closing quote; read as Excel reads it (quotes dropped, text kept)"),
            format!("第{col}列：右引号后还有文字；按Excel的方式读取（去掉引号，保留文字）"),
        ));
    }
    if rec.cells.len() > width
        && rec.cells[width..]
            .iter()
            .any(|c| !trim_cell(c.as_ref()).is_empty())
    {
        out.push((
            "extra_cells",
            format!(
                "this row has {} cells but the header {}: the cells beyond column {} were not read (an unquoted thousands separator such as 1,000 splits a number in two)",
                rec.cells.len(),
                width,
                width
            ),
            format!("该行有{}个单元格，而表头只有{}列：第{}列之后的内容未读取（未加引号的千位分隔符如 1,000 会把一个数拆成两格）", rec.cells.len(), width, width),
        ));
    }
    out
}

fn read_usage_row<S: AsRef<str>>(
    rec: &Row<S>,
    map: &ColumnMap,
    text_is_clean: bool,
    sink: &mut dyn LineSink,
) {
    let input = RowCells {
        row: rec,
        map,
        text_is_clean,
    };
    // a totals row may carry its word in another column (序号 / a blank drug cell)
    if let Some(p) = summary_row_elsewhere(rec, input.cell(Field::Drug), &|c| {
        map.header(c).map(str::to_string)
    }) {
        sink.reject(p);
        return;
    }
    for (code, en, zh) in shape_warnings(rec, map.width()) {
        sink.warn(rec.line, code, en, zh);
    }
    if sink.take_cells(rec.line, &input) {
        return;
    }
    match parse_line_ref(rec.line, &input) {
        Ok(line) => {
            if let Err(mut p) = sink.add_line_ref(&line) {
                locate(&mut p, &map.uses);
                sink.reject(p);
            }
        }
        Err(problems) => {
            for mut p in problems {
                locate(&mut p, &map.uses);
                sink.reject(p);
            }
        }
    }
}

/// Places a problem in the file: the column and header of the field it names, among
/// the columns a table's reading recognised (the one place a problem gets its column).
pub fn locate(p: &mut Problem, columns: &[ColumnUse]) {
    if let Some(u) = p
        .field
        .as_deref()
        .and_then(|f| columns.iter().find(|u| u.field == f))
    {
        p.column = Some(u.column);
        p.header = Some(u.header.clone());
    }
}

/// A problem for a row that could not be read.
pub fn record_problem(e: &RowError, headers: &[String]) -> Problem {
    match *e {
        RecordError::UnterminatedQuote {
            line,
            column,
            lines_swallowed,
        } => {
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
            p.header = headers.get(column as usize - 1).cloned();
            p
        }
        RecordError::TooLarge { line, column, what } => {
            let mut p = Problem::new(
                line,
                None,
                None,
                Error::new(
                    ErrorCode::TooLarge,
                    format!(
                        "the {what} is larger than this tool reads ({} bytes per field, {} fields per row)",
                        super::csv::MAX_FIELD_BYTES,
                        super::csv::MAX_FIELDS
                    ),
                    format!("单元格或列数超出上限（每格{}字节，每行{}列）", super::csv::MAX_FIELD_BYTES, super::csv::MAX_FIELDS),
                ),
            );
            p.column = Some(column);
            p.header = headers.get(column as usize - 1).cloned();
            p
        }
    }
}

/// Rows given as plain cell lists, numbered from line 1.
pub fn numbered_rows<S>(
    rows: impl IntoIterator<Item = Vec<S>>,
) -> impl Iterator<Item = std::result::Result<Row<S>, RowError>> {
    rows.into_iter()
        .enumerate()
        .map(|(i, cells)| Ok(Row::new(i as u64 + 1, cells)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(cell: &str) -> bool {
        ColumnMap::score(&[cell]) > 0
    }

    #[test]
    fn two_row_header_with_a_merged_group_cell() {
        // as a spreadsheet reader gives it: the merged group cell repeated in each column it spans
        let upper = ["序号", "药品名称", "数量", "单价(元)", "单价(元)", "金额"];
        let lower = ["序号", "药品名称", "数量", "集采前", "中选", "金额"];
        let c = combine_header_rows(&upper, &lower, &names);
        assert_eq!(
            c,
            vec![
                "序号",
                "药品名称",
                "数量",
                "集采前单价(元)",
                "中选单价(元)",
                "金额"
            ]
        );
        // as CSV gives it: the group's text in its first column only, the vertical merges empty below
        let upper = ["序号", "药品名称", "数量", "单价（元）", "", "金额"];
        let lower = ["", "", "", "集采前", "中选", ""];
        let c = combine_header_rows(&upper, &lower, &names);
        assert_eq!(
            c,
            vec![
                "序号",
                "药品名称",
                "数量",
                "集采前单价（元）",
                "中选单价（元）",
                "金额"
            ]
        );
        let m = ColumnMap::from_header(&c).unwrap();
        assert_eq!(m.get(Field::BaselineUnitPrice), Some(3));
        assert_eq!(m.get(Field::VbpUnitPrice), Some(4));
    }

    #[test]
    fn header_below_a_title_and_a_data_row_is_not_a_header_continuation() {
        let rows = vec![
            vec!["某医院2023年集采药品采购明细", "", ""],
            vec!["药品名称", "数量", "集采前单价"],
            vec!["甲磺酸仑伐替尼胶囊", "90", "108"],
        ];
        let mut it = numbered_rows(rows);
        let (h, rest) = find_header(&mut it, &|c| ColumnMap::score(c), &names, 30).unwrap();
        assert_eq!((h.line, h.rows), (2, 1));
        assert_eq!(rest.len(), 1);
    }

    #[test]
    fn two_row_header_is_found_and_data_starts_after_it() {
        let rows = vec![
            vec!["表一", "", "", "", ""],
            vec!["药品名称", "数量", "单价(元)", "单价(元)", "生产企业"],
            vec!["药品名称", "数量", "集采前", "中选", "生产企业"],
            vec!["某药", "1", "2", "1", ""],
        ];
        let mut it = numbered_rows(rows);
        let (h, rest) = find_header(&mut it, &|c| ColumnMap::score(c), &names, 30).unwrap();
        assert_eq!((h.line, h.rows), (2, 2));
        assert_eq!(h.cells[2], "集采前单价(元)");
        assert_eq!(rest.len(), 1);
    }

    #[test]
    fn no_header_names_the_missing_columns() {
        let rows = vec![vec!["药品名称", "规格"], vec!["x", "y"]];
        let mut it = numbered_rows(rows);
        let e = find_header(&mut it, &|c| ColumnMap::score(c), &names, 30).unwrap_err();
        assert_eq!(no_usage_header(e).code, ErrorCode::MissingColumn);
        let mut it = numbered_rows(vec![vec!["a", "b"]]);
        let e = find_header(&mut it, &|c| ColumnMap::score(c), &names, 30).unwrap_err();
        assert_eq!(no_usage_header(e).code, ErrorCode::NoHeader);
    }
}
