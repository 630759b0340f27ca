//! Options checked on their own, before any input is read: what the CLI does with its
//! flags and the page with its fields, so that a bad value is reported as the option's
//! (with the engine's own words) rather than as a problem of the file. Each option is
//! checked by the same rule the command applies when it runs; nothing is checked twice
//! differently.

use crate::catalog::{self, Catalog};
use crate::error::{Error, Result};
use crate::estimate::Options;
use crate::plan::retention::{self, RetentionInput};
use crate::plan::sensitivity::Metric;
use crate::plan::{cycle, volume};
use crate::values::cells;
use crate::values::cells::Cell;

/// Options of any command, each optional; only those given are checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnyOptions {
    /// An estimate's options (estimate cut, omit_lines, overrides).
    pub estimate: Options,
    /// A catalog given instead of batch 7's.
    pub catalog: Option<Catalog>,
    /// 结余留用: a retention ratio (fraction).
    pub retention_ratio: Cell,
    /// 结余留用: a grade preset of the Shenzhen 2024 draft.
    pub grade: Option<String>,
    /// Sensitivity: the metric (`savings` or `retained`).
    pub metric: Option<String>,
    /// Agreed volume: the number of winning companies.
    pub winners: Cell,
    /// Agreed volume: the demand base.
    pub demand_base: Cell,
    /// Agreed volume: the agreed-volume ratio (fraction).
    pub ratio: Cell,
    /// Agreed volume: the rounding (`half_up`, `down`, `up`, `none`).
    pub rounding: Option<String>,
    /// Agreed volume: the parts of the demand base.
    pub parts: Option<Vec<Cell>>,
    /// Cycle: the agreed volume tracked.
    pub agreed_volume: Cell,
    /// Cycle: first month, last month, last complete month counted (YYYY-MM).
    pub cycle_start: Option<String>,
    pub cycle_end: Option<String>,
    pub as_of: Option<String>,
}

/// Checks every option given; the first refused is the error, naming its option.
pub fn validate(o: &AnyOptions) -> Result<()> {
    o.estimate.validate()?;
    catalog::given_or_batch7(o.catalog.as_ref())?;
    if !o.retention_ratio.is_empty() || o.grade.is_some() {
        let input = RetentionInput {
            retention_ratio: o.retention_ratio.clone(),
            grade: o.grade.clone(),
            ..Default::default()
        };
        retention::retention_ratio(&input, crate::catalog::rules::batch7_rules()?)?;
    }
    if let Some(m) = &o.metric {
        metric(m)?;
    }
    if !o.winners.is_empty() {
        volume::read_winners(&o.winners)?;
    }
    if let Some(b) = o.demand_base.decimal("demand_base")? {
        cells::non_negative(b, "demand_base")?;
    }
    cells::fraction(&o.ratio, "ratio")?;
    if let Some(v) = o.agreed_volume.decimal("agreed_volume")? {
        cells::non_negative(v, "agreed_volume")?;
    }
    if let Some(r) = &o.rounding {
        serde_json::from_value::<volume::VolumeRounding>(serde_json::Value::String(
            r.trim().to_string(),
        ))
        .map_err(|_| {
            cells::in_field(
                "rounding",
                Error::new(
                    crate::error::ErrorCode::InvalidInput,
                    format!("'{r}' is not a rounding: half_up, down, up or none"),
                    format!("“{r}”不是可选的取整方式：half_up、down、up 或 none"),
                ),
            )
        })?;
    }
    if let Some(parts) = &o.parts {
        volume::read_parts(parts)?;
    }
    let month = |text: &Option<String>, field| cycle::month_option(text.as_deref(), field);
    let (start, end, as_of) = (
        month(&o.cycle_start, "cycle_start")?,
        month(&o.cycle_end, "cycle_end")?,
        month(&o.as_of, "as_of")?,
    );
    if let (Some(s), Some(e)) = (start, end) {
        cycle::check_cycle(s, e)?;
    }
    if let (Some(a), Some(s), Some(e)) = (as_of, start.or(as_of), end.or(as_of)) {
        cycle::check_as_of(a, s, e)?;
    }
    Ok(())
}

