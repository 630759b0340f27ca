//! Input cells of configuration and row objects (supply lines, scenarios, agreed
//! volumes, monthly rows, retention inputs), as JSON or JavaScript give them.
//!
//! A [`Cell`] holds the text of a value: a string as is, a number through its
//! shortest round-trip text (what a person typed: `0.1` stays `0.1`, never the
//! binary double), `null`/absent as empty. Reading a cell as a number goes through
//! [`crate::values::number::parse_decimal`], the one number reader, and a problem names
//! the field it came from.

use crate::error::{Error, ErrorCode, Result};
use crate::values::number::parse_decimal;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// The text of one input value; `None` when absent, `null` or empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell(pub Option<String>);

impl Cell {
    /// A cell holding `text`.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell(Some(text.into()))
    }

    /// True when the cell is absent or holds only spaces.
    pub fn is_empty(&self) -> bool {
        self.0
            .as_deref()
            .is_none_or(|s| crate::values::number::trim_cell(s).is_empty())
    }

    /// The cell as an exact decimal; `Ok(None)` when empty. Errors name `field`.
    pub fn decimal(&self, field: &str) -> Result<Option<Decimal>> {
        match self.0.as_deref() {
            None => Ok(None),
            Some(s) => parse_decimal(s).map_err(|e| in_field(field, e)),
        }
    }

    /// The cell as a decimal that must be present.
    pub fn required(&self, field: &str, missing: ErrorCode) -> Result<Decimal> {
        self.decimal(field)?.ok_or_else(|| {
            Error::new(
                missing,
                format!("{field} is missing"),
                format!("缺少 {field}"),
            )
        })
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::text(s)
    }
}

/// Prefixes an error's messages with the field it concerns.
pub fn in_field(field: &str, e: Error) -> Error {
    Error::new(
        e.code,
        format!("{field}: {}", e.message),
        format!("{field}：{}", e.message_zh),
    )
}

/// A fraction that must lie in [0, 1] (a share, a ratio, a probability).
pub fn fraction(cell: &Cell, field: &str) -> Result<Option<Decimal>> {
    let Some(v) = cell.decimal(field)? else {
        return Ok(None);
    };
    check_fraction(v, field)?;
    Ok(Some(v))
}

/// Checks that `v` lies in [0, 1].
pub fn check_fraction(v: Decimal, field: &str) -> Result<()> {
    if v.is_sign_negative() && !v.is_zero() || v > Decimal::ONE {
        return Err(Error::new(
            ErrorCode::OutOfRange,
            format!("{field} must be a fraction between 0 and 1 (0.25 = 25%), not {v}"),
            format!("{field} 须为0到1之间的小数（0.25即25%），而不是{v}"),
        ));
    }
    Ok(())
}

/// A value that must not be negative (a volume, a price).
pub fn non_negative(v: Decimal, field: &str) -> Result<Decimal> {
    if v.is_sign_negative() && !v.is_zero() {
        let code = if field.contains("price") {
            ErrorCode::NegativePrice
        } else {
            ErrorCode::OutOfRange
        };
        return Err(Error::new(
            code,
            format!("{field} must not be negative, not {v}"),
            format!("{field} 不能为负数（{v}）"),
        ));
    }
    Ok(v)
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match &self.0 {
            Some(t) => s.serialize_str(t),
            None => s.serialize_none(),
        }
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Cell, D::Error> {
        d.deserialize_any(CellVisitor)
    }
}

struct CellVisitor;

impl<'de> Visitor<'de> for CellVisitor {
    type Value = Cell;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal string, a number or null")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Cell, E> {
        Ok(Cell::text(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Cell, E> {
        Ok(Cell(Some(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Cell, E> {
        Ok(Cell(Some(v.to_string())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Cell, E> {
        Ok(Cell(Some(v.to_string())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Cell, E> {
        if !v.is_finite() {
            return Err(E::custom("a number must be finite"));
        }
        // Rust prints the shortest text that reads back as the same double: the decimal typed.
        Ok(Cell(Some(format!("{v}"))))
    }
    fn visit_none<E: de::Error>(self) -> std::result::Result<Cell, E> {
        Ok(Cell(None))
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<Cell, E> {
        Ok(Cell(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Cell, D::Error> {
        d.deserialize_any(CellVisitor)
    }
}

/// The error for an input object that does not have the expected shape.
pub fn invalid_input(what: &str, e: impl fmt::Display) -> Error {
    Error::new(
        ErrorCode::InvalidInput,
        format!("{what} does not have the expected shape: {e}"),
        format!("{}的格式不对：{e}", what_zh(what)),
    )
}

/// The Chinese name of an input the bindings read (`what` of [`invalid_input`] and the JS
/// readers), so a Chinese message does not carry an English one; else `what` as is (a
/// field name such as `options`).
pub fn what_zh(what: &str) -> &str {
    match what {
        "the configuration" => "配置",
        "the scenarios input" => "供应情景输入",
        "the agreed-volume input" => "约定采购量输入",
        "the cycle input" => "采购周期输入",
        "the cycle options" => "采购周期选项",
        "the retention input" => "结余留用输入",
        "the sensitivity input" => "敏感性分析输入",
        "estimate report" => "测算报告",
        "programme report" => "多批次报告",
        "evaluation report" => "监测与评价报告",
        "catalog" => "目录",
        "catalogs" => "目录列表",
        other => other,
    }
}

/// Serde helper: a list of decimals as exact strings.
pub mod decimal_vec {
    use super::*;
    use serde::ser::SerializeSeq;

    pub fn serialize<S: Serializer>(v: &[Decimal], s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(v.len()))?;
        for d in v {
            seq.serialize_element(&crate::values::money::to_plain_string(*d))?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> std::result::Result<Vec<Decimal>, D::Error> {
        let v: Vec<String> = Vec::deserialize(d)?;
        v.iter()
            .map(|s| Decimal::from_str_exact(s).map_err(de::Error::custom))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn numbers_become_the_decimal_typed() {
        let c: Cell = serde_json::from_str("0.1").unwrap();
        assert_eq!(c, Cell::text("0.1"));
        let c: Cell = serde_json::from_str("1e21").unwrap();
        assert_eq!(
            c.decimal("x").unwrap(),
            Some(Decimal::from_str("1000000000000000000000").unwrap())
        );
        let c: Cell = serde_json::from_str("12").unwrap();
        assert_eq!(c, Cell::text("12"));
        let c: Cell = serde_json::from_str("null").unwrap();
        assert!(c.is_empty());
        assert!(serde_json::from_str::<Cell>("true").is_err());
    }

    #[test]
    fn fractions_are_checked_and_errors_name_the_field() {
        assert_eq!(
            fraction(&"0.25".into(), "share").unwrap(),
            Some(Decimal::from_str("0.25").unwrap())
        );
        let e = fraction(&"1.5".into(), "share").unwrap_err();
        assert_eq!(e.code, ErrorCode::OutOfRange);
        assert!(e.message.starts_with("share"));
        let e = fraction(&"abc".into(), "share").unwrap_err();
        assert_eq!(e.code, ErrorCode::BadNumber);
        assert!(e.message.starts_with("share: "));
        assert!(fraction(&"-0".into(), "share").is_ok());
        assert_eq!(
            non_negative(Decimal::from(-1), "backup.unit_price")
                .unwrap_err()
                .code,
            ErrorCode::NegativePrice
        );
    }
}
