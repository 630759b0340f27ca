//! Reading numbers as people and hospital systems write them.
//!
//! A cell such as `"￥1,234.50"`, `" １２３ "`, `"1.2E+05"` or `"-3"` becomes an exact
//! [`Decimal`]; anything doubtful is an error value, never a guess. The rules:
//!
//! * surrounding spaces (also the ideographic space U+3000 and no-break space) are ignored;
//! * full-width digits, point, comma, plus and minus (`０-９ ． ， ＋ －`) are read as their ASCII twins;
//! * a currency mark `¥`, `￥`, `RMB` or `CNY` before the number and `元` after it are ignored;
//! * thousands separators must sit every three digits (`1,234,567.8`); `1,23` is refused,
//!   because in China a comma is never a decimal point and a misplaced one means a typo;
//! * an exponent (`1.2E+05`, as Excel writes wide numbers) is applied exactly;
//! * `NaN`, `Infinity`, two signs, other scripts' digits, or more than 28 significant digits are refused.

use crate::error::{Error, ErrorCode, Result};
use rust_decimal::Decimal;

/// Longest cell we try to read as a number; longer cells are refused as `too_large`.
const MAX_NUMBER_LEN: usize = 200;

/// Parses a number cell. `Ok(None)` means the cell is empty (after trimming).
pub fn parse_decimal(text: &str) -> Result<Option<Decimal>> {
    let trimmed = trim_cell(text);
    if trimmed.is_empty() {
        return Ok(None);
    }
    if let Some(d) = parse_plain(trimmed) {
        return Ok(Some(d));
    }
    if trimmed.len() > MAX_NUMBER_LEN {
        return Err(Error::new(
            ErrorCode::TooLarge,
            format!(
                "a number cell of {} bytes is too long to be a number",
                trimmed.len()
            ),
            format!("数字单元格过长（{} 字节），不是有效数字", trimmed.len()),
        ));
    }
    let mut ascii = String::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        match fold_char(c) {
            Some(a) => ascii.push(a),
            None => return Err(not_a_number(trimmed, non_ascii_reason(c))),
        }
    }
    parse_ascii(&ascii, trimmed).map(Some)
}

/// The fast path for the common cell: ASCII digits with an optional leading `-` and
/// one `.`, at most 27 digits (so the mantissa fits a `Decimal` with no rounding).
/// Anything else goes the full way.
fn parse_plain(s: &str) -> Option<Decimal> {
    let b = s.as_bytes();
    let (negative, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 28 {
        return None;
    }
    if digits.len() <= 19 {
        parse_short(negative, digits)
    } else {
        parse_long(negative, digits)
    }
}

/// [`parse_plain`] for any length (up to 28 characters): the general loop, and the
/// reference of [`parse_short`].
fn parse_long(negative: bool, digits: &[u8]) -> Option<Decimal> {
    // digits accumulate in a u64 while they fit (19 digits: below 10^19 < 2^64), which
    // is one native multiply each in WebAssembly; longer mantissas continue in i128
    let mut small: u64 = 0;
    let mut mantissa: i128 = 0;
    let mut scale = 0u32;
    let mut count = 0u32;
    let mut dot = false;
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                if count < 19 {
                    small = small * 10 + u64::from(c - b'0');
                } else {
                    if count == 19 {
                        mantissa = i128::from(small);
                    }
                    mantissa = mantissa * 10 + i128::from(c - b'0');
                }
                count += 1;
                scale += u32::from(dot);
            }
            b'.' if !dot => dot = true,
            _ => return None,
        }
    }
    if count == 0 || count > 27 {
        return None;
    }
    if count <= 19 {
        mantissa = i128::from(small);
    }
    if negative {
        mantissa = -mantissa;
    }
    Decimal::try_from_i128_with_scale(mantissa, scale).ok()
}

/// [`parse_plain`] for at most 19 characters (a quantity's or a price's cell): at most
/// 19 digits, below 10^19 < 2^64, so the mantissa is read in a `u64` with no count kept.
#[inline]
fn parse_short(negative: bool, digits: &[u8]) -> Option<Decimal> {
    let mut mantissa: u64 = 0;
    let mut scale = 0u32;
    let mut dot = false;
    for &c in digits {
        let digit = c.wrapping_sub(b'0');
        if digit < 10 {
            mantissa = mantissa * 10 + u64::from(digit);
            scale += u32::from(dot);
        } else if c == b'.' && !dot {
            dot = true;
        } else {
            return None;
        }
    }
    // at least one digit: not "." alone
    if digits.len() == usize::from(dot) {
        return None;
    }
    let m = i128::from(mantissa);
    Decimal::try_from_i128_with_scale(if negative { -m } else { m }, scale).ok()
}

