//! Bytes to text, as hospital systems and Excel write files: UTF-8 with or without
//! a byte-order mark, UTF-16 (Excel's "Unicode text"), and GB18030/GBK.
//!
//! A file that is text but carries a few bytes of another encoding is still read:
//! the damaged characters become U+FFFD and the rows holding them are rejected
//! one by one (code `encoding`), while every other row counts. A binary file
//! (a spreadsheet, an archive) is refused as a whole.
//!
//! UTF-8 and UTF-16 are decoded with the standard library. GB18030 needs large
//! tables: natively they come from `encoding_rs` (feature `gbk`, on by default);
//! in WebAssembly the bindings register the host's `TextDecoder("gb18030")`
//! (WHATWG Encoding Standard, the same algorithm), which keeps the tables out of
//! the module. See [`set_gb18030_decoder`].

use crate::error::{Error, ErrorCode, Result};
use std::borrow::Cow;
use std::sync::OnceLock;

/// A GB18030 decoder: bytes to text, malformed sequences replaced by U+FFFD;
/// `None` when the host cannot decode GB18030.
pub type Gb18030Decoder = fn(&[u8]) -> Option<String>;

static GB18030_DECODER: OnceLock<Gb18030Decoder> = OnceLock::new();

/// Registers the GB18030 decoder to use when the crate is built without the `gbk`
/// feature (the WebAssembly bindings register the host's `TextDecoder`). The first
/// registration wins.
pub fn set_gb18030_decoder(decoder: Gb18030Decoder) {
    let _ = GB18030_DECODER.set(decoder);
}

fn decode_gb18030(bytes: &[u8]) -> Result<String> {
    if let Some(decoder) = GB18030_DECODER.get() {
        return decoder(bytes).ok_or_else(|| {
            Error::new(
                ErrorCode::Encoding,
                "this file is not UTF-8 and this browser cannot decode GB18030/GBK",
                "该文件不是UTF-8，且当前浏览器无法解码GB18030/GBK",
            )
        });
    }
    #[cfg(feature = "gbk")]
    {
        Ok(encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned())
    }
    #[cfg(not(feature = "gbk"))]
    {
        Err(Error::new(
            ErrorCode::Encoding,
            "this file is not UTF-8 and no GB18030/GBK decoder is available in this build",
            "该文件不是UTF-8，且当前构建没有GB18030/GBK解码器",
        ))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Utf16 {
    Le,
    Be,
}

fn decode_utf16(bytes: &[u8], order: Utf16) -> (String, bool) {
    let units = bytes.chunks(2).map(|c| {
        let pair = [c[0], c.get(1).copied().unwrap_or(0)];
        match order {
            Utf16::Le => u16::from_le_bytes(pair),
            Utf16::Be => u16::from_be_bytes(pair),
        }
    });
    let mut damaged = bytes.len() % 2 == 1;
    let text = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                damaged = true;
                '\u{fffd}'
            })
        })
        .collect();
    (text, damaged)
}

/// Decoded text and the name of the encoding it was read as.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
    /// True when some bytes could not be decoded and became U+FFFD.
    pub damaged: bool,
}

/// Decodes `bytes`; see the module documentation for the rules.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>> {
    if bytes.is_empty() {
        return Err(Error::new(
            ErrorCode::EmptyInput,
            "the file is empty",
            "文件为空",
        ));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(utf8(rest, "UTF-8 (BOM)"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(utf16(rest, Utf16::Le));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(utf16(rest, Utf16::Be));
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(Error::new(
            ErrorCode::Encoding,
            format!(
                "this is not a text (CSV) file but {kind}; save it as CSV (UTF-8 or GBK) first"
            ),
            format!(
                "这不是文本（CSV）文件，而是{}；请先另存为CSV（UTF-8或GBK）",
                kind_zh(kind)
            ),
        ));
    }
    if let Some(order) = utf16_without_bom(bytes) {
        return Ok(utf16(bytes, order));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding: "UTF-8",
            damaged: false,
        });
    }
    // Not clean UTF-8: either GB18030/GBK, or UTF-8 with a few bad bytes. Read as
    // UTF-8, GBK text is mostly errors (a GBK pair is valid UTF-8 only by chance),
    // while a damaged UTF-8 file is mostly valid multi-byte characters.
    let lossy = String::from_utf8_lossy(bytes);
    let valid_multibyte = lossy
        .chars()
        .filter(|&c| c > '\u{7f}' && c != '\u{fffd}')
        .count();
    if valid_multibyte >= 2 * utf8_errors(bytes) {
        Ok(Decoded {
            text: Cow::Owned(lossy.into_owned()),
            encoding: "UTF-8",
            damaged: true,
        })
    } else {
        let text = decode_gb18030(bytes)?;
        let damaged = text.contains('\u{fffd}');
        Ok(Decoded {
            text: Cow::Owned(text),
            encoding: "GB18030",
            damaged,
        })
    }
}

