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
pub mod result_table;
pub mod stream;
pub mod table;
#[cfg(feature = "xlsx")]
pub mod xlsx;

use crate::error::{Error, ErrorCode, Result};

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

    /// The records, each with its line.
    pub fn rows(
        &self,
    ) -> impl Iterator<Item = std::result::Result<table::Row<std::borrow::Cow<'_, str>>, table::RowError>>
    {
        csv::Reader::new(&self.text, self.delimiter).map(|r| {
            r.map(|rec| table::Row {
                line: rec.line,
                cells: rec.fields,
                quirk: rec.lenient_quote,
            })
        })
    }
}
