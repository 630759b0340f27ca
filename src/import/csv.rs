//! A small CSV reader that knows where it is.
//!
//! RFC 4180 with Excel's leniency: fields may be quoted with `"`, a doubled `""`
//! inside quotes is one quote, quoted fields may span lines, a quote inside an
//! unquoted field is kept as text. Line ends may be `\n`, `\r\n` or `\r`. Each
//! record carries its physical starting line (1-based), so problems can be
//! reported where the user will look. A quote that is never closed is reported
//! at the line and column where it opened, and the reader stops there.

use crate::values::bytes::find_any3;
use std::borrow::Cow;

/// Longest field accepted (bytes); longer fields make the record `too_large`.
pub const MAX_FIELD_BYTES: usize = 1 << 20;
/// Most fields accepted in one record.
pub const MAX_FIELDS: usize = 4096;

/// One record: its starting line and its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    pub line: u64,
    pub fields: Vec<Cow<'a, str>>,
    /// The first column (1-based) where text followed a closing quote (kept, as Excel does).
    pub lenient_quote: Option<u32>,
}

/// Why a record could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    /// A quoted field opened at `line`, `column` (1-based field index) is never closed.
    UnterminatedQuote {
        line: u64,
        column: u32,
        lines_swallowed: u64,
    },
    /// A field or the number of fields exceeds the limits.
    TooLarge {
        line: u64,
        column: u32,
        what: &'static str,
    },
}

/// Reads records from text.
pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
    line: u64,
    delimiter: u8,
    done: bool,
    /// More text will follow: a quoted field still open at the end is not an error
    /// but an incomplete record, left unread (see [`Reader::partial`]).
    partial: bool,
    /// How many fields the last record had (the next record's likely count).
    last_fields: usize,
}

impl<'a> Reader<'a> {
    /// The whole text this reader reads (every field is a piece of it, or a quoted one
    /// with its doubled quotes undone).
    pub fn text(&self) -> &'a str {
        self.text
    }

    pub fn new(text: &'a str, delimiter: u8) -> Self {
        Reader {
            text,
            pos: 0,
            line: 1,
            delimiter,
            done: false,
            partial: false,
            last_fields: 0,
        }
    }

    /// A reader of a piece of a longer text that starts at `line` and may end inside
    /// a record: reading stops before an incomplete record, whose start is then
    /// [`Reader::position`] and [`Reader::line`], so the caller can keep the rest
    /// and read it again with more text.
    pub fn partial(text: &'a str, delimiter: u8, line: u64) -> Self {
        Reader {
            text,
            pos: 0,
            line,
            delimiter,
            done: false,
            partial: true,
            last_fields: 0,
        }
    }

    /// A reader of the last piece of a longer text, starting at `line`.
    pub fn continued(text: &'a str, delimiter: u8, line: u64) -> Self {
        Reader {
            text,
            pos: 0,
            line,
            delimiter,
            done: false,
            partial: false,
            last_fields: 0,
        }
    }

    /// Position in bytes: after the last record read.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The line the next record starts on.
    pub fn line(&self) -> u64 {
        self.line
    }

    fn read_record(&mut self) -> Option<Result<Record<'a>, RecordError>> {
        // the fields of the last record read, as many as this one will likely have
        let mut fields = Vec::with_capacity(self.last_fields);
        let read = self.read_into(&mut fields)?;
        Some(read.map(|(line, lenient_quote)| Record {
            line,
            fields,
            lenient_quote,
        }))
    }

    /// Reads the next record's fields into `fields` (cleared first; its capacity is kept,
    /// so a caller that reads every record into one `Vec` allocates nothing per record).
    /// Returns the record's line and its first lenient quote's column, or why it could not
    /// be read; `None` after the last record. The same reading as the [`Iterator`].
    pub fn read_into(
        &mut self,
        fields: &mut Vec<Cow<'a, str>>,
    ) -> Option<Result<(u64, Option<u32>), RecordError>> {
        fields.clear();
        if self.done || self.pos >= self.text.len() {
            return None;
        }
        let bytes = self.text.as_bytes();
        let start_line = self.line;
        let start_pos = self.pos;
        let mut too_large: Option<(u32, &'static str)> = None;
        let mut lenient_quote: Option<u32> = None;
        loop {
            // one field
            let column = fields.len() as u32 + 1;
            let field: Cow<'a, str>;
            if bytes.get(self.pos) == Some(&b'"') {
                let open_line = self.line;
                self.pos += 1;
                let mut owned: Option<String> = None;
                let mut seg_start = self.pos;
                loop {
                    match memchr_quote_or_newline(bytes, self.pos) {
                        None if self.partial => {
                            // the record goes on in text not read yet: leave it whole
                            self.pos = start_pos;
                            self.line = start_line;
                            self.done = true;
                            return None;
                        }
                        None => {
                            // never closed
                            let ends_with_newline =
                                bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r');
                            let swallowed = (self.line - open_line)
                                .saturating_sub(u64::from(ends_with_newline));
                            self.done = true;
                            self.pos = bytes.len();
                            return Some(Err(RecordError::UnterminatedQuote {
                                line: open_line,
                                column,
                                lines_swallowed: swallowed,
                            }));
                        }
                        Some(i) if bytes[i] == b'"' => {
                            if bytes.get(i + 1) == Some(&b'"') {
                                let s = owned.get_or_insert_with(String::new);
                                s.push_str(&self.text[seg_start..=i]);
                                self.pos = i + 2;
                                seg_start = self.pos;
                            } else {
                                let tail = &self.text[seg_start..i];
                                self.pos = i + 1;
                                field = match owned {
                                    Some(mut s) => {
                                        s.push_str(tail);
                                        Cow::Owned(s)
                                    }
                                    None => Cow::Borrowed(tail),
                                };
                                break;
                            }
                        }
                        Some(i) => {
                            // a line break inside quotes
                            self.line += 1;
                            self.pos = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                                i + 2
                            } else {
                                i + 1
                            };
                        }
                    }
                }
                // Excel leniency: text after the closing quote up to the delimiter is kept
                let rest_start = self.pos;
                self.pos = find_end(bytes, self.pos, self.delimiter);
                let field = if rest_start < self.pos {
                    lenient_quote.get_or_insert(column);
                    Cow::Owned(format!("{}{}", field, &self.text[rest_start..self.pos]))
                } else {
                    field
                };
                if field.len() > MAX_FIELD_BYTES {
                    too_large.get_or_insert((column, "field"));
                    fields.push(Cow::Borrowed(""));
                } else {
                    fields.push(field);
                }
            } else {
                let start = self.pos;
                self.pos = find_end(bytes, self.pos, self.delimiter);
                field = Cow::Borrowed(&self.text[start..self.pos]);
                if field.len() > MAX_FIELD_BYTES {
                    too_large.get_or_insert((column, "field"));
                    fields.push(Cow::Borrowed(""));
                } else if fields.len() < MAX_FIELDS {
                    fields.push(field);
                } else {
                    too_large.get_or_insert((column, "number of fields"));
                }
            }
            // after a field: delimiter, line end or end of text
            match bytes.get(self.pos) {
                Some(&b) if b == self.delimiter => {
                    self.pos += 1;
                    continue;
                }
                Some(b'\r') => {
                    self.pos += if bytes.get(self.pos + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                    self.line += 1;
                }
                Some(b'\n') => {
                    self.pos += 1;
                    self.line += 1;
                }
                _ => {}
            }
            break;
        }
        if let Some((column, what)) = too_large {
            return Some(Err(RecordError::TooLarge {
                line: start_line,
                column,
                what,
            }));
        }
        self.last_fields = fields.len();
        Some(Ok((start_line, lenient_quote)))
    }
}

