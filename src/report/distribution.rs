//! The distribution of per-drug price cuts, for the chart next to the headline 48%:
//! how many drugs fall in each 10-point band of price cut, known and estimated apart.

use crate::estimate::Estimate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One band of price cut, `[from, to)` in percent (the last band includes 100%).
/// `from: None` is the band of drugs whose price went up (cut below 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CutBand {
    pub from: Option<u32>,
    pub to: u32,
    /// Drugs whose every price is known (input or catalog).
    pub known: u32,
    /// Drugs with at least one estimated price.
    pub estimated: u32,
    /// The drugs in the band, by display name.
    pub drugs: Vec<String>,
}

/// Bands of 10 points from 0% to 100%, plus one for price rises; drugs whose net
/// baseline spend is not positive have no cut and are left out (as in the averages).
pub fn cut_distribution(e: &Estimate) -> Vec<CutBand> {
    let mut bands: Vec<CutBand> = std::iter::once(CutBand {
        from: None,
        to: 0,
        known: 0,
        estimated: 0,
        drugs: vec![],
    })
    .chain((0..10).map(|i| CutBand {
        from: Some(i * 10),
        to: i * 10 + 10,
        known: 0,
        estimated: 0,
        drugs: vec![],
    }))
    .collect();
    for d in &e.by_drug {
        if d.sums.baseline_spend <= Decimal::ZERO {
            continue;
        }
        let Some(rate) = d.sums.savings_rate else {
            continue;
        };
        let idx = if rate.is_sign_negative() && !rate.is_zero() {
            0
        } else {
            // band = floor(rate × 10), exact on the decimal; 100% (or more) goes in the last band
            let tenths = rate
                .checked_mul(Decimal::TEN)
                .map(|t| t.floor())
                .unwrap_or(Decimal::TEN);
            let i = if tenths >= Decimal::TEN {
                9
            } else {
                tenths.mantissa() / 10i128.pow(tenths.scale())
            };
            1 + i.clamp(0, 9) as usize
        };
        let band = &mut bands[idx];
        if d.estimated {
            band.estimated += 1;
        } else {
            band.known += 1;
        }
        band.drugs.push(d.drug.clone());
    }
    bands
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{estimate, Options};

    use crate::line::test_line as line;

    #[test]
    fn drugs_fall_in_their_ten_point_band() {
        let e = estimate(
            &[
                line("甲磺酸仑伐替尼胶囊", "90", "108", Some("18")), // 83.33%
                line("马来酸阿法替尼片", "10", "112.3267", None),    // estimated 48%
                line("A", "1", "10", Some("5")),                     // exactly 50% → [50, 60)
                line("B", "1", "10", Some("0")),                     // 100% → last band
                line("C", "1", "10", Some("12")),                    // −20%: a rise
                line("D", "1", "10", Some("10")),                    // 0% → [0, 10)
                line("E", "-1", "10", Some("5")),                    // net return: no cut
            ],
            &Options::default(),
        )
        .unwrap();
        let bands = cut_distribution(&e);
        assert_eq!(bands.len(), 11);
        let count = |from: Option<u32>| {
            bands
                .iter()
                .find(|b| b.from == from)
                .map(|b| (b.known, b.estimated))
                .unwrap()
        };
        assert_eq!(count(None), (1, 0));
        assert_eq!(count(Some(0)), (1, 0));
        assert_eq!(count(Some(40)), (0, 1));
        assert_eq!(count(Some(50)), (1, 0));
        assert_eq!(count(Some(80)), (1, 0));
        assert_eq!(count(Some(90)), (1, 0));
        let total: u32 = bands.iter().map(|b| b.known + b.estimated).sum();
        assert_eq!(total, 6, "the net return has no cut");
        assert_eq!(bands[9].drugs, vec!["甲磺酸仑伐替尼胶囊".to_string()]);
    }
}
