//! A calendar month (`2023-03`) as people write it in hospital exports and agreements:
//! `YYYY-MM`, `YYYY年M月`, `202303`, or a date whose day is ignored. Month arithmetic on
//! (year, month) pairs, for cycles, 序时进度 and before/after periods.

use crate::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Month {
    /// Reads `YYYY-MM`, `YYYY-M`, `YYYY/MM`, `YYYY.MM`, `YYYYMM`, `YYYY年M月`, or a date
    /// (`YYYY-MM-DD`, `YYYY/M/D`, `YYYY年M月D日`, whose day is ignored). Years 1900–2999.
    pub fn parse(text: &str) -> Result<Month> {
        let t = crate::values::number::trim_cell(text);
        let bad = || {
            let shown: String = t.chars().take(40).collect();
            Error::new(
                ErrorCode::BadMonth,
                format!("'{shown}' is not a month; write it as YYYY-MM (e.g. 2023-01)"),
                format!("“{shown}”不是月份；请写作 YYYY-MM（如 2023-01）"),
            )
        };
        let folded: String = t
            .chars()
            .map(|c| match c {
                '\u{ff10}'..='\u{ff19}' => {
                    char::from_u32(c as u32 - 0xff10 + u32::from(b'0')).unwrap_or(c)
                }
                '年' | '/' | '.' | '－' | '／' => '-',
                '月' => '-',
                '日' => ' ',
                c => c,
            })
            .collect();
        let folded = folded.trim().trim_end_matches('-');
        // a date with a time of day (`2023-03-15 00:00:00`, as spreadsheets export dates): the date part
        let folded = match folded.split_once(' ') {
            Some((date, time)) if time.trim().bytes().all(|b| b.is_ascii_digit() || b == b':') => {
                date.trim_end_matches('-')
            }
            _ => folded,
        };
        let parts: Vec<&str> = folded.split('-').map(str::trim).collect();
        let (y, m) = match parts.as_slice() {
            [ym] if ym.len() == 6 && ym.bytes().all(|b| b.is_ascii_digit()) => (&ym[..4], &ym[4..]),
            [y, m] => (*y, *m),
            [y, m, d] if !d.is_empty() && d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit()) => {
                (*y, *m)
            }
            _ => return Err(bad()),
        };
        if y.len() != 4
            || !y.bytes().all(|b| b.is_ascii_digit())
            || m.is_empty()
            || m.len() > 2
            || !m.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1900..=2999).contains(&year) || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }

    /// Months since year 0: a number to subtract.
    pub fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    /// The month at an index.
    pub fn from_index(i: i64) -> Option<Month> {
        let year = i32::try_from(i.div_euclid(12)).ok()?;
        Some(Month {
            year,
            month: (i.rem_euclid(12) + 1) as u32,
        })
    }

    /// This month plus `n` months.
    pub fn plus(self, n: i64) -> Option<Month> {
        Month::from_index(self.index().checked_add(n)?)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Month, D::Error> {
        let s = String::deserialize(d)?;
        Month::parse(&s).map_err(|e| serde::de::Error::custom(e.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_in_the_forms_people_write() {
        let m = |s: &str| Month::parse(s).unwrap().to_string();
        assert_eq!(m("2023-01"), "2023-01");
        assert_eq!(m("2023-1"), "2023-01");
        assert_eq!(m("2023/12"), "2023-12");
        assert_eq!(m("2023.07"), "2023-07");
        assert_eq!(m("202303"), "2023-03");
        assert_eq!(m("2023年3月"), "2023-03");
        assert_eq!(m("２０２３年１１月"), "2023-11");
        assert_eq!(m("2023-03-15"), "2023-03");
        assert_eq!(m("2023/3/5"), "2023-03");
        assert_eq!(m("2023-03-15 00:00:00"), "2023-03");
        for bad in [
            "",
            "2023",
            "2023-13",
            "2023-00",
            "23-01",
            "45000",
            "March 2023",
            "2023-01-01-01",
            "1800-01",
            "2023-03-15 noon",
        ] {
            assert_eq!(
                Month::parse(bad).unwrap_err().code,
                ErrorCode::BadMonth,
                "{bad}"
            );
        }
    }

    #[test]
    fn month_arithmetic_crosses_years() {
        let m = Month::parse("2022-11").unwrap();
        assert_eq!(m.plus(2).unwrap().to_string(), "2023-01");
        assert_eq!(m.plus(14).unwrap().to_string(), "2024-01");
        assert_eq!(m.plus(-11).unwrap().to_string(), "2021-12");
        assert_eq!(Month::parse("2023-10").unwrap().index() - m.index(), 11);
    }
}
