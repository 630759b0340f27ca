//! Streaming CSV reading: bytes in pieces, rows handed to a sink as they come, the
//! whole file never held. A Web Worker feeds a file this way with a progress bar; the
//! rows are exactly those the whole file gives (`crate::estimate::stream` estimates them).
//!
//! Pieces are cut at their last line break before decoding (a line break is never part
//! of a UTF-8 or GB18030 multi-byte character), and CSV records are read up to the last
//! complete one: a quoted field that goes on into the next piece waits for it. The
//! encoding and the delimiter are decided from the first [`SAMPLE_BYTES`] (or the whole
//! input, if shorter). UTF-16 input is kept and decoded at the end.

use super::csv::{self, Reader};
use super::decode::{self, StreamEncoding};
use super::table::{self, Header, Row, RowError, TableInfo, UsageTable, HEADER_SEARCH_ROWS};
use crate::error::{Error, ErrorCode, Result};
use crate::line::{InputInfo, LineSink};

/// Bytes looked at before the encoding and the delimiter are decided.
pub const SAMPLE_BYTES: usize = 64 * 1024;

/// A CSV file read piece by piece into a sink.
#[derive(Default)]
pub struct CsvStream {
    encoding: Option<StreamEncoding>,
    /// The encoding's name as reports show it, once known.
    encoding_name: Option<String>,
    /// The delimiter, once sniffed.
    delimiter: Option<u8>,
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

impl CsvStream {
    pub fn new() -> Self {
        CsvStream {
            line: 1,
            ..Default::default()
        }
    }

    /// Takes the next piece of the file. Errors only when the file can't be read at all
    /// (binary, no header, a missing column); bad rows go to the report.
    pub fn push(&mut self, piece: &[u8], sink: &mut dyn LineSink) -> Result<()> {
        self.bytes += piece.len() as u64;
        self.pending.extend_from_slice(piece);
        if self.encoding.is_none() {
            if self.pending.len() < SAMPLE_BYTES {
                return Ok(());
            }
            self.start()?;
        }
        if self.encoding == Some(StreamEncoding::Whole) {
            return Ok(());
        }
        if let Some(cut) = self.pending.iter().rposition(|&b| b == b'\n') {
            let rest = self.pending.split_off(cut + 1);
            let done = std::mem::replace(&mut self.pending, rest);
            self.decode_and_read(&done, true, sink)?;
        }
        Ok(())
    }

    /// Reads what is left; records what was read (encoding, delimiter, header, columns,
    /// counts) into `input`.
    pub fn finish(mut self, sink: &mut dyn LineSink, input: &mut InputInfo) -> Result<()> {
        if self.encoding.is_none() {
            self.start()?;
        }
        let rest = std::mem::take(&mut self.pending);
        self.decode_and_read(&rest, false, sink)?;
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
            self.find_header(sink)?;
        }
        input.encoding = self.encoding_name.take();
        input.delimiter = self.delimiter.map(csv::delimiter_name);
        if let Some(t) = &self.table {
            t.info.record_into(input);
        }
        Ok(())
    }

    /// Bytes received so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Data rows read so far (counted or rejected).
    pub fn rows(&self) -> u64 {
        self.table.as_ref().map_or(0, |t: &UsageTable| t.info.rows)
    }

    /// What the reading found so far (before [`CsvStream::finish`]).
    pub fn table(&self) -> Option<&TableInfo> {
        self.table.as_ref().map(|t| &t.info)
    }

    fn start(&mut self) -> Result<()> {
        let enc = decode::detect(&self.pending)?;
        if enc == (StreamEncoding::Utf8 { bom: true }) {
            self.pending.drain(..3);
        }
        self.encoding = Some(enc);
        self.encoding_name = Some(enc.name().into());
        Ok(())
    }

    fn decode_and_read(
        &mut self,
        bytes: &[u8],
        partial: bool,
        sink: &mut dyn LineSink,
    ) -> Result<()> {
        let Some(enc) = self.encoding else {
            return Ok(());
        };
        // rows holding undecodable bytes are rejected one by one as they are read
        let (piece, _damaged, found) = decode::decode_piece(enc, bytes)?;
        if let Some(name) = found {
            self.encoding_name = Some(name.into());
        }
        if self.text.is_empty() {
            self.text = piece;
        } else {
            self.text.push_str(&piece);
        }
        if self.delimiter.is_none() {
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
            self.delimiter = Some(csv::sniff_delimiter(&self.text));
        }
        self.read(partial, sink)
    }

    /// Reads the records in `text`; with `partial`, stops before an incomplete one.
    fn read(&mut self, partial: bool, sink: &mut dyn LineSink) -> Result<()> {
        let text = std::mem::take(&mut self.text);
        let delimiter = self.delimiter.unwrap_or(b',');
        let mut reader = if partial {
            Reader::partial(&text, delimiter, self.line)
        } else {
            Reader::continued(&text, delimiter, self.line)
        };
        for rec in &mut reader {
            let row = rec.map(|r| Row {
                line: r.line,
                cells: r.fields,
                quirk: r.lenient_quote,
            });
            match &mut self.table {
                Some(t) => t.row(row, sink),
                None => {
                    self.head.push(row.map(|r| Row {
                        line: r.line,
                        cells: r.cells.into_iter().map(|c| c.into_owned()).collect(),
                        quirk: r.quirk,
                    }));
                    if self.head.len() > HEADER_SEARCH_ROWS + 1 {
                        self.find_header(sink)?;
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

    fn find_header(&mut self, sink: &mut dyn LineSink) -> Result<()> {
        let head = std::mem::take(&mut self.head);
        let mut rows = head.into_iter();
        let (header, buffered): (Header, _) = table::find_usage_header(&mut rows)?;
        let mut table = UsageTable::new(&header)?;
        for r in buffered.into_iter().chain(rows) {
            table.row(r, sink);
        }
        self.table = Some(table);
        Ok(())
    }
}
