//! Estimating a CSV file fed piece by piece ([`crate::import::stream::CsvStream`] reads,
//! an [`Estimator`] counts): the result is exactly that of
//! [`super::inputs::estimate_csv`] on the same bytes, without holding the file.

use super::{Estimate, Estimator, Options};
use crate::catalog::Catalog;
use crate::error::Result;
use crate::import::stream::CsvStream;
use serde::{Deserialize, Serialize};

pub use crate::import::stream::SAMPLE_BYTES;

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

/// A CSV estimate fed piece by piece.
pub struct EstimateStream<'c> {
    reader: CsvStream,
    est: Estimator<'c>,
}

impl<'c> EstimateStream<'c> {
    pub fn new(catalog: &'c Catalog, options: Options) -> Result<Self> {
        let mut est = Estimator::new(catalog, options)?;
        est.input_mut().kind = "csv".into();
        Ok(EstimateStream {
            reader: CsvStream::new(),
            est,
        })
    }

    /// Takes the next piece of the file. Errors only when the file can't be read at all
    /// (binary, no header, a missing column); bad rows go to the report.
    pub fn push(&mut self, piece: &[u8]) -> Result<Progress> {
        self.reader.push(piece, &mut self.est)?;
        Ok(self.progress())
    }

    /// How far the stream has got.
    pub fn progress(&self) -> Progress {
        Progress {
            bytes: self.reader.bytes(),
            rows: self.reader.rows(),
            accepted: self.est.accepted(),
        }
    }

    /// Reads what is left and returns the report.
    pub fn finish(mut self) -> Result<Estimate> {
        let mut input = std::mem::take(self.est.input_mut());
        self.reader.finish(&mut self.est, &mut input)?;
        *self.est.input_mut() = input;
        Ok(self.est.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn stream(bytes: &[u8], piece: usize) -> Result<Estimate> {
        let catalog = crate::catalog::batch7()?;
        let mut s = EstimateStream::new(catalog, Options::default())?;
        for chunk in bytes.chunks(piece.max(1)) {
            s.push(chunk)?;
        }
        s.finish()
    }

    fn whole(bytes: &[u8]) -> Result<Estimate> {
        crate::estimate::inputs::estimate_csv(bytes, crate::catalog::batch7()?, &Options::default())
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
        let mut s = EstimateStream::new(catalog, Options::default()).unwrap();
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