/// Trims spaces a cell may carry: ASCII whitespace, U+3000 ideographic space,
/// U+00A0 no-break space and a stray U+FEFF byte-order mark.
pub fn trim_cell(text: &str) -> &str {
    // the common cell starts and ends with a visible ASCII character: nothing to trim
    if let (Some(&first), Some(&last)) = (text.as_bytes().first(), text.as_bytes().last()) {
        if first.is_ascii_graphic() && last.is_ascii_graphic() {
            return text;
        }
        // or with CJK ideographs (U+4E00–U+9FFF, lead bytes E4–E9), as drug names do
        let cjk = |c: Option<char>| {
            c.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c.is_ascii_graphic())
        };
        if (0xE4..=0xE9).contains(&first) && cjk(text.chars().next_back()) {
            return text;
        }
    }
    text.trim_matches(is_cell_space)
}

/// What [`trim_cell`] trims.
fn is_cell_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' || c == '\u{feff}'
}

fn fold_char(c: char) -> Option<char> {
    match c {
        '\u{ff10}'..='\u{ff19}' => char::from_u32(c as u32 - 0xff10 + u32::from(b'0')),
        '\u{ff0e}' => Some('.'),
        '\u{ff0c}' => Some(','),
        '\u{ff0b}' => Some('+'),
        '\u{ff0d}' | '\u{2212}' => Some('-'),
        '\u{ff25}' => Some('E'),
        '\u{ff45}' => Some('e'),
        '¥' | '￥' => Some('¥'),
        '元' => Some('元'),
        c if c.is_ascii() => Some(c),
        _ => None,
    }
}

fn non_ascii_reason(c: char) -> &'static str {
    if c.is_numeric() {
        "digits other than 0-9"
    } else {
        "a character that is not part of a number"
    }
}

fn not_a_number(cell: &str, why: &str) -> Error {
    let shown: String = cell.chars().take(40).collect();
    let zh_why = match why {
        "digits other than 0-9" => "含有非 0-9 的数字字符",
        "thousands separator in the wrong place" => "千位分隔符位置不对",
        "two signs" => "有两个正负号",
        "not a finite number" => "不是有限数值",
        "a spreadsheet error value such as #VALUE! or #N/A" => {
            "是电子表格的错误值，如 #VALUE!、#N/A"
        }
        _ => "含有非数字字符",
    };
    Error::new(
        ErrorCode::BadNumber,
        format!("'{shown}' is not a number ({why})"),
        format!("“{shown}”不是有效数字（{zh_why}）"),
    )
}

fn parse_ascii(s: &str, original: &str) -> Result<Decimal> {
    let mut rest = s.trim();
    // sign, currency and sign again: "-¥12", "¥-12", "RMB 12"
    let mut negative = false;
    let mut signs = 0;
    loop {
        if let Some(r) = rest.strip_prefix('-') {
            negative = true;
            signs += 1;
            rest = r.trim_start();
        } else if let Some(r) = rest.strip_prefix('+') {
            signs += 1;
            rest = r.trim_start();
        } else if let Some(r) = rest.strip_prefix('¥') {
            rest = r.trim_start();
        } else if let Some(r) =
            strip_prefix_ci(rest, "RMB").or_else(|| strip_prefix_ci(rest, "CNY"))
        {
            rest = r.trim_start();
        } else {
            break;
        }
    }
    if signs > 1 {
        return Err(not_a_number(original, "two signs"));
    }
    if let Some(r) = rest.strip_suffix('元') {
        rest = r.trim_end();
    }
    if rest.starts_with('#') {
        return Err(not_a_number(
            original,
            "a spreadsheet error value such as #VALUE! or #N/A",
        ));
    }
    let lower = rest.to_ascii_lowercase();
    if lower.contains("nan") || lower.contains("inf") {
        return Err(not_a_number(original, "not a finite number"));
    }
    // split off an exponent
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let digits = strip_grouping(mantissa).ok_or_else(|| {
        if mantissa.contains(',') {
            not_a_number(original, "thousands separator in the wrong place")
        } else {
            not_a_number(original, "a character that is not part of a number")
        }
    })?;
    let mut value = Decimal::from_str_exact(&digits).map_err(|e| {
        let msg = e.to_string();
        if msg.contains("precision")
            || msg.contains("underflow")
            || msg.contains("Underflow")
            || msg.contains("overflow")
            || msg.contains("too large")
        {
            // more than 28 digits before the point: too large; otherwise too precise
            let int_digits = digits
                .split('.')
                .next()
                .unwrap_or("")
                .trim_start_matches('0')
                .len();
            if int_digits > 28 {
                Error::overflow()
            } else {
                Error::precision()
            }
        } else {
            not_a_number(original, "a character that is not part of a number")
        }
    })?;
    if let Some(exp) = exponent {
        let exp = parse_exponent(exp).ok_or_else(|| not_a_number(original, "bad exponent"))?;
        value = apply_exponent(value, exp)?;
    }
    if negative {
        value.set_sign_negative(!value.is_zero());
    }
    Ok(value.normalize())
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    if s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
    {
        Some(&s[prefix.len()..])
    } else {
        None
    }
}

