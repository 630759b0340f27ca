//! The evaluation as a plain-text report (the CLI's default output): completion against
//! 序时进度, the groups before and after, the decomposition, and what was not counted.
//! Figures are rounded here for display only — amounts to 2 places (四舍五入), shares and
//! completion as percentages to 2 places, indices to 4 places; the JSON holds them exact.

use super::report::{CompletionStatus, Evaluation, PeriodMetrics, ShareBasis};
use crate::report::text::{format_percent, plural, t, table, Lang};
use crate::values::money::{format_amount, group_thousands, round_dp, to_plain_string};
use rust_decimal::Decimal;
use std::fmt::Write;

/// Most rejected rows and warnings listed; the rest are counted.
const LISTED: usize = 50;

fn qty(q: Option<Decimal>) -> String {
    q.map_or_else(
        || "—".into(),
        |q| group_thousands(&to_plain_string(round_dp(q, 2))),
    )
}

fn index(x: Option<Decimal>) -> String {
    x.map_or_else(|| "—".into(), |x| format!("{:.4}", round_dp(x, 4)))
}

fn amount(x: Option<Decimal>) -> String {
    x.map_or_else(|| "—".into(), format_amount)
}

/// A status in words.
pub fn status_text(s: CompletionStatus, lang: Lang) -> &'static str {
    match s {
        CompletionStatus::ZeroPurchase => t(lang, "零采购", "zero purchase"),
        CompletionStatus::Completed => t(lang, "已完成", "completed"),
        CompletionStatus::Behind => t(lang, "落后于序时进度", "behind"),
        CompletionStatus::OnTrack => t(lang, "正常", "on track"),
    }
}

fn basis_text(b: ShareBasis, lang: Lang) -> &'static str {
    match b {
        ShareBasis::Ddds => t(lang, "DDD数", "DDDs"),
        ShareBasis::Quantity => t(lang, "数量", "quantity"),
    }
}

fn period_row(
    name: String,
    period: &str,
    basis: ShareBasis,
    m: &PeriodMetrics,
    lang: Lang,
) -> Vec<String> {
    vec![
        name,
        period.to_string(),
        basis_text(basis, lang).to_string(),
        format_amount(m.spend),
        qty(m.quantity),
        qty(m.ddds),
        amount(m.dddc),
        format_percent(m.winning_share),
        format_percent(m.non_winning_share),
        format_percent(m.alternative_share),
    ]
}

