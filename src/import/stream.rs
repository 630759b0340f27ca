//! Streaming CSV import: bytes in pieces, rows estimated as they come, the whole file
//! never held. A Web Worker feeds a file this way with a progress bar; the result is
//! exactly that of [`super::estimate_csv`] on the same bytes.
//!
//! Pieces are cut at their last line break before decoding (a line break is never part
//! of a UTF-8 or GB18030 multi-byte character), and CSV records are read up to the last
//! complete one: a quoted field that goes on into the next piece waits for it. The
//! encoding and the delimiter are decided from the first [`SAMPLE_BYTES`] (or the whole
//! input, if shorter). UTF-16 input is kept and decoded at the end.

use super::csv::{self, Reader};
use super::decode::{self, StreamEncoding};
use super::record_table;
use super::table::{self, Header, Row, RowError, UsageTable, HEADER_SEARCH_ROWS};
use crate::catalog::Catalog;
use crate::error::{Error, ErrorCode, Result};
use crate::estimate::{Estimate, Estimator, Options};
use serde::{Deserialize, Serialize};

/// Bytes looked at before the encoding and the delimiter are decided.
pub const SAMPLE_BYTES: usize = 64 * 1024;

/// How far a stream has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Bytes received.
    pub bytes: u64,
    /// Data rows read (counted or rejected).
    pub rows: u64,
    /// Rows counted so far.
    pub accepted: u64,
}

/// A CSV import fed piece by piece.
pub struct CsvStream<'c> {
    est: Estimator<'c>,
    encoding: Option<StreamEncoding>,
    delimiter: u8,
    /// Bytes received but not decoded yet (after the last line break).
    pending: Vec<u8>,
    /// Decoded text not read yet (an incomplete record).
    text: String,
    /// The line `text` starts on.
    line: u64,
    /// Rows read before the header was found.
    head: Vec<std::result::Result<Row<String>, RowError>>,
    table: Option<UsageTable>,
    bytes: u64,
}

impl<'c> CsvStream<'c> {
    pub fn new(catalog: &'c Catalog, options: Options) -> Result<Self> {
        let mut est = Estimator::new(catalog, options)?;
        est.input_mut().kind = "csv".into();
        Ok(CsvStream {
            est,
            encoding: None,
            delimiter: b',',
            pending: Vec::new(),
            text: String::new(),
            line: 1,
            head: Vec::new(),
            table: None,
            bytes: 0,
        })
    }

    /// Takes the next piece of the file. Errors only when the file can't be read at all
    /// (binary, no header, a missing column); bad rows go to the report.
    pub fn push(&mut self, piece: &[u8]) -> Result<Progress> {
        self.bytes += piece.len() as u64;
        self.pending.extend_from_slice(piece);
        if self.encoding.is_none() {
            if self.pending.len() < SAMPLE_BYTES {
                return Ok(self.progress());
            }
            self.start()?;
        }
        if self.encoding == Some(StreamEncoding::Whole) {
            return Ok(self.progress());
        }
        if let Some(cut) = self.pending.iter().rposition(|&b| b == b'\n') {
            let rest = self.pending.split_off(cut + 1);
            let done = std::mem::replace(&mut self.pending, rest);
            self.decode_and_read(&done, true)?;
        }
        Ok(self.progress())
    }

    /// Reads what is left and returns the report.
    pub fn finish(mut self) -> Result<Estimate> {
        if self.encoding.is_none() {
            self.start()?;
        }
        let rest = std::mem::take(&mut self.pending);
        self.decode_and_read(&rest, false)?;
        if self.table.is_none() {
            if self.head.iter().all(|r| {
                r.as_ref().is_ok_and(|r| {
                    r.cells
                        .iter()
                        .all(|c| crate::values::number::trim_cell(c).is_empty())
                })
            }) {
                return Err(Error::new(
                    ErrorCode::EmptyInput,
                    "the file holds no data",
                    "文件中没有数据",
                ));
            }
            self.find_header()?;
        }
        if let Some(t) = &self.table {
            let info = t.info.clone();
            record_table(&mut self.est, &info);
        }
        Ok(self.est.finish())
    }

    /// How far the stream has got.
    pub fn progress(&self) -> Progress {
        let rows = self.table.as_ref().map_or(0, |t| t.info.rows);
        Progress {
            bytes: self.bytes,
            rows,
            accepted: self.est.accepted(),
        }
    }

    fn start(&mut self) -> Result<()> {
        let enc = decode::detect(&self.pending)?;
        if enc == (StreamEncoding::Utf8 { bom: true }) {
            self.pending.drain(..3);
        }
        self.encoding = Some(enc);
        self.est.input_mut().encoding = Some(enc.name().into());
        Ok(())
    }

    fn decode_and_read(&mut self, bytes: &[u8], partial: bool) -> Result<()> {
        let Some(enc) = self.encoding else {
            return Ok(());
        };
        // rows holding undecodable bytes are rejected one by one as they are read
        let (piece, _damaged, found) = decode::decode_piece(enc, bytes)?;
        if let Some(name) = found {
            self.est.input_mut().encoding = Some(name.into());
        }
        if self.text.is_empty() {
            self.text = piece;
        } else {
            self.text.push_str(&piece);
        }
        if self.est.input_mut().delimiter.is_none() {
            if self
                .text
                .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                .is_empty()
            {
                if partial {
                    return Ok(());
                }
                return Err(Error::new(
                    ErrorCode::EmptyInput,
                    "the file holds no data",
                    "文件中没有数据",
                ));
            }
            self.delimiter = csv::sniff_delimiter(&self.text);
            self.est.input_mut().delimiter = Some(match self.delimiter {
                b'\t' => "tab".into(),
                d => (d as char).to_string(),
            });
        }
        self.read(partial)
    }

