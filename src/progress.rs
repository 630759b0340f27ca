//! Completion of an agreed volume against the share of the cycle elapsed (序时进度): the one
//! home of this arithmetic. The evaluation's completion table (`evaluation::completion`) and
//! the one-drug cycle view (`plan::cycle`) both call [`progress`]; what each adds is its own
//! (the evaluation: which rows count, units, the report's row; the cycle view: the drug
//! filter, the defaults of cycle start and as-of from the data, the rows counted per month).
//!
//! ```text
//! months elapsed       = as-of − cycle start + 1, kept within 0 … months in the cycle
//! purchased            = Σ quantity, cycle start through the as-of month (a month without rows adds 0)
//! cumulative (month m) = Σ quantity, cycle start through m
//! remaining            = max(agreed − purchased, 0)
//! completion           = purchased ÷ agreed volume                        (null when agreed is 0)
//! time elapsed (序时进度) = months elapsed ÷ months in the cycle
//! lag                  = completion − time elapsed, as one quotient:
//!                        (purchased × months in the cycle − agreed × months elapsed) ÷ (agreed × months in the cycle)
//! status               = completed (purchased ≥ agreed: nothing left to buy, also when 0 was agreed)
//!                        · zero_purchase (purchased ≤ 0) · behind (completion < time elapsed) · on_track
//! average monthly      = purchased ÷ months elapsed
//! required monthly     = remaining ÷ months left                          (null when no month is left)
//! projected total      = purchased × months in the cycle ÷ months elapsed (at the average rate so far)
//! projected completion = projected total ÷ agreed, as one quotient:
//!                        purchased × months in the cycle ÷ (agreed × months elapsed)
//! projected month      = completed: the first month whose cumulative reaches the agreed volume
//!                        (the as-of month when 0 was agreed); otherwise, with something bought,
//!                        as-of + ⌈remaining × months elapsed ÷ purchased⌉; null with nothing bought
//! ```
//!
//! The status compares exact values (purchased × months in the cycle against agreed × months
//! elapsed), never the rounded quotients; `behind` is the same test as "the projected month falls
//! after the cycle's end": with n = ⌈(A − P) × e ÷ P⌉ and r = C − e months left, n > r ⟺
//! (A − P) × e > r × P ⟺ A × e > C × P. Quotients are `values::money::ratio`'s (12 decimal places,
//! half away from zero).

use crate::error::{Error, Result};
use crate::values::money::{self, add, mul, sub};
use crate::values::month::Month;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a completion stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Nothing bought (net of returns) in the cycle so far, against a volume still owed.
    ZeroPurchase,
    /// The agreed volume is reached (purchased ≥ agreed; also when nothing was agreed).
    Completed,
    /// Completion is below the share of the cycle elapsed (序时进度): at the average rate so far
    /// the agreed volume is reached only after the cycle's end.
    Behind,
    /// Completion is at or above the share of the cycle elapsed.
    OnTrack,
}

/// One month of the cycle through the as-of month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthProgress {
    pub month: Month,
    pub quantity: Decimal,
    pub cumulative: Decimal,
}

/// An agreed volume's progress at the end of the as-of month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub cycle_months: i64,
    pub months_elapsed: i64,
    pub months_left: i64,
    pub purchased: Decimal,
    pub remaining: Decimal,
    pub completion: Option<Decimal>,
    pub time_elapsed: Option<Decimal>,
    pub lag: Option<Decimal>,
    pub status: Status,
    pub average_monthly: Option<Decimal>,
    pub required_monthly: Option<Decimal>,
    pub projected_total: Option<Decimal>,
    pub projected_completion: Option<Decimal>,
    pub projected_month: Option<Month>,
    /// Every month from the cycle start through the as-of month (or the cycle end).
    pub months: Vec<MonthProgress>,
}

/// Months in a cycle, both ends included (0 when it ends before it starts).
pub fn cycle_months(start: Month, end: Month) -> i64 {
    (end.index() - start.index() + 1).max(0)
}

/// Months of a cycle elapsed by the end of `as_of`: as-of − start + 1, kept within
/// 0 … the cycle's months (0 before the cycle starts, all of them after it ends).
pub fn months_elapsed(start: Month, end: Month, as_of: Month) -> i64 {
    (as_of.index() - start.index() + 1).clamp(0, cycle_months(start, end))
}

/// ⌈num ÷ den⌉ for positive values, checked exactly.
fn ceil_div(num: Decimal, den: Decimal) -> Result<i64> {
    let q = num.checked_div(den).ok_or_else(Error::overflow)?;
    let mut n = q.round_dp_with_strategy(0, RoundingStrategy::AwayFromZero);
    // guard against a quotient rounded at 28 digits: n is the least integer with n × den ≥ num
    while mul(n, den)? < num {
        n = add(n, Decimal::ONE)?;
    }
    while n > Decimal::ZERO && mul(sub(n, Decimal::ONE)?, den)? >= num {
        n = sub(n, Decimal::ONE)?;
    }
    i64::try_from(n).map_err(|_| Error::overflow())
}

