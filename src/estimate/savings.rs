//! The savings rules, as small plain functions with every parameter explicit.
//!
//! ```text
//! baseline spend = quantity × baseline unit price
//! VBP spend      = quantity × VBP unit price
//! savings        = baseline spend − VBP spend
//! savings rate   = savings ÷ baseline spend          (a drug's price cut)
//! estimated VBP unit price = baseline unit price × (1 − average cut)
//! ```
//! All products and sums are exact ([`crate::values::money`]); overflow is an error value.

use crate::error::Result;
use crate::values::money::{self, mul, sub};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The three figures of one usage line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineFigures {
    #[serde(with = "money::serde_str")]
    pub baseline_spend: Decimal,
    #[serde(with = "money::serde_str")]
    pub vbp_spend: Decimal,
    #[serde(with = "money::serde_str")]
    pub savings: Decimal,
}

/// Savings of one line: `quantity` units bought at `vbp_unit_price` instead of `baseline_unit_price`.
/// A negative quantity is a return and gives negative figures that net against purchases.
pub fn line_savings(
    quantity: Decimal,
    baseline_unit_price: Decimal,
    vbp_unit_price: Decimal,
) -> Result<LineFigures> {
    let baseline_spend = mul(quantity, baseline_unit_price)?;
    let vbp_spend = mul(quantity, vbp_unit_price)?;
    let savings = sub(baseline_spend, vbp_spend)?;
    Ok(LineFigures {
        baseline_spend,
        vbp_spend,
        savings,
    })
}

/// The VBP unit price estimated from a baseline price and an average cut (0.48 → price × 0.52).
pub fn estimated_vbp_price(baseline_unit_price: Decimal, average_cut: Decimal) -> Result<Decimal> {
    mul(baseline_unit_price, sub(Decimal::ONE, average_cut)?)
}

/// Savings rate = savings ÷ baseline spend (rounded to [`money::RATE_DP`] places);
/// `None` when the baseline spend is zero.
pub fn savings_rate(savings: Decimal, baseline_spend: Decimal) -> Option<Decimal> {
    money::ratio(savings, baseline_spend)
}

/// The price cut of a unit price change: (baseline − VBP) ÷ baseline.
pub fn price_cut(baseline_unit_price: Decimal, vbp_unit_price: Decimal) -> Option<Decimal> {
    money::ratio(
        baseline_unit_price.checked_sub(vbp_unit_price)?,
        baseline_unit_price,
    )
}

/// Simple (unweighted) mean of per-drug price cuts; `None` for no drugs.
pub fn simple_average(cuts: &[Decimal]) -> Option<Decimal> {
    let mut sum = Decimal::ZERO;
    for c in cuts {
        sum = sum.checked_add(*c)?;
    }
    money::ratio(sum, Decimal::from(cuts.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn lenvatinib_course_saves_8100() {
        // NHSA: average 108 → 18 yuan per capsule, 8,100 yuan saved per course; the 90
        // capsules are worked back from 8,100 ÷ (108 − 18), not published.
        let f = line_savings(d("90"), d("108"), d("18")).unwrap();
        assert_eq!(f.baseline_spend, d("9720"));
        assert_eq!(f.vbp_spend, d("1620"));
        assert_eq!(f.savings, d("8100"));
    }

    #[test]
    fn oseltamivir_ceiling_to_lowest_bid_is_84_51_percent() {
        let cut = price_cut(d("6.45"), d("0.999")).unwrap();
        assert_eq!(money::round_dp(cut * d("100"), 2), d("84.51"));
    }

    #[test]
    fn estimate_at_48_percent_is_baseline_times_0_52() {
        assert_eq!(estimated_vbp_price(d("10"), d("0.48")).unwrap(), d("5.2"));
        assert_eq!(
            estimated_vbp_price(d("0.333"), d("0.48")).unwrap(),
            d("0.17316")
        );
    }

    #[test]
    fn returns_are_negative_figures() {
        let f = line_savings(d("-3"), d("10"), d("4")).unwrap();
        assert_eq!(f.savings, d("-18"));
    }

    #[test]
    fn rates_and_averages() {
        assert_eq!(savings_rate(d("48"), d("100")), Some(d("0.48")));
        assert_eq!(savings_rate(d("1"), Decimal::ZERO), None);
        assert_eq!(simple_average(&[d("0.5"), d("0.4")]), Some(d("0.45")));
        assert_eq!(simple_average(&[]), None);
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        assert!(line_savings(Decimal::MAX, d("2"), d("1")).is_err());
    }
}