/// Renders the evaluation as text.
pub fn render(e: &Evaluation, lang: Lang) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}",
        t(
            lang,
            "集采监测与评价 · 采购记录",
            "vbp-savings · monitoring and evaluation of purchase records"
        )
    );
    let p = &e.input.purchases;
    let _ = match lang {
        Lang::Zh => writeln!(
            o,
            "采购记录：{} 行数据：计入 {} 行，拒绝 {} 行",
            p.rows, p.accepted, p.rejected
        ),
        Lang::En => writeln!(
            o,
            "Purchase records: {}: {} read, {} rejected",
            plural(p.rows, "data row"),
            p.accepted,
            p.rejected
        ),
    };
    if let Some(a) = &e.input.agreed {
        let _ = match lang {
            Lang::Zh => writeln!(
                o,
                "约定采购量：{} 行数据：计入 {} 行，拒绝 {} 行",
                a.rows, a.accepted, a.rejected
            ),
            Lang::En => writeln!(
                o,
                "Agreed volumes: {}: {} read, {} rejected",
                plural(a.rows, "data row"),
                a.accepted,
                a.rejected
            ),
        };
    }
    if let (Some(pre), Some(post)) = (&e.periods.pre, &e.periods.post) {
        let as_of = e.as_of.map(|m| m.to_string()).unwrap_or_else(|| "—".into());
        let _ = match lang {
            Lang::Zh => writeln!(
                o,
                "集采前 {} 至 {}（{}个月），集采后 {} 至 {}（{}个月）；截至 {as_of}",
                pre.start, pre.end, pre.months, post.start, post.end, post.months
            ),
            Lang::En => writeln!(
                o,
                "Before: {} to {} ({} months); after: {} to {} ({} months); as of {as_of}",
                pre.start, pre.end, pre.months, post.start, post.end, post.months
            ),
        };
    }
    let _ = writeln!(
        o,
        "{}",
        t(
            lang,
            "显示值：金额四舍五入保留2位小数，比例为百分数保留2位小数，指数保留4位小数；--json 输出精确值（商保留12位小数）。",
            "Shown rounded: amounts to 2 places (half away from zero), shares as percentages to 2 places, indices to 4 places; --json has the exact values (quotients to 12 places)."
        )
    );
    let _ = writeln!(o);

    if !e.completion.is_empty() {
        let _ = writeln!(
            o,
            "{}",
            t(
                lang,
                "约定采购量完成情况（对照序时进度）",
                "Agreed volumes: completion against the share of the cycle elapsed (序时进度)"
            )
        );
        let head = [
            t(lang, "药品", "Drug"),
            t(lang, "生产企业", "Manufacturer"),
            t(lang, "周期", "Cycle"),
            t(lang, "约定量", "Agreed"),
            t(lang, "已采购", "Purchased"),
            t(lang, "完成率", "Completion"),
            t(lang, "序时进度", "Time elapsed"),
            t(lang, "差距", "Lag"),
            t(lang, "状态", "Status"),
            t(lang, "每月需采购", "Needed monthly"),
            t(lang, "预计完成率", "Projected"),
        ];
        let rows: Vec<Vec<String>> = e
            .completion
            .iter()
            .map(|c| {
                let unit = c
                    .unit
                    .as_deref()
                    .map(|u| format!(" {u}"))
                    .unwrap_or_default();
                vec![
                    c.drug.clone(),
                    c.manufacturer.clone().unwrap_or_else(|| "—".into()),
                    format!("{}–{}", c.cycle_start, c.cycle_end),
                    format!("{}{unit}", qty(Some(c.agreed_volume))),
                    qty(Some(c.purchased)),
                    format_percent(c.completion),
                    format_percent(c.time_elapsed),
                    format_percent(c.lag),
                    status_text(c.status, lang).to_string(),
                    qty(c.required_monthly),
                    format_percent(c.projected_completion),
                ]
            })
            .collect();
        table(&mut o, &head, &rows, 3);
        let _ = writeln!(o);
    }

    if e.total.pre.is_some() {
        let _ = writeln!(
            o,
            "{}",
            t(
                lang,
                "集采前后对比（份额 = 该类基数 ÷ 品种基数）",
                "Before and after (a share = the role's basis ÷ the group's)"
            )
        );
        let head = [
            t(lang, "品种", "Group"),
            t(lang, "期间", "Period"),
            t(lang, "基数", "Basis"),
            t(lang, "金额", "Spend"),
            t(lang, "数量", "Quantity"),
            t(lang, "DDD数", "DDDs"),
            t(lang, "DDDc", "DDDc"),
            t(lang, "中选", "Winning"),
            t(lang, "非中选", "Non-winning"),
            t(lang, "替代", "Alternative"),
        ];
        let (pre, post) = (t(lang, "集采前", "before"), t(lang, "集采后", "after"));
        let mut rows = Vec::new();
        for g in &e.groups {
            let name = match lang {
                Lang::Zh => g.group.clone(),
                Lang::En => g.group_en.clone().unwrap_or_else(|| g.group.clone()),
            };
            if let Some(m) = &g.pre {
                rows.push(period_row(name.clone(), pre, g.share_basis, m, lang));
            }
            if let Some(m) = &g.post {
                rows.push(period_row(String::new(), post, g.share_basis, m, lang));
            }
        }
        if let (Some(a), Some(b)) = (&e.total.pre, &e.total.post) {
            rows.push(period_row(
                t(lang, "合计", "Total").into(),
                pre,
                e.total.share_basis,
                a,
                lang,
            ));
            rows.push(period_row(
                String::new(),
                post,
                e.total.share_basis,
                b,
                lang,
            ));
        }
        table(&mut o, &head, &rows, 3);
        let _ = writeln!(o);

        let _ = writeln!(
            o,
            "{}",
            t(
                lang,
                "费用变化分解（A.M. 指数体系：费用指数 = 数量指数 × 价格指数 × 结构指数）",
                "Change in spending (A.M. index system: expenditure = volume × price × structure)"
            )
        );
        let head = [
            t(lang, "品种", "Group"),
            t(lang, "费用指数", "Expenditure"),
            t(lang, "数量指数", "Volume"),
            t(lang, "价格指数", "Price"),
            t(lang, "结构指数", "Structure"),
        ];
        let mut rows: Vec<Vec<String>> = Vec::new();
        let groups = e.groups.iter().map(|g| {
            let name = match lang {
                Lang::Zh => g.group.clone(),
                Lang::En => g.group_en.clone().unwrap_or_else(|| g.group.clone()),
            };
            (name, g.decomposition.as_ref())
        });
        for (name, d) in groups.chain(std::iter::once((
            t(lang, "合计", "Total").to_string(),
            e.total.decomposition.as_ref(),
        ))) {
            let Some(d) = d else { continue };
            rows.push(vec![
                name,
                index(d.expenditure_index),
                index(d.volume_index),
                index(d.price_index),
                index(d.structure_index),
            ]);
        }
        table(&mut o, &head, &rows, 1);
        let _ = writeln!(o);
    }

    let rejected: Vec<_> = e
        .rejected
        .iter()
        .map(|p| (t(lang, "采购记录", "purchases"), p))
        .chain(
            e.rejected_agreed
                .iter()
                .map(|p| (t(lang, "约定采购量", "agreed volumes"), p)),
        )
        .collect();
    if !rejected.is_empty() {
        let _ = writeln!(o, "{}", t(lang, "未计入的行", "Rows not counted"));
        for (file, p) in rejected.iter().take(LISTED) {
            let col = p
                .column
                .map(|c| match lang {
                    Lang::Zh => format!("第{c}列"),
                    Lang::En => format!(", column {c}"),
                })
                .unwrap_or_default();
            let _ = match lang {
                Lang::Zh => writeln!(
                    o,
                    "  {file} 第{}行{col} {}：{}",
                    p.line, p.code, p.message_zh
                ),
                Lang::En => writeln!(
                    o,
                    "  {file}, line {}{col} {}: {}",
                    p.line, p.code, p.message
                ),
            };
        }
        if rejected.len() > LISTED {
            let _ = writeln!(o, "  … {}", rejected.len() - LISTED);
        }
        let _ = writeln!(o);
    }
    if !e.warnings.is_empty() {
        let _ = writeln!(o, "{}", t(lang, "提示", "Warnings"));
        for w in e.warnings.iter().take(LISTED) {
            let _ = writeln!(
                o,
                "  {}: {}",
                w.code,
                t_owned(lang, &w.message_zh, &w.message)
            );
        }
        if e.warnings.len() > LISTED {
            let _ = writeln!(o, "  … {}", e.warnings.len() - LISTED);
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "{}", t(lang, "公式", "Formulas"));
    for f in &e.formulas {
        let _ = writeln!(o, "  {}", t_owned(lang, &f.zh, &f.en));
    }
    let _ = writeln!(o, "{}", t(lang, "假设", "Assumptions"));
    for a in &e.assumptions {
        let _ = writeln!(o, "  {}", t_owned(lang, &a.zh, &a.en));
    }
    o
}

fn t_owned<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}
