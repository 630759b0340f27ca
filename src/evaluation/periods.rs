//! Calendar months and periods of months (the share of a cycle elapsed, 序时进度, is
//! `progress`'s).
//!
//! ```text
//! months in a period     = end − start + 1                      (both months included)
//! ```
//!
//! The as-of month counts as complete. Month arithmetic is done on (year, month) pairs.

use crate::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

pub use crate::values::month::Month;

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
        let t = crate::values::number::trim_cell(text);
        let bad = || {
            let shown: String = t.chars().take(40).collect();
            Error::new(
                ErrorCode::BadMonth,
                format!("{name}: '{shown}' is not a period; write it as YYYY-MM:YYYY-MM (e.g. 2022-01:2022-12)"),
                format!("{name}：“{shown}”不是期间；请写作 YYYY-MM:YYYY-MM（如 2022-01:2022-12）"),
            )
        };
        let (a, b) = ["..", ":", "：", "~", "～", "至", "到"]
            .iter()
            .find_map(|sep| t.split_once(sep))
            .ok_or_else(bad)?;
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
        Some(Period {
            start: end.plus(1 - n)?,
            end,
        })
    }

    /// The `n` months starting at `start` (n ≥ 1).
    pub fn starting_at(start: Month, n: i64) -> Option<Period> {
        Some(Period {
            start,
            end: start.plus(n - 1)?,
        })
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn periods_parse_and_count_their_months() {
        let p = Period::parse("2022-01:2022-12", "pre").unwrap();
        assert_eq!(
            (p.start, p.end, p.months()),
            (m("2022-01"), m("2022-12"), 12)
        );
        assert_eq!(
            Period::parse(" 2022-11 ~ 2023-10 ", "post")
                .unwrap()
                .months(),
            12
        );
        assert_eq!(
            Period::parse("2022年1月至2022年6月", "pre")
                .unwrap()
                .months(),
            6
        );
        assert_eq!(
            Period::parse("2022-05..2022-05", "pre").unwrap().months(),
            1
        );
        assert_eq!(
            Period::parse("2022-12:2022-01", "pre").unwrap_err().code,
            ErrorCode::OutOfRange
        );
        assert_eq!(
            Period::parse("2022-01", "pre").unwrap_err().code,
            ErrorCode::BadMonth
        );
        assert!(Period::parse("2022-01:2022-12", "pre")
            .unwrap()
            .overlaps(&Period::parse("2022-12:2023-11", "post").unwrap()));
        assert!(!Period::parse("2022-01:2022-11", "pre")
            .unwrap()
            .overlaps(&Period::parse("2022-12:2023-11", "post").unwrap()));
        assert_eq!(
            Period::ending_at(m("2023-10"), 12).unwrap().start,
            m("2022-11")
        );
        assert_eq!(
            Period::starting_at(m("2022-11"), 12).unwrap().end,
            m("2023-10")
        );
    }
}
