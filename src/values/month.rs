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
        Dated::read(text, false).map(|d| d.month)
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

/// A month, or a day, as written on a line or a record (`2024-08`, `2024-08-21`): the
/// month, and the day where one is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dated {
    pub month: Month,
    /// 1–31, where the text gives a day.
    pub day: Option<u32>,
}

impl Dated {
    /// Reads what [`Month::parse`] reads, keeping the day of a date (checked against its month).
    pub fn parse(text: &str) -> Result<Dated> {
        Dated::read(text, true)
    }

    /// `check_day`: a day that its month does not have is an error (for a month alone, as
    /// month files write dates, the day is only read as one or two digits).
    fn read(text: &str, check_day: bool) -> Result<Dated> {
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
        let mut day_text = None;
        let (y, m) = match parts.as_slice() {
            [ym] if ym.len() == 6 && ym.bytes().all(|b| b.is_ascii_digit()) => (&ym[..4], &ym[4..]),
            [y, m] => (*y, *m),
            [y, m, d] if !d.is_empty() && d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit()) => {
                day_text = Some(*d);
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
        let day = match day_text {
            None => None,
            Some(d) => {
                let day: u32 = d.parse().map_err(|_| bad())?;
                if !(1..=days_in(year, month)).contains(&day) {
                    if check_day {
                        return Err(bad());
                    }
                    None
                } else {
                    Some(day)
                }
            }
        };
        Ok(Dated {
            month: Month { year, month },
            day,
        })
    }

    /// Whether this is after `end` (a day): `Some(true)` or `Some(false)` where it can be
    /// told, `None` for a month alone that holds `end` (part of it before, part after).
    pub fn after_day(self, end: Dated) -> Option<bool> {
        let end_day = end.day?;
        match self.day {
            Some(d) => Some((self.month, d) > (end.month, end_day)),
            None if self.month == end.month => None,
            None => Some(self.month > end.month),
        }
    }
}

impl fmt::Display for Dated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(d) => write!(f, "{}-{:02}", self.month, d),
            None => write!(f, "{}", self.month),
        }
    }
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
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
    fn a_day_is_kept_and_compared_with_an_end_day() {
        let d = |s: &str| Dated::parse(s).unwrap();
        assert_eq!(d("2024-08-21").day, Some(21));
        assert_eq!(d("2024年8月21日").to_string(), "2024-08-21");
        assert_eq!(d("2024-08").day, None);
        assert!(Dated::parse("2023-02-29").is_err());
        assert!(Dated::parse("2024-02-29").is_ok());
        let end = d("2024-08-21");
        assert_eq!(d("2024-08-22").after_day(end), Some(true));
        assert_eq!(d("2024-08-21").after_day(end), Some(false));
        assert_eq!(d("2024-09").after_day(end), Some(true));
        assert_eq!(d("2024-07").after_day(end), Some(false));
        assert_eq!(d("2024-08").after_day(end), None);
        assert_eq!(
            d("2024-09").after_day(d("2024-08")),
            None,
            "an end without a day cannot be told"
        );
    }

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