/// A sensitivity metric by its name.
pub fn metric(name: &str) -> Result<Metric> {
    serde_json::from_value(serde_json::Value::String(name.trim().to_string())).map_err(|_| {
        crate::values::cells::in_field(
            "metric",
            Error::new(
                crate::error::ErrorCode::InvalidInput,
                format!("'{name}' is not a metric: savings or retained"),
                format!("“{name}”不是可选的指标：savings（节约）或 retained（结余留用）"),
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn each_option_is_checked_by_its_command_rule() {
        assert!(validate(&AnyOptions::default()).is_ok());
        let cut = |c: &str| AnyOptions {
            estimate: Options {
                estimate_cut: Some(c.parse().unwrap()),
                ..Default::default()
            },
            ..Default::default()
        };
        assert!(validate(&cut("0.48")).is_ok());
        assert_eq!(
            validate(&cut("2")).unwrap_err().code,
            ErrorCode::InvalidInput
        );
        let grade = |g: &str| AnyOptions {
            grade: Some(g.into()),
            ..Default::default()
        };
        assert!(validate(&grade("A")).is_ok());
        assert!(validate(&grade("Z")).is_err());
        let ratio = AnyOptions {
            retention_ratio: Cell::text("1.5"),
            ..Default::default()
        };
        assert!(validate(&ratio).is_err());
        assert!(validate(&AnyOptions {
            metric: Some("retained".into()),
            ..Default::default()
        })
        .is_ok());
        assert!(validate(&AnyOptions {
            metric: Some("profit".into()),
            ..Default::default()
        })
        .is_err());
        let mut bad = crate::catalog::batch7().unwrap().clone();
        let twice = bad.entries[0].clone();
        bad.entries.push(twice);
        assert_eq!(
            validate(&AnyOptions {
                catalog: Some(bad),
                ..Default::default()
            })
            .unwrap_err()
            .code,
            ErrorCode::CatalogData
        );
        assert!(validate(&AnyOptions {
            winners: Cell::text("2"),
            ..Default::default()
        })
        .is_ok());
        assert_eq!(
            validate(&AnyOptions {
                winners: Cell::text("0"),
                ..Default::default()
            })
            .unwrap_err()
            .code,
            ErrorCode::OutOfRange
        );
        assert!(validate(&AnyOptions {
            cycle_end: Some("2025-12".into()),
            ..Default::default()
        })
        .is_ok());
        assert_eq!(
            validate(&AnyOptions {
                cycle_end: Some("2025-13".into()),
                ..Default::default()
            })
            .unwrap_err()
            .code,
            ErrorCode::BadMonth
        );
        assert!(validate(&AnyOptions {
            agreed_volume: Cell::text("-1"),
            ..Default::default()
        })
        .is_err());
        assert!(validate(&AnyOptions {
            ratio: Cell::text("0.7"),
            ..Default::default()
        })
        .is_ok());
        let months = |s: &str, e: &str| AnyOptions {
            cycle_start: Some(s.into()),
            cycle_end: Some(e.into()),
            ..Default::default()
        };
        assert!(validate(&months("2023-01", "2025-12")).is_ok());
        assert_eq!(
            validate(&months("2025-01", "2023-12")).unwrap_err().code,
            ErrorCode::OutOfRange
        );
        assert!(validate(&AnyOptions {
            rounding: Some("down".into()),
            ..Default::default()
        })
        .is_ok());
        assert!(validate(&AnyOptions {
            rounding: Some("sideways".into()),
            ..Default::default()
        })
        .is_err());
        assert!(validate(&AnyOptions {
            parts: Some(vec![Cell::text("10"), Cell::text("-1")]),
            ..Default::default()
        })
        .is_err());
    }
}
