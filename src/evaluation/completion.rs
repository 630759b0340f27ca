//! Completion of agreed volumes against the share of the cycle elapsed (序时进度).
//!
//! ```text
//! purchased            = Σ quantity of the drug's winning rows (that manufacturer's, when given),
//!                        cycle start through the as-of month, in the agreed volume's unit
//! completion           = purchased ÷ agreed volume
//! time elapsed (序时进度) = months from the cycle start through the as-of month ÷ months in the cycle
//! lag                  = completion − time elapsed     (as one quotient: (purchased × months in the cycle
//!                        − agreed × months elapsed) ÷ (agreed × months in the cycle))
//! status               = completed (purchased ≥ agreed, also when 0 was agreed) · zero_purchase
//!                        (purchased ≤ 0) · behind (completion < time elapsed) · on_track
//! required monthly     = max(agreed − purchased, 0) ÷ months left        (null when no month is left)
//! projected completion = purchased ÷ months elapsed × months in the cycle ÷ agreed volume
//! ```
//!
//! The status compares exact values (purchased × months in the cycle against agreed ×
//! months elapsed), not the rounded quotients.
//!
//! The arithmetic is [`crate::progress`]'s, the one home shared with the one-drug `cycle`
//! view (`plan::cycle`); what is this module's own is the report's row.

use super::periods::{Month, Period};
use super::report::{note, Completion, CompletionMonth};
use crate::error::Result;
use crate::line::Note;
use crate::progress;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// What a completion is computed from: an agreed row and its winning rows' quantities
/// (in the agreed unit) by month.
pub struct CompletionInput<'a> {
    pub line: u64,
    pub drug: &'a str,
    pub key: &'a str,
    pub manufacturer: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub agreed_volume: Decimal,
    pub cycle: Period,
    pub as_of: Month,
    pub by_month: &'a BTreeMap<Month, Decimal>,
}

/// Computes one completion. `None` when the cycle starts after the as-of month.
pub fn completion(input: &CompletionInput<'_>) -> Result<Option<Completion>> {
    let cycle = input.cycle;
    let Some(p) = progress::progress(
        cycle.start,
        cycle.end,
        input.as_of,
        input.agreed_volume,
        input.by_month,
    )?
    else {
        return Ok(None);
    };
    Ok(Some(Completion {
        line: input.line,
        drug: input.drug.to_string(),
        key: input.key.to_string(),
        manufacturer: input.manufacturer.map(str::to_string),
        unit: input.unit.map(str::to_string),
        agreed_volume: input.agreed_volume,
        cycle_start: cycle.start,
        cycle_end: cycle.end,
        cycle_months: p.cycle_months,
        months_elapsed: p.months_elapsed,
        purchased: p.purchased,
        completion: p.completion,
        time_elapsed: p.time_elapsed,
        lag: p.lag,
        status: p.status,
        required_monthly: p.required_monthly,
        projected_completion: p.projected_completion,
        months: p
            .months
            .into_iter()
            .map(|m| CompletionMonth {
                month: m.month,
                quantity: m.quantity,
                cumulative: m.cumulative,
            })
            .collect(),
    }))
}