/// The progress of `agreed` over the cycle `start` … `end` at the end of `as_of`, from the
/// quantities bought by month (months outside the cycle or after the as-of month are ignored).
/// `None` when the cycle starts after the as-of month (or ends before it starts).
pub fn progress(
    start: Month,
    end: Month,
    as_of: Month,
    agreed: Decimal,
    by_month: &BTreeMap<Month, Decimal>,
) -> Result<Option<Progress>> {
    let elapsed = months_elapsed(start, end, as_of);
    if elapsed == 0 {
        return Ok(None);
    }
    let cycle = cycle_months(start, end);
    let months_left = cycle - elapsed;
    let mut months = Vec::with_capacity(elapsed as usize);
    let mut cumulative = Decimal::ZERO;
    let mut reached: Option<Month> = None;
    for i in 0..elapsed {
        let Some(m) = start.plus(i) else { break };
        let quantity = by_month.get(&m).copied().unwrap_or(Decimal::ZERO);
        cumulative = add(cumulative, quantity)?;
        if reached.is_none() && agreed > Decimal::ZERO && cumulative >= agreed {
            reached = Some(m);
        }
        months.push(MonthProgress {
            month: m,
            quantity,
            cumulative,
        });
    }
    let last = months.last().map_or(start, |m| m.month);
    let purchased = cumulative;
    let (c, e) = (Decimal::from(cycle), Decimal::from(elapsed));
    let remaining = sub(agreed, purchased)?.max(Decimal::ZERO);
    let purchased_by_cycle = mul(purchased, c)?;
    let agreed_by_elapsed = mul(agreed, e)?;
    let status = if purchased >= agreed {
        Status::Completed
    } else if purchased <= Decimal::ZERO {
        Status::ZeroPurchase
    } else if purchased_by_cycle < agreed_by_elapsed {
        Status::Behind
    } else {
        Status::OnTrack
    };
    let projected_month = match status {
        Status::Completed => reached.or(Some(last)),
        Status::ZeroPurchase => None,
        Status::Behind | Status::OnTrack => {
            let needed = ceil_div(mul(remaining, e)?, purchased)?;
            Some(last.plus(needed).ok_or_else(Error::overflow)?)
        }
    };
    Ok(Some(Progress {
        cycle_months: cycle,
        months_elapsed: elapsed,
        months_left,
        purchased,
        remaining,
        completion: money::ratio(purchased, agreed),
        time_elapsed: money::ratio(e, c),
        lag: money::ratio(sub(purchased_by_cycle, agreed_by_elapsed)?, mul(agreed, c)?),
        status,
        average_monthly: money::ratio(purchased, e),
        required_monthly: if months_left > 0 {
            money::ratio(remaining, Decimal::from(months_left))
        } else {
            None
        },
        projected_total: money::ratio(purchased_by_cycle, e),
        projected_completion: money::ratio(purchased_by_cycle, agreed_by_elapsed),
        projected_month,
        months,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    fn run(agreed: &str, as_of: &str, bought: &[(&str, &str)]) -> Option<Progress> {
        let by_month: BTreeMap<Month, Decimal> =
            bought.iter().map(|(mo, q)| (m(mo), d(q))).collect();
        progress(m("2023-01"), m("2023-12"), m(as_of), d(agreed), &by_month).unwrap()
    }

    #[test]
    fn ceil_div_is_exact() {
        assert_eq!(ceil_div(d("10"), d("5")).unwrap(), 2);
        assert_eq!(ceil_div(d("11"), d("5")).unwrap(), 3);
        assert_eq!(ceil_div(d("1"), d("3")).unwrap(), 1);
        assert_eq!(
            ceil_div(d("2"), d("0.6666666666666666666666666667")).unwrap(),
            3
        );
    }

    #[test]
    fn months_elapsed_stays_within_the_cycle() {
        let (s, e) = (m("2022-11"), m("2023-10"));
        assert_eq!(months_elapsed(s, e, m("2022-10")), 0);
        assert_eq!(months_elapsed(s, e, m("2022-11")), 1);
        assert_eq!(months_elapsed(s, e, m("2023-04")), 6);
        assert_eq!(months_elapsed(s, e, m("2023-10")), 12);
        assert_eq!(months_elapsed(s, e, m("2024-06")), 12);
        assert_eq!(cycle_months(e, s), 0);
    }

    #[test]
    fn behind_is_a_projected_month_after_the_cycle_end() {
        // 400 of 1200 in 6 of 12 months: 66.67/month, 800 more need 12 months: 2024-06
        let p = run("1200", "2023-06", &[("2023-01", "100"), ("2023-03", "300")]).unwrap();
        assert_eq!(p.status, Status::Behind);
        assert_eq!(p.projected_month, Some(m("2024-06")));
        assert_eq!(p.projected_total, Some(d("800")));
        assert_eq!(p.average_monthly, Some(d("66.666666666667")));
        assert_eq!(p.remaining, d("800"));
        // exactly on 序时进度: the agreed volume is reached in the cycle's last month
        let p = run("1200", "2023-06", &[("2023-02", "600")]).unwrap();
        assert_eq!(
            (p.status, p.projected_month),
            (Status::OnTrack, Some(m("2023-12")))
        );
        // completed: the month the running total reached the agreed volume
        let p = run("1200", "2023-06", &[("2023-02", "700"), ("2023-04", "500")]).unwrap();
        assert_eq!(
            (p.status, p.projected_month),
            (Status::Completed, Some(m("2023-04")))
        );
        // nothing bought: no rate, no month
        let p = run("1200", "2023-06", &[]).unwrap();
        assert_eq!((p.status, p.projected_month), (Status::ZeroPurchase, None));
        // nothing agreed: nothing owed
        let p = run("0", "2023-06", &[]).unwrap();
        assert_eq!(
            (p.status, p.projected_month, p.required_monthly),
            (Status::Completed, Some(m("2023-06")), Some(Decimal::ZERO))
        );
    }
}