impl<'a> Iterator for Reader<'a> {
    type Item = Result<Record<'a>, RecordError>;
    fn next(&mut self) -> Option<Self::Item> {
        self.read_record()
    }
}

/// Where the unquoted field starting at `from` ends: the first delimiter or line end, or
/// the end of the text.
#[inline]
fn find_end(bytes: &[u8], from: usize, delimiter: u8) -> usize {
    find_any3(bytes, from, delimiter, b'\n', b'\r').unwrap_or(bytes.len())
}

fn memchr_quote_or_newline(bytes: &[u8], from: usize) -> Option<usize> {
    find_any3(bytes, from, b'"', b'\n', b'\r')
}

/// A delimiter's name as reports show it (`,`, `tab`, `;`).
pub fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tab".into(),
        d => (d as char).to_string(),
    }
}

/// Guesses the delimiter from the first lines: the candidate (`,` tab `;`) that
/// splits the most lines into the same number (≥ 2) of fields. Comma on a tie.
pub fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let mut best = (b',', 0usize, 0usize);
    for d in [b',', b'\t', b';'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let mut freq: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for c in counts.iter().filter(|&&c| c > 0) {
            *freq.entry(*c).or_default() += 1;
        }
        if let Some((&fields, &lines_agreeing)) = freq.iter().max_by_key(|(c, n)| (**n, **c)) {
            if (lines_agreeing, fields) > (best.1, best.2) {
                best = (d, lines_agreeing, fields);
            }
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut in_q = false;
    let mut n = 0;
    for &b in line.as_bytes() {
        if b == b'"' {
            in_q = !in_q;
        } else if b == d && !in_q {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Result<Record<'_>, RecordError>> {
        Reader::new(text, b',').collect()
    }
    fn fields(text: &str) -> Vec<(u64, Vec<String>)> {
        read(text)
            .into_iter()
            .map(|r| {
                let r = r.unwrap();
                (r.line, r.fields.iter().map(|f| f.to_string()).collect())
            })
            .collect()
    }

    #[test]
    fn plain_quoted_and_multiline() {
        let got = fields("a,b,c\n\"x, y\",\"he said \"\"hi\"\"\",3\r\n\"two\nlines\",q\rlast,1");
        assert_eq!(got[0], (1, vec!["a".into(), "b".into(), "c".into()]));
        assert_eq!(
            got[1],
            (2, vec!["x, y".into(), "he said \"hi\"".into(), "3".into()])
        );
        assert_eq!(got[2], (3, vec!["two\nlines".into(), "q".into()]));
        assert_eq!(got[3], (5, vec!["last".into(), "1".into()]));
    }

    #[test]
    fn empty_fields_and_trailing_newline() {
        let got = fields("a,,c,\n\n");
        assert_eq!(got[0].1, vec!["a", "", "c", ""]);
        assert_eq!(got[1], (2, vec!["".to_string()]));
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn stray_quotes_are_text() {
        let got = fields("12\"inch,\"ab\"cd\n");
        assert_eq!(got[0].1, vec!["12\"inch", "abcd"]);
    }

    #[test]
    fn unterminated_quote_is_reported_where_it_opened() {
        let r = read("a,b\n1,\"oops\n2,3\n4,5\n");
        assert!(r[0].is_ok());
        assert_eq!(
            r[1],
            Err(RecordError::UnterminatedQuote {
                line: 2,
                column: 2,
                lines_swallowed: 2
            })
        );
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn partial_reading_stops_before_an_open_quote_and_resumes() {
        let text = "a,b\n1,\"two\nlines";
        let mut r = Reader::partial(text, b',', 1);
        assert_eq!(r.next().unwrap().unwrap().line, 1);
        assert!(r.next().is_none());
        assert_eq!((r.position(), r.line()), (4, 2));
        let rest = format!("{}\",3\nx,y\n", &text[r.position()..]);
        let got: Vec<_> = Reader::continued(&rest, b',', r.line())
            .map(|x| x.unwrap())
            .collect();
        assert_eq!(got[0].line, 2);
        assert_eq!(got[0].fields[1], "two\nlines");
        assert_eq!(got[1].line, 4);
    }

    #[test]
    fn huge_field_is_too_large() {
        let big = format!("a,{}\n1,2\n", "x".repeat(MAX_FIELD_BYTES + 1));
        let r = read(&big);
        assert_eq!(
            r[0],
            Err(RecordError::TooLarge {
                line: 1,
                column: 2,
                what: "field"
            })
        );
        assert!(r[1].is_ok());
    }

    use crate::values::bytes::find_any3_bytewise;

    proptest::proptest! {
        #[test]
        fn the_word_at_a_time_search_equals_the_bytewise_one(
            bytes in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just(b','), proptest::strategy::Just(b'\n'),
                proptest::strategy::Just(b'\r'), proptest::strategy::Just(b'"'),
                proptest::strategy::Just(b'\t'), proptest::strategy::Just(0x80u8),
                proptest::strategy::Just(0xAC), proptest::strategy::Just(0x8D),
                proptest::num::u8::ANY, proptest::num::u8::ANY, proptest::num::u8::ANY,
            ], 0..80),
            from in 0usize..90,
            set in proptest::prop_oneof![
                proptest::strategy::Just((b',', b'\n', b'\r')),
                proptest::strategy::Just((b'"', b'\n', b'\r')),
                proptest::strategy::Just((b'\t', b'\n', b'\r')),
                (proptest::num::u8::ANY, proptest::num::u8::ANY, proptest::num::u8::ANY),
            ],
        ) {
            let (a, b, c) = set;
            proptest::prop_assert_eq!(
                find_any3(&bytes, from, a, b, c),
                find_any3_bytewise(&bytes, from, a, b, c)
            );
        }

        #[test]
        fn reading_into_one_vec_equals_reading_records(
            text in "[a,\"\n\r\t;x1 甲]{0,60}",
        ) {
            let records: Vec<_> = Reader::new(&text, b',').collect();
            let mut reader = Reader::new(&text, b',');
            let mut fields = Vec::new();
            let mut again = Vec::new();
            while let Some(r) = reader.read_into(&mut fields) {
                again.push(r.map(|(line, lenient_quote)| Record {
                    line,
                    fields: fields.clone(),
                    lenient_quote,
                }));
            }
            proptest::prop_assert_eq!(records, again);
        }
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(
            sniff_delimiter("a\tb\tc\n\"1,234\"\t2\t3\n4\t5\t6\n"),
            b'\t'
        );
        assert_eq!(sniff_delimiter("a;b\n1,5;2\n3;4\n"), b';');
        assert_eq!(sniff_delimiter("only"), b',');
    }
}