/// The formulas.
pub fn formulas() -> Vec<Note> {
    vec![
        note(
            "purchased",
            "purchased = Σ quantity of the drug's winning rows (that manufacturer's, when the agreed row names one) from the cycle start through the as-of month, in the agreed volume's unit (a per-box row × the pack its specification states, or units ÷ the pack, 12 decimal places)",
            "已采购量 = 周期开始至截至月份该药品中选产品各行数量之和（约定行写明生产企业时仅计该企业），按约定采购量的单位计（按盒的行 × 规格写明的每盒数量，或最小单位 ÷ 每盒数量，保留12位小数）",
        ),
        note("completion", "completion = purchased ÷ agreed volume", "完成率 = 已采购量 ÷ 约定采购量"),
        note(
            "time_elapsed",
            "time elapsed (序时进度) = months from the cycle start through the as-of month (inclusive) ÷ months in the cycle",
            "序时进度 = 周期开始至截至月份的月数（含首尾）÷ 周期总月数",
        ),
        note(
            "lag",
            "lag = completion − time elapsed (negative: behind 序时进度), computed as one quotient: (purchased × months in the cycle − agreed × months elapsed) ÷ (agreed × months in the cycle)",
            "差距 = 完成率 − 序时进度（负数表示落后于序时进度），按一个商计算：(已采购量 × 周期月数 − 约定量 × 已过月数) ÷ (约定量 × 周期月数)",
        ),
        note(
            "status",
            "status: completed when purchased ≥ agreed volume (also when none was agreed: nothing is owed); zero_purchase when nothing was bought (net of returns); behind when completion < time elapsed; on_track otherwise (compared exactly: purchased × months in the cycle against agreed × months elapsed)",
            "状态：已采购量 ≥ 约定量时为“已完成”（约定量为零时亦然：无需采购）；净采购量为零或负时为“零采购”；完成率 < 序时进度时为“落后”；否则为“正常”（精确比较：已采购量 × 周期月数 与 约定量 × 已过月数）",
        ),
        note(
            "required_monthly",
            "required monthly = max(agreed volume − purchased, 0) ÷ months left in the cycle (null when no month is left)",
            "每月需采购 = max(约定量 − 已采购量, 0) ÷ 剩余月数（无剩余月份时为空）",
        ),
        note(
            "projected_completion",
            "projected completion = purchased ÷ months elapsed × months in the cycle ÷ agreed volume (the cycle's completion at the average monthly rate so far)",
            "预计完成率 = 已采购量 ÷ 已过月数 × 周期月数 ÷ 约定量（按迄今月均采购量推算周期结束时的完成率）",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::report::CompletionStatus;
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    fn run(agreed: &str, as_of: &str, bought: &[(&str, &str)]) -> Option<Completion> {
        let by_month: BTreeMap<Month, Decimal> =
            bought.iter().map(|(mo, q)| (m(mo), d(q))).collect();
        completion(&CompletionInput {
            line: 2,
            drug: "x",
            key: "x",
            manufacturer: None,
            unit: None,
            agreed_volume: d(agreed),
            cycle: Period::parse("2023-01:2023-12", "cycle").unwrap(),
            as_of: m(as_of),
            by_month: &by_month,
        })
        .unwrap()
    }

    #[test]
    fn completion_against_the_share_of_the_cycle_elapsed() {
        // 6 of 12 months, 400 of 1200 bought: 1/3 against 1/2, behind
        let c = run(
            "1200",
            "2023-06",
            &[("2023-01", "100"), ("2023-03", "300"), ("2023-09", "999")],
        )
        .unwrap();
        assert_eq!(c.purchased, d("400"));
        assert_eq!(c.completion, Some(d("0.333333333333")));
        assert_eq!(c.time_elapsed, Some(d("0.5")));
        assert_eq!(c.lag, Some(d("-0.166666666667")));
        assert_eq!(c.status, CompletionStatus::Behind);
        assert_eq!(c.required_monthly, Some(d("133.333333333333")));
        assert_eq!(c.projected_completion, Some(d("0.666666666667")));
        assert_eq!(c.months.len(), 6);
        assert_eq!(c.months[2].cumulative, d("400"));
        // exactly on 序时进度 is on track
        assert_eq!(
            run("1200", "2023-06", &[("2023-02", "600")])
                .unwrap()
                .status,
            CompletionStatus::OnTrack
        );
        assert_eq!(
            run("1200", "2023-06", &[("2023-02", "1200")])
                .unwrap()
                .status,
            CompletionStatus::Completed
        );
        assert_eq!(
            run("1200", "2023-06", &[("2023-02", "5"), ("2023-03", "-5")])
                .unwrap()
                .status,
            CompletionStatus::ZeroPurchase
        );
        // after the cycle: all months elapsed, none left
        let c = run("1200", "2024-03", &[("2023-02", "600")]).unwrap();
        assert_eq!(
            (c.months_elapsed, c.required_monthly, c.time_elapsed),
            (12, None, Some(Decimal::ONE))
        );
        // before the cycle: nothing to report
        assert!(run("1200", "2022-12", &[]).is_none());
        // a zero agreed volume: completion null, not a crash
        let c = run("0", "2023-06", &[("2023-02", "5")]).unwrap();
        assert_eq!(
            (c.completion, c.projected_completion, c.status),
            (None, None, CompletionStatus::Completed)
        );
    }

    #[test]
    fn a_zero_agreed_volume_with_nothing_bought_is_completed_as_in_the_cycle_view() {
        // nothing was agreed, so nothing is owed: the one-drug cycle view said `completed`
        // (no at-risk warning), the evaluation said `zero_purchase`; the cycle view is right
        let c = run("0", "2023-06", &[]).unwrap();
        assert_eq!(
            (c.status, c.required_monthly, c.completion),
            (CompletionStatus::Completed, Some(Decimal::ZERO), None)
        );
    }
}