/// How a stream of CSV bytes is decoded, decided from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamEncoding {
    /// UTF-8; `bom` when the stream started with a byte-order mark (already skipped).
    Utf8 { bom: bool },
    /// GB18030/GBK.
    Gb18030,
    /// Anything else (UTF-16): decoded as a whole at the end, not piece by piece.
    Whole,
}

impl StreamEncoding {
    /// The name reports show.
    pub fn name(self) -> &'static str {
        match self {
            StreamEncoding::Utf8 { bom: true } => "UTF-8 (BOM)",
            StreamEncoding::Utf8 { bom: false } => "UTF-8",
            StreamEncoding::Gb18030 => "GB18030",
            StreamEncoding::Whole => "UTF-16",
        }
    }
}

/// Decides a stream's encoding from its first bytes (`sample`), under the same rules
/// as [`decode`]. Errors for an empty or a binary input.
pub fn detect(sample: &[u8]) -> Result<StreamEncoding> {
    if sample.is_empty() {
        return Err(Error::new(
            ErrorCode::EmptyInput,
            "the file is empty",
            "文件为空",
        ));
    }
    if sample.starts_with(b"\xEF\xBB\xBF") {
        return Ok(StreamEncoding::Utf8 { bom: true });
    }
    if sample.starts_with(b"\xFF\xFE")
        || sample.starts_with(b"\xFE\xFF")
        || utf16_without_bom(sample).is_some()
    {
        return Ok(StreamEncoding::Whole);
    }
    if let Some(kind) = binary_kind(sample) {
        return Err(Error::new(
            ErrorCode::Encoding,
            format!(
                "this is not a text (CSV) file but {kind}; save it as CSV (UTF-8 or GBK) first"
            ),
            format!(
                "这不是文本（CSV）文件，而是{}；请先另存为CSV（UTF-8或GBK）",
                kind_zh(kind)
            ),
        ));
    }
    // the sample may end inside a character: judge the part up to its last line break
    let cut = sample
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(sample.len(), |i| i + 1);
    match decode(&sample[..cut])?.encoding {
        "GB18030" => Ok(StreamEncoding::Gb18030),
        _ => Ok(StreamEncoding::Utf8 { bom: false }),
    }
}

/// Decodes one piece of a stream that ends at a line break (so no character is cut):
/// the text, whether some bytes could not be decoded, and for [`StreamEncoding::Whole`]
/// the encoding found.
pub fn decode_piece(
    encoding: StreamEncoding,
    bytes: &[u8],
) -> Result<(String, bool, Option<&'static str>)> {
    match encoding {
        StreamEncoding::Utf8 { .. } => {
            let text = String::from_utf8_lossy(bytes);
            let damaged = matches!(text, Cow::Owned(_));
            Ok((text.into_owned(), damaged, None))
        }
        StreamEncoding::Gb18030 => {
            let text = decode_gb18030(bytes)?;
            let damaged = text.contains('\u{fffd}');
            Ok((text, damaged, None))
        }
        StreamEncoding::Whole => {
            let d = decode(bytes)?;
            Ok((d.text.into_owned(), d.damaged, Some(d.encoding)))
        }
    }
}

fn utf16(bytes: &[u8], order: Utf16) -> Decoded<'static> {
    let (text, damaged) = decode_utf16(bytes, order);
    Decoded {
        text: Cow::Owned(text),
        encoding: if order == Utf16::Le {
            "UTF-16LE"
        } else {
            "UTF-16BE"
        },
        damaged,
    }
}

fn utf8_errors(mut bytes: &[u8]) -> usize {
    let mut errors = 0;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(_) => return errors,
            Err(e) => {
                errors += 1;
                let skip = e.valid_up_to()
                    + e.error_len()
                        .unwrap_or(bytes.len() - e.valid_up_to())
                        .max(1);
                bytes = &bytes[skip.min(bytes.len())..];
            }
        }
    }
}

fn utf8<'a>(bytes: &'a [u8], name: &'static str) -> Decoded<'a> {
    let text = String::from_utf8_lossy(bytes);
    let damaged = matches!(text, Cow::Owned(_));
    Decoded {
        text,
        encoding: name,
        damaged,
    }
}

fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Some("a ZIP archive or an Excel workbook (.xlsx)");
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Some("an old Excel workbook (.xls)");
    }
    if bytes.starts_with(b"%PDF") {
        return Some("a PDF document");
    }
    if utf16_without_bom(bytes).is_some() {
        return None;
    }
    // Text has almost no control characters other than tab, CR, LF and form feed.
    let sample = &bytes[..bytes.len().min(65_536)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    // a stray NUL in a text file is a bad row, not a binary file
    (controls >= 8 && controls * 100 > sample.len()).then_some("binary data")
}

fn kind_zh(kind: &str) -> &'static str {
    if kind.contains("xlsx") {
        "ZIP压缩包或Excel工作簿（.xlsx）"
    } else if kind.contains(".xls") {
        "旧版Excel工作簿（.xls）"
    } else if kind.contains("PDF") {
        "PDF文档"
    } else {
        "二进制数据"
    }
}

/// UTF-16 text without a byte-order mark. A usage table's separators, line ends and digits
/// are ASCII, so one byte of many code units is zero: the high byte (odd positions in
/// UTF-16LE, even in BE). Chinese text has few such zeros, so the zeros only nominate an
/// order; the sample is then decoded and taken only if it reads as text (ASCII, CJK and
/// their punctuation), so binary data with zeros in it is not mistaken for UTF-16.
fn utf16_without_bom(bytes: &[u8]) -> Option<Utf16> {
    let sample = &bytes[..bytes.len().min(1024) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_zero = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let (order, high, low) = if odd_zero >= even_zero {
        (Utf16::Le, odd_zero, even_zero)
    } else {
        (Utf16::Be, even_zero, odd_zero)
    };
    // at least one code unit in ten is ASCII, and zero low bytes are rare (U+xx00)
    if high * 10 < pairs || low * 4 > high {
        return None;
    }
    let units = sample.chunks_exact(2).map(|c| match order {
        Utf16::Le => u16::from_le_bytes([c[0], c[1]]),
        Utf16::Be => u16::from_be_bytes([c[0], c[1]]),
    });
    let mut total = 0usize;
    let mut text_like = 0usize;
    for c in char::decode_utf16(units) {
        total += 1;
        // a surrogate pair cut at the sample's end is not held against it
        let Ok(c) = c else { continue };
        if matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{00A0}'..='\u{00FF}')
        {
            text_like += 1;
        }
    }
    (text_like * 100 >= total * 98).then_some(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("药品名称,数量\n".as_bytes()).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.starts_with("药品名称"));
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice("药品名称".as_bytes());
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "UTF-8 (BOM)");
        assert_eq!(d.text, "药品名称");
    }

    #[test]
    fn gbk_and_gb18030() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("药品名称,数量\n仑伐替尼,90\n");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.text, "药品名称,数量\n仑伐替尼,90\n");
        assert!(!d.damaged);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "drug\tquantity\n";
        let mut le: Vec<u8> = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, text);
        assert_eq!(decode(&le[2..]).unwrap().text, text);
        let mut be: Vec<u8> = vec![];
        for u in text.encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn chinese_utf16_without_bom_is_read_not_called_binary() {
        // mostly Chinese: too few zero bytes for the ASCII test alone
        let text = "药品名称,生产企业,规格,数量,集采前单价\n甲磺酸仑伐替尼胶囊,正大天晴药业集团股份有限公司,4mg*30粒,90,108\n磷酸奥司他韦胶囊,宜昌东阳光长江药业股份有限公司,75mg*10粒,10,2.5\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let d = decode(&le).unwrap();
        assert_eq!((d.encoding, d.text.as_ref()), ("UTF-16LE", text));
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let d = decode(&be).unwrap();
        assert_eq!((d.encoding, d.text.as_ref()), ("UTF-16BE", text));
        // the same in the streaming reader
        assert_eq!(detect(&le).ok(), Some(StreamEncoding::Whole));
        // binary data with zero bytes at one parity is still binary
        let junk: Vec<u8> = (0u32..600)
            .flat_map(|i| [(i.wrapping_mul(2_654_435_761) >> 24) as u8 | 0x01, 0])
            .collect();
        assert!(decode(&junk).is_err());
    }

    #[test]
    fn utf8_with_a_bad_byte_is_damaged_not_misread_as_gbk() {
        let mut b = "药品名称,数量\n仑伐替尼,90\n".as_bytes().to_vec();
        b.extend_from_slice(b"bad\xFF,1\n");
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.damaged);
        assert!(d.text.contains("仑伐替尼"));
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert_eq!(decode(b"").unwrap_err().code, ErrorCode::EmptyInput);
        assert_eq!(
            decode(b"PK\x03\x04rest").unwrap_err().code,
            ErrorCode::Encoding
        );
        let garbage: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 256) as u8).collect();
        assert_eq!(decode(&garbage).unwrap_err().code, ErrorCode::Encoding);
    }
}