    /// Reads the records in `text`; with `partial`, stops before an incomplete one.
    fn read(&mut self, partial: bool) -> Result<()> {
        let text = std::mem::take(&mut self.text);
        let mut reader = if partial {
            Reader::partial(&text, self.delimiter, self.line)
        } else {
            Reader::continued(&text, self.delimiter, self.line)
        };
        for rec in &mut reader {
            let row = rec.map(|r| Row {
                line: r.line,
                cells: r.fields,
                quirk: r.lenient_quote,
            });
            match &mut self.table {
                Some(t) => t.row(row, &mut self.est),
                None => {
                    self.head.push(row.map(|r| Row {
                        line: r.line,
                        cells: r.cells.into_iter().map(|c| c.into_owned()).collect(),
                        quirk: r.quirk,
                    }));
                    if self.head.len() > HEADER_SEARCH_ROWS + 1 {
                        self.find_header()?;
                    }
                }
            }
        }
        let (pos, line) = (reader.position(), reader.line());
        self.line = line;
        self.text = if pos < text.len() {
            text[pos..].to_string()
        } else {
            String::new()
        };
        Ok(())
    }

    fn find_header(&mut self) -> Result<()> {
        let head = std::mem::take(&mut self.head);
        let mut rows = head.into_iter();
        let (header, buffered): (Header, _) = table::find_usage_header(&mut rows)?;
        let mut table = UsageTable::new(&header)?;
        for r in buffered.into_iter().chain(rows) {
            table.row(r, &mut self.est);
        }
        self.table = Some(table);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(bytes: &[u8], piece: usize) -> Result<Estimate> {
        let catalog = crate::catalog::batch7()?;
        let mut s = CsvStream::new(catalog, Options::default())?;
        for chunk in bytes.chunks(piece.max(1)) {
            s.push(chunk)?;
        }
        s.finish()
    }

    fn whole(bytes: &[u8]) -> Result<Estimate> {
        super::super::estimate_csv(bytes, crate::catalog::batch7()?, &Options::default())
    }

    #[test]
    fn any_piece_size_gives_the_whole_file_result() {
        let mut csv = String::from("某医院用量\n药品名称,数量,集采前单价,中选单价\n");
        for i in 0..3000 {
            csv.push_str(&format!(
                "甲磺酸仑伐替尼胶囊,{},108,{}\n",
                i % 90 + 1,
                if i % 3 == 0 { "" } else { "18" }
            ));
            if i % 500 == 7 {
                csv.push_str("\"坏,行\",abc,1,\n合计,1,1,1\n\"多行\n名称\",1,2,1\n");
            }
        }
        let bytes = csv.as_bytes();
        let expected = whole(bytes).unwrap();
        for piece in [1, 7, 100, 4096, SAMPLE_BYTES + 13, bytes.len()] {
            let got = stream(bytes, piece).unwrap();
            assert_eq!(got.totals, expected.totals, "piece {piece}");
            assert_eq!(got.rejected, expected.rejected, "piece {piece}");
            assert_eq!(got.lines.len(), expected.lines.len());
            assert_eq!(got.input.rows, expected.input.rows);
            assert_eq!(got.input.header_line, Some(2));
        }
    }

    #[test]
    fn gbk_and_bom_and_utf16_stream_like_the_whole_file() {
        let text = "药品名称,数量,集采前单价,中选单价\r\n仑伐替尼,90,108,18\r\n依折麦布片,10,3,1.2\r\n坏行,x,1,\r\n";
        let gbk = encoding_rs::GB18030.encode(text).0.into_owned();
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let mut utf16 = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        for bytes in [gbk, bom, utf16] {
            let expected = whole(&bytes).unwrap();
            for piece in [1, 3, 64] {
                let got = stream(&bytes, piece).unwrap();
                assert_eq!(got.totals, expected.totals);
                assert_eq!(got.input.encoding, expected.input.encoding);
                assert_eq!(got.rejected, expected.rejected);
            }
        }
    }

    #[test]
    fn whole_file_errors_come_at_the_end_or_as_soon_as_known() {
        assert_eq!(stream(b"", 10).unwrap_err().code, ErrorCode::EmptyInput);
        assert_eq!(stream(b"\n\n", 1).unwrap_err().code, ErrorCode::EmptyInput);
        assert_eq!(
            stream(b"a,b\n1,2\n", 3).unwrap_err().code,
            ErrorCode::NoHeader
        );
        assert_eq!(
            stream(b"drug,quantity\nx,1\n", 3).unwrap_err().code,
            ErrorCode::MissingColumn
        );
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend(std::iter::repeat_n(0u8, SAMPLE_BYTES));
        let catalog = crate::catalog::batch7().unwrap();
        let mut s = CsvStream::new(catalog, Options::default()).unwrap();
        assert_eq!(s.push(&zip).unwrap_err().code, ErrorCode::Encoding);
    }

    #[test]
    fn an_unclosed_quote_at_the_end_is_reported_where_it_opened() {
        let csv = "drug,quantity,baseline_unit_price,vbp_unit_price\nA,1,2,1\nB,\"1,2,1\nC,1,2,1\n";
        let expected = whole(csv.as_bytes()).unwrap();
        let got = stream(csv.as_bytes(), 5).unwrap();
        assert_eq!(got.rejected, expected.rejected);
        assert_eq!(got.rejected[0].code, ErrorCode::UnterminatedQuote);
        assert_eq!(got.totals.lines, 1);
    }
}
