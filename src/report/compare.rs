//! Two scenarios side by side: their totals and per-category figures, and the
//! exact difference (B − A) of each, computed by the engine, never in the page.

use crate::error::Result;
use crate::estimate::{Estimate, Sums};
use crate::values::money::{self, sub};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The difference B − A of two sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SumsDelta {
    #[serde(with = "money::serde_str")]
    pub baseline_spend: Decimal,
    #[serde(with = "money::serde_str")]
    pub vbp_spend: Decimal,
    #[serde(with = "money::serde_str")]
    pub savings: Decimal,
    /// Difference of the savings rates (fractions); `null` when either is unknown.
    #[serde(with = "money::serde_str::option")]
    pub savings_rate: Option<Decimal>,
}

fn delta(a: &Sums, b: &Sums) -> Result<SumsDelta> {
    Ok(SumsDelta {
        baseline_spend: sub(b.baseline_spend, a.baseline_spend)?,
        vbp_spend: sub(b.vbp_spend, a.vbp_spend)?,
        savings: sub(b.savings, a.savings)?,
        savings_rate: match (a.savings_rate, b.savings_rate) {
            (Some(x), Some(y)) => Some(sub(y, x)?),
            _ => None,
        },
    })
}

/// One row of the comparison: a category present in A, in B or in both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareRow {
    pub key: String,
    pub zh: String,
    pub en: String,
    pub a: Option<Sums>,
    pub b: Option<Sums>,
    pub delta: SumsDelta,
}

/// Scenario A against scenario B.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub a: Sums,
    pub b: Sums,
    pub delta: SumsDelta,
    /// Categories in A's order, then those only in B.
    pub by_category: Vec<CompareRow>,
    /// Lines estimated (no known VBP price) in A and in B.
    pub estimated_lines: [u64; 2],
}

/// Compares two estimates.
pub fn compare(a: &Estimate, b: &Estimate) -> Result<Comparison> {
    let zero = Sums::default();
    let mut rows = Vec::new();
    let mut keys: Vec<(&str, &str, &str)> = a
        .by_category
        .iter()
        .map(|c| {
            (
                c.label.key.as_str(),
                c.label.zh.as_str(),
                c.label.en.as_str(),
            )
        })
        .collect();
    for c in &b.by_category {
        if !keys.iter().any(|k| k.0 == c.label.key) {
            keys.push((&c.label.key, &c.label.zh, &c.label.en));
        }
    }
    for (key, zh, en) in keys {
        let sa = a
            .by_category
            .iter()
            .find(|c| c.label.key == key)
            .map(|c| c.sums);
        let sb = b
            .by_category
            .iter()
            .find(|c| c.label.key == key)
            .map(|c| c.sums);
        rows.push(CompareRow {
            key: key.to_string(),
            zh: zh.to_string(),
            en: en.to_string(),
            delta: delta(sa.as_ref().unwrap_or(&zero), sb.as_ref().unwrap_or(&zero))?,
            a: sa,
            b: sb,
        });
    }
    Ok(Comparison {
        a: a.totals,
        b: b.totals,
        delta: delta(&a.totals, &b.totals)?,
        by_category: rows,
        estimated_lines: [
            a.by_price_source.estimated.lines,
            b.by_price_source.estimated.lines,
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{estimate, Options};

    use crate::line::test_line as line;

    #[test]
    fn differences_are_exact_and_categories_align() {
        let a = estimate(
            &[line("甲磺酸仑伐替尼胶囊", "90", "108", Some("18"))],
            &Options::default(),
        )
        .unwrap();
        let b = estimate(
            &[
                line("甲磺酸仑伐替尼胶囊", "99", "108", Some("18")),
                line("磷酸奥司他韦胶囊", "100", "6.45", Some("0.999")),
            ],
            &Options::default(),
        )
        .unwrap();
        let c = compare(&a, &b).unwrap();
        assert_eq!(c.a.savings.normalize().to_string(), "8100");
        assert_eq!(c.b.savings.normalize().to_string(), "9455.1");
        assert_eq!(c.delta.savings.normalize().to_string(), "1355.1");
        assert_eq!(c.delta.baseline_spend.normalize().to_string(), "1617");
        assert_eq!(c.by_category.len(), 2);
        assert_eq!(c.by_category[0].key, a.by_category[0].label.key);
        let flu = &c.by_category[1];
        assert!(flu.a.is_none());
        assert_eq!(flu.delta.savings.normalize().to_string(), "545.1");
        assert_eq!(c.estimated_lines, [0, 0]);
    }
}
