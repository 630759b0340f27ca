//! Reading usage data: CSV files (any encoding hospital systems write), spreadsheet
//! sheets, rows of cells and line objects, under the same rules. A row that can't be
//! used is reported with its line, column, stable code and a plain-words message;
//! every other row counts. CSV, spreadsheets and rows share one pipeline ([`table`]).
//!
//! Readers hand what they read to a [`crate::line::LineSink`] and never name what is
//! behind it (the estimator, the programme's router, a collector).

pub mod columns;
pub mod csv;
pub mod decode;
pub mod lines;
pub mod months;
pub mod result_table;
pub mod stream;
pub mod table;
#[cfg(feature = "xlsx")]
pub mod xlsx;

use crate::error::{Error, ErrorCode, Result};
use crate::line::Problem;
use serde::Serialize;

/// CSV bytes decoded and split into rows: the same rows a spreadsheet sheet gives. The
/// text borrows the bytes when they were UTF-8 already (no copy of a large file).
pub struct CsvText<'a> {
    pub text: std::borrow::Cow<'a, str>,
    pub encoding: &'static str,
    pub delimiter: u8,
}

impl<'a> CsvText<'a> {
    /// Decodes CSV bytes (UTF-8 with or without BOM, UTF-16, GB18030/GBK) and sniffs the delimiter.
    pub fn decode(bytes: &'a [u8]) -> Result<CsvText<'a>> {
        let decoded = decode::decode(bytes)?;
        let text = decoded.text;
        if text
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
            .is_empty()
        {
            return Err(Error::new(
                ErrorCode::EmptyInput,
                "the file holds no data",
                "文件中没有数据",
            ));
        }
        let delimiter = csv::sniff_delimiter(&text);
        Ok(CsvText {
            text,
            encoding: decoded.encoding,
            delimiter,
        })
    }

    /// The delimiter's name as reports show it (`,`, `tab`, `;`).
    pub fn delimiter_name(&self) -> String {
        csv::delimiter_name(self.delimiter)
    }

    /// A reader of the records.
    pub fn reader(&self) -> csv::Reader<'_> {
        csv::Reader::new(&self.text, self.delimiter)
    }

    /// The records, each with its line.
    pub fn rows(
        &self,
    ) -> impl Iterator<Item = std::result::Result<table::Row<std::borrow::Cow<'_, str>>, table::RowError>>
    {
        self.reader().map(|r| {
            r.map(|rec| table::Row {
                line: rec.line,
                cells: rec.fields,
                quirk: rec.lenient_quote,
            })
        })
    }
}

/// A CSV file as a sheet of text cells, for a caller that maps or shows the cells itself
/// (the page's column mapping): `rows[i]` is line `i + 1` (a record that spans lines is
/// followed by empty rows, so line numbers stay those of the file), the rows that could not
/// be read listed apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CsvSheet {
    pub rows: Vec<Vec<String>>,
    pub encoding: &'static str,
    pub delimiter: String,
    pub unreadable: Vec<Problem>,
}

impl CsvSheet {
    /// Decodes and splits CSV bytes (UTF-8, UTF-16 or GB18030/GBK).
    pub fn read(bytes: &[u8]) -> Result<CsvSheet> {
        let csv = CsvText::decode(bytes)?;
        let mut out = CsvSheet {
            rows: vec![],
            encoding: csv.encoding,
            delimiter: csv.delimiter_name(),
            unreadable: vec![],
        };
        for rec in csv.rows() {
            match rec {
                Ok(r) => {
                    let index = r.line.saturating_sub(1) as usize;
                    if out.rows.len() < index {
                        out.rows.resize(index, Vec::new());
                    }
                    out.rows
                        .push(r.cells.into_iter().map(|c| c.into_owned()).collect());
                }
                Err(e) => out.unreadable.push(table::record_problem(&e, &[])),
            }
        }
        Ok(out)
    }
}
