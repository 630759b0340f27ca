//! Calendar months, periods of months, and the share of a cycle elapsed (序时进度).
//!
//! ```text
//! months in a period     = end − start + 1                      (both months included)
//! months elapsed         = as-of − cycle start + 1, kept within 0 … months in the cycle
//! time elapsed (序时进度) = months elapsed ÷ months in the cycle
//! ```
//!
//! The as-of month counts as complete. Month arithmetic is done on (year, month) pairs.

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
        let t = crate::number::trim_cell(text);
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
                '\u{ff10}'..='\u{ff19}' => char::from_u32(c as u32 - 0xff10 + u32::from(b'0')).unwrap_or(c),
                '年' | '/' | '.' | '－' | '／' => '-',
                '月' => '-',
                '日' => ' ',
                c => c,
            })
            .collect();
        let folded = folded.trim().trim_end_matches('-');
        // a date with a time of day (`2023-03-15 00:00:00`, as spreadsheets export dates): the date part
        let folded = match folded.split_once(' ') {
            Some((date, time)) if time.trim().bytes().all(|b| b.is_ascii_digit() || b == b':') => date.trim_end_matches('-'),
            _ => folded,
        };
        let parts: Vec<&str> = folded.split('-').map(str::trim).collect();
        let (y, m) = match parts.as_slice() {
            [ym] if ym.len() == 6 && ym.bytes().all(|b| b.is_ascii_digit()) => (&ym[..4], &ym[4..]),
            [y, m] => (*y, *m),
            [y, m, d] if !d.is_empty() && d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit()) => (*y, *m),
            _ => return Err(bad()),
        };
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) || m.is_empty() || m.len() > 2 || !m.bytes().all(|b| b.is_ascii_digit()) {
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
        Some(Month { year, month: (i.rem_euclid(12) + 1) as u32 })
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

/// A run of whole months, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: Month,
    pub end: Month,
}

impl Period {
    /// A period from `start` through `end`; an error when `end` is before `start`.
    pub fn new(start: Month, end: Month, name: &str) -> Result<Period> {
        if end < start {
            return Err(Error::new(
                ErrorCode::OutOfRange,
                format!("{name}: the period ends ({end}) before it starts ({start})"),
                format!("{name}：期间结束月份（{end}）早于开始月份（{start}）"),
            ));
        }
        Ok(Period { start, end })
    }

    /// Reads `YYYY-MM:YYYY-MM` (also `~`, `～`, `至`, `到` or `..` between the months).
    /// `name` is the option's name, for the message.
    pub fn parse(text: &str, name: &str) -> Result<Period> {
        let t = crate::number::trim_cell(text);
        let bad = || {
            let shown: String = t.chars().take(40).collect();
            Error::new(
                ErrorCode::BadMonth,
                format!("{name}: '{shown}' is not a period; write it as YYYY-MM:YYYY-MM (e.g. 2022-01:2022-12)"),
                format!("{name}：“{shown}”不是期间；请写作 YYYY-MM:YYYY-MM（如 2022-01:2022-12）"),
            )
        };
        let (a, b) = ["..", ":", "：", "~", "～", "至", "到"].iter().find_map(|sep| t.split_once(sep)).ok_or_else(bad)?;
        let start = Month::parse(a).map_err(|_| bad())?;
        let end = Month::parse(b).map_err(|_| bad())?;
        Period::new(start, end, name)
    }

    /// How many months the period holds (≥ 1).
    pub fn months(&self) -> i64 {
        self.end.index() - self.start.index() + 1
    }

    /// True when `m` lies within the period.
    pub fn contains(&self, m: Month) -> bool {
        self.start <= m && m <= self.end
    }

    /// True when the two periods share a month.
    pub fn overlaps(&self, other: &Period) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// The `n` months ending at `end` (n ≥ 1).
    pub fn ending_at(end: Month, n: i64) -> Option<Period> {
        Some(Period { start: end.plus(1 - n)?, end })
    }

    /// The `n` months starting at `start` (n ≥ 1).
    pub fn starting_at(start: Month, n: i64) -> Option<Period> {
        Some(Period { start, end: start.plus(n - 1)? })
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.start, self.end)
    }
}

/// Months of a cycle elapsed by the end of `as_of`: as-of − start + 1, kept within
/// 0 … the cycle's months (0 before the cycle starts, all of them after it ends).
pub fn months_elapsed(cycle: &Period, as_of: Month) -> i64 {
    (as_of.index() - cycle.start.index() + 1).clamp(0, cycle.months())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn months_parse_in_the_forms_people_write() {
        let s = |t: &str| Month::parse(t).unwrap().to_string();
        assert_eq!(s("2023-01"), "2023-01");
        assert_eq!(s("2023年3月"), "2023-03");
        assert_eq!(s("2023-03-15"), "2023-03");
        assert_eq!(s("2023-03-15 00:00:00"), "2023-03");
        assert_eq!(s("2023/3/5"), "2023-03");
        for bad in ["", "2023", "2023-13", "45000", "2023-03-15 noon"] {
            assert_eq!(Month::parse(bad).unwrap_err().code, ErrorCode::BadMonth, "{bad}");
        }
    }

    #[test]
    fn periods_parse_and_count_their_months() {
        let p = Period::parse("2022-01:2022-12", "pre").unwrap();
        assert_eq!((p.start, p.end, p.months()), (m("2022-01"), m("2022-12"), 12));
        assert_eq!(Period::parse(" 2022-11 ~ 2023-10 ", "post").unwrap().months(), 12);
        assert_eq!(Period::parse("2022年1月至2022年6月", "pre").unwrap().months(), 6);
        assert_eq!(Period::parse("2022-05..2022-05", "pre").unwrap().months(), 1);
        assert_eq!(Period::parse("2022-12:2022-01", "pre").unwrap_err().code, ErrorCode::OutOfRange);
        assert_eq!(Period::parse("2022-01", "pre").unwrap_err().code, ErrorCode::BadMonth);
        assert!(Period::parse("2022-01:2022-12", "pre").unwrap().overlaps(&Period::parse("2022-12:2023-11", "post").unwrap()));
        assert!(!Period::parse("2022-01:2022-11", "pre").unwrap().overlaps(&Period::parse("2022-12:2023-11", "post").unwrap()));
        assert_eq!(Period::ending_at(m("2023-10"), 12).unwrap().start, m("2022-11"));
        assert_eq!(Period::starting_at(m("2022-11"), 12).unwrap().end, m("2023-10"));
    }

    #[test]
    fn months_elapsed_stays_within_the_cycle() {
        let c = Period::parse("2022-11:2023-10", "cycle").unwrap();
        assert_eq!(months_elapsed(&c, m("2022-10")), 0);
        assert_eq!(months_elapsed(&c, m("2022-11")), 1);
        assert_eq!(months_elapsed(&c, m("2023-04")), 6);
        assert_eq!(months_elapsed(&c, m("2023-10")), 12);
        assert_eq!(months_elapsed(&c, m("2024-06")), 12);
    }
}