/// Removes thousands separators after checking they sit every three digits.
/// Returns `None` for anything that is not `digits[.digits]`.
fn strip_grouping(m: &str) -> Option<String> {
    let (int_part, frac_part) = match m.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (m, None),
    };
    if int_part.is_empty() && frac_part.is_none_or(str::is_empty) {
        return None;
    }
    if let Some(f) = frac_part {
        if !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let int_digits: String = if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let first_ok = groups
            .first()
            .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
        let rest_ok = groups[1..]
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
        if !(first_ok && rest_ok) {
            return None;
        }
        groups.concat()
    } else {
        if !int_part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        int_part.to_string()
    };
    let int_digits = if int_digits.is_empty() {
        "0".to_string()
    } else {
        int_digits
    };
    Some(match frac_part {
        Some(f) if !f.is_empty() => format!("{int_digits}.{f}"),
        _ => int_digits,
    })
}

fn parse_exponent(e: &str) -> Option<i64> {
    let (neg, digits) = match e.as_bytes().first()? {
        b'+' => (false, &e[1..]),
        b'-' => (true, &e[1..]),
        _ => (false, e),
    };
    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: i64 = digits.parse().ok()?;
    Some(if neg { -v } else { v })
}

fn apply_exponent(mut value: Decimal, exp: i64) -> Result<Decimal> {
    if value.is_zero() {
        return Ok(Decimal::ZERO);
    }
    let ten = Decimal::TEN;
    if exp >= 0 {
        for _ in 0..exp {
            value = value.checked_mul(ten).ok_or_else(Error::overflow)?;
        }
    } else {
        let value = value.normalize();
        let new_scale = i64::from(value.scale()) - exp;
        if new_scale > 28 {
            return Err(Error::precision());
        }
        let mut v = value;
        // the scale fits in u32 because 0 <= new_scale <= 28
        v.set_scale(new_scale as u32)
            .map_err(|_| Error::precision())?;
        return Ok(v);
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }
    fn ok(s: &str) -> Decimal {
        parse_decimal(s).unwrap().unwrap()
    }
    fn code(s: &str) -> ErrorCode {
        parse_decimal(s).unwrap_err().code
    }

    #[test]
    fn plain_and_decorated_numbers() {
        assert_eq!(ok("1234.56"), d("1234.56"));
        assert_eq!(ok("  1,234.56 "), d("1234.56"));
        assert_eq!(ok("¥1,234.50"), d("1234.5"));
        assert_eq!(ok("￥ 18"), d("18"));
        assert_eq!(ok("１２３．４５"), d("123.45"));
        assert_eq!(ok("１，２３４"), d("1234"));
        assert_eq!(ok("\u{3000}96元"), d("96"));
        assert_eq!(ok("RMB 3.2"), d("3.2"));
        assert_eq!(ok("-5"), d("-5"));
        assert_eq!(ok("－５"), d("-5"));
        assert_eq!(ok("-¥12.5"), d("-12.5"));
        assert_eq!(ok("+7"), d("7"));
        assert_eq!(ok(".5"), d("0.5"));
        assert_eq!(ok("0.999"), d("0.999"));
        assert_eq!(ok("-0"), d("0"));
    }

    #[test]
    fn trim_fast_paths_agree_with_the_full_trim() {
        let full = |t: &str| t.trim_matches(is_cell_space).to_string();
        for t in [
            "",
            "a",
            " a ",
            "12.5",
            "仑伐替尼",
            "仑伐替尼\u{3000}",
            "\u{3000}仑伐替尼",
            "仑伐替尼 ",
            "仑伐替尼\u{a0}",
            "仑伐替尼\u{feff}",
            "阿司匹林A",
            "药\u{2003}",
            "\t1\n",
            "x\u{3000}",
        ] {
            assert_eq!(trim_cell(t), full(t), "{t:?}");
        }
    }

    #[test]
    fn fast_path_agrees_with_the_full_way() {
        for s in [
            "0",
            "-0",
            "12",
            "-12",
            "108.00",
            "0.999",
            ".5",
            "5.",
            "123456789012345678901234567",
            "-0.0001",
            "9999999999999999999",
            "99999999999999999999",
            "1844674407370955161.5",
            "18446744073709551616",
            "-12345678901234567890.123",
            "0.0000000000000000000000001",
        ] {
            let fast = parse_plain(s).unwrap();
            let full = parse_ascii(s, s).unwrap();
            assert_eq!(fast, full, "{s}");
        }
        for s in [
            "1e5",
            "1,000",
            "--1",
            "1.2.3",
            "",
            "-",
            ".",
            "1234567890123456789012345678",
        ] {
            assert!(parse_plain(s).is_none(), "{s}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// The short cell's loop against the general one: the same `Decimal` (value,
        /// scale, sign) or both `None`; and where they read a number, the full way reads
        /// the same value.
        #[test]
        fn short_cells_read_as_the_general_loop_reads_them(
            s in "-?[0-9.]{0,21}|[0-9]{0,20}\\.?[0-9]{0,10}|-?[0-9.x]{0,8}",
        ) {
            let (negative, digits) = match s.strip_prefix('-') {
                Some(rest) => (true, rest.as_bytes()),
                None => (false, s.as_bytes()),
            };
            if !digits.is_empty() && digits.len() <= 19 {
                let (short, long) = (parse_short(negative, digits), parse_long(negative, digits));
                proptest::prop_assert_eq!(short.map(|d| d.serialize()), long.map(|d| d.serialize()), "{:?}", s);
            }
            if let Some(fast) = parse_plain(&s) {
                proptest::prop_assert_eq!(Ok(fast), parse_ascii(&s, &s).map_err(|e| e.code), "{:?}", s);
            }
        }
    }

    #[test]
    fn exponents_are_exact() {
        assert_eq!(ok("1.2E+05"), d("120000"));
        assert_eq!(ok("1.5e-3"), d("0.0015"));
        assert_eq!(ok("0.1e1"), d("1"));
        assert_eq!(code("1e400"), ErrorCode::Overflow);
        assert_eq!(code("1e-40"), ErrorCode::Precision);
    }

    #[test]
    fn empty_cells_are_none() {
        assert_eq!(parse_decimal("").unwrap(), None);
        assert_eq!(parse_decimal("  \u{3000} ").unwrap(), None);
    }

    #[test]
    fn doubtful_cells_are_refused() {
        assert!(parse_decimal("#VALUE!")
            .unwrap_err()
            .message
            .contains("spreadsheet error"));
        for bad in [
            "#N/A", "#DIV/0!", "abc", "1,23", "12,3456", "1.2.3", "--5", "+-5", "NaN", "Infinity",
            "-inf", "1 234", "¥", ",", ".", "1e", "1e+", "٣", "(12)", "12%",
        ] {
            assert_eq!(
                parse_decimal(bad).unwrap_err().code,
                ErrorCode::BadNumber,
                "{bad}"
            );
        }
    }

    #[test]
    fn too_many_digits_is_precision_not_rounding() {
        assert_eq!(
            code("1.00000000000000000000000000001"),
            ErrorCode::Precision
        );
        assert_eq!(
            code("1234567890123456789012345678.91"),
            ErrorCode::Precision
        );
        assert_eq!(code("123456789012345678901234567890"), ErrorCode::Overflow);
        assert_eq!(code("99999999999999999999999999999"), ErrorCode::Overflow);
    }

    #[test]
    fn long_cells_are_too_large() {
        assert_eq!(code(&"9".repeat(500)), ErrorCode::TooLarge);
    }
}
