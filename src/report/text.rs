//! The readable report: the estimate as a plain-text table, in Chinese or English.
//! Amounts are rounded here, for display only (四舍五入, 2 dp), and the report says so.

use crate::estimate::programme::Programme;
use crate::estimate::{Estimate, Sums};
use crate::line::Warning;
use crate::values::money::{
    format_amount, group_thousands, round_dp, to_plain_string, ROUNDING_RULE_EN, ROUNDING_RULE_ZH,
};
use rust_decimal::Decimal;
use std::fmt::Write;

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// `"en"` gives English; anything else Chinese (the default).
    pub fn parse(s: &str) -> Lang {
        if s.trim().eq_ignore_ascii_case("en") || s.trim().to_ascii_lowercase().starts_with("en-") {
            Lang::En
        } else {
            Lang::Zh
        }
    }
}

/// A rate as a percentage with 2 decimals (`0.845116` → `84.51%`), or `—`.
pub fn format_percent(rate: Option<Decimal>) -> String {
    match rate.and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED)) {
        Some(p) => format!("{:.2}%", round_dp(p, 2)),
        None => "—".into(),
    }
}

pub(crate) fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Terminal width of a string: CJK and full-width characters take two cells.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = width(c.encode_utf8(&mut [0; 4]));
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// A simple aligned table: first column left, the rest right.
pub(crate) fn table(out: &mut String, head: &[&str], rows: &[Vec<String>], left_cols: usize) {
    let n = head.len();
    let mut w: Vec<usize> = head.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(n) {
            w[i] = w[i].max(width(c));
        }
    }
    let line = |out: &mut String, cells: &[String]| {
        let mut s = String::from("  ");
        for (i, c) in cells.iter().enumerate().take(n) {
            let pad = w[i].saturating_sub(width(c));
            if i < left_cols {
                s.push_str(c);
                s.push_str(&" ".repeat(pad));
            } else {
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            }
            if i + 1 < n {
                s.push_str("  ");
            }
        }
        let _ = writeln!(out, "{}", s.trim_end());
    };
    line(out, &head.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    let total: usize = w.iter().sum::<usize>() + 2 * n.saturating_sub(1);
    let _ = writeln!(out, "  {}", "-".repeat(total));
    for r in rows {
        line(out, r);
    }
}

fn sums_row(label: String, extra: Vec<String>, s: &Sums) -> Vec<String> {
    let mut row = vec![label];
    row.extend(extra);
    row.push(format_amount(s.baseline_spend));
    row.push(format_amount(s.vbp_spend));
    row.push(format_amount(s.savings));
    row.push(format_percent(s.savings_rate));
    row
}

/// Renders the estimate as text.
pub fn render(e: &Estimate, lang: Lang) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}",
        match lang {
            Lang::Zh => format!("集采节约测算 · 第{}批国家组织药品集中带量采购", e.batch),
            Lang::En => format!("vbp-savings · national VBP batch {}", e.batch),
        }
    );
    let i = &e.input;
    let _ = writeln!(
        o,
        "{}",
        match lang {
            Lang::Zh => format!(
                "输入：{} 行数据（{}{}）：计入 {} 行，拒绝 {} 行",
                i.rows,
                i.sheet
                    .as_deref()
                    .map(|sh| format!("工作表“{sh}”"))
                    .or_else(|| i.encoding.clone())
                    .unwrap_or_else(|| "对象".into()),
                i.header_line
                    .map(|h| format!("，表头在第{h}行"))
                    .unwrap_or_default(),
                i.accepted,
                i.rejected
            ),
            Lang::En => format!(
                "Input: {} ({}{}): {} counted, {} rejected",
                plural(i.rows, "data row"),
                i.sheet
                    .as_deref()
                    .map(|sh| format!("sheet '{sh}'"))
                    .or_else(|| i.encoding.clone())
                    .unwrap_or_else(|| "objects".into()),
                i.header_line
                    .map(|h| format!(", header on line {h}"))
                    .unwrap_or_default(),
                i.accepted,
                i.rejected
            ),
        }
    );
    let _ = writeln!(o, "{}", t(lang, ROUNDING_RULE_ZH, ROUNDING_RULE_EN));
    let _ = writeln!(o);

    // totals
    let _ = writeln!(o, "{}", t(lang, "合计（元）", "Totals (yuan)"));
    let tot = &e.totals;
    let rows = vec![
        vec![
            t(lang, "集采前金额", "Baseline spend").to_string(),
            format_amount(tot.baseline_spend),
        ],
        vec![
            t(lang, "集采后金额", "VBP spend").to_string(),
            format_amount(tot.vbp_spend),
        ],
        vec![
            t(lang, "节约额", "Savings").to_string(),
            format_amount(tot.savings),
        ],
        vec![
            t(lang, "节约率", "Savings rate").to_string(),
            format_percent(tot.savings_rate),
        ],
    ];
    table(
        &mut o,
        &[t(lang, "项目", "Item"), t(lang, "数值", "Value")],
        &rows,
        1,
    );
    let est = &e.by_price_source.estimated;
    if est.lines > 0 {
        let _ = writeln!(
            o,
            "  {}",
            match lang {
                Lang::Zh => format!(
                    "其中估算（无已知中选价）：{} 行，节约额 {}",
                    est.lines,
                    format_amount(est.savings)
                ),
                Lang::En => format!(
                    "of which estimated (no known VBP price): {}, savings {}",
                    plural(est.lines, "line"),
                    format_amount(est.savings)
                ),
            }
        );
    }
    let _ = writeln!(o);

    // price cut comparison
    let pc = &e.price_cut;
    let _ = writeln!(
        o,
        "{}",
        match lang {
            Lang::Zh => format!(
                "降价幅度对比（公布的本批平均降幅 {}）",
                format_percent(pc.headline)
            ),
            Lang::En => format!(
                "Price cut vs the published batch average ({})",
                format_percent(pc.headline)
            ),
        }
    );
    let rows = vec![
        vec![
            t(lang, "全部药品", "All drugs").to_string(),
            pc.all_drugs.drugs.to_string(),
            format_percent(pc.all_drugs.simple_average),
            format_percent(pc.all_drugs.spend_weighted),
        ],
        vec![
            t(lang, "仅已知价格", "Known prices only").to_string(),
            pc.known_prices_only.drugs.to_string(),
            format_percent(pc.known_prices_only.simple_average),
            format_percent(pc.known_prices_only.spend_weighted),
        ],
    ];
    table(
        &mut o,
        &[
            t(lang, "范围", "Scope"),
            t(lang, "药品数", "Drugs"),
            t(lang, "简单平均", "Simple avg"),
            t(lang, "金额加权", "Spend-weighted"),
        ],
        &rows,
        1,
    );
    let _ = writeln!(o);

    // by category
    let _ = writeln!(o, "{}", t(lang, "按治疗类别", "By therapeutic category"));
    let rows: Vec<Vec<String>> = e
        .by_category
        .iter()
        .map(|c| {
            let label = match lang {
                Lang::Zh => c.label.zh.clone(),
                Lang::En => c.label.en.clone(),
            };
            sums_row(truncate(&label, 24), vec![c.drugs.to_string()], &c.sums)
        })
        .collect();
    let head = [
        t(lang, "类别", "Category"),
        t(lang, "药品", "Drugs"),
        t(lang, "集采前金额", "Baseline"),
        t(lang, "集采后金额", "VBP"),
        t(lang, "节约额", "Savings"),
        t(lang, "节约率", "Rate"),
    ];
    table(&mut o, &head, &rows, 1);
    let _ = writeln!(o);

    // by drug
    let _ = writeln!(
        o,
        "{}",
        t(
            lang,
            "按药品（按节约额排序；* 含估算价格）",
            "By drug (ranked by savings; * includes estimated prices)"
        )
    );
    let rows: Vec<Vec<String>> = e
        .by_drug
        .iter()
        .map(|d| {
            let name = match (lang, &d.drug_en) {
                (Lang::En, Some(en)) => en.clone(),
                _ => d.drug.clone(),
            };
            let name = format!(
                "{}{}",
                if d.estimated { "*" } else { "" },
                truncate(&name, 28)
            );
            sums_row(
                name,
                vec![group_thousands(&to_plain_string(d.quantity))],
                &d.sums,
            )
        })
        .collect();
    let head = [
        t(lang, "药品", "Drug"),
        t(lang, "数量", "Quantity"),
        t(lang, "集采前金额", "Baseline"),
        t(lang, "集采后金额", "VBP"),
        t(lang, "节约额", "Savings"),
        t(lang, "节约率", "Rate"),
    ];
    table(&mut o, &head, &rows, 1);

    if !e.rejected.is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "{}",
            match lang {
                Lang::Zh => format!("被拒绝的行（{}）", e.rejected.len()),
                Lang::En => format!("Rejected rows ({})", e.rejected.len()),
            }
        );
        let rows: Vec<Vec<String>> = e
            .rejected
            .iter()
            .map(|p| {
                vec![
                    p.line.to_string(),
                    p.column
                        .map(|c| {
                            format!(
                                "{}{}",
                                c,
                                p.header
                                    .as_deref()
                                    .map(|h| format!(" {}", truncate(h, 12)))
                                    .unwrap_or_default()
                            )
                        })
                        .unwrap_or_else(|| "—".into()),
                    p.code.as_str().to_string(),
                    match lang {
                        Lang::Zh => p.message_zh.clone(),
                        Lang::En => p.message.clone(),
                    },
                ]
            })
            .collect();
        table(
            &mut o,
            &[
                t(lang, "行", "Line"),
                t(lang, "列", "Column"),
                t(lang, "代码", "Code"),
                t(lang, "原因", "Reason"),
            ],
            &rows,
            4,
        );
    }
    render_review(&mut o, e, lang);
    if !e.warnings.is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(o, "{}", t(lang, "提示", "Warnings"));
        for w in &e.warnings {
            warning_line(&mut o, lang, None, w);
        }
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "{}", t(lang, "公式", "Formulas"));
    for f in &e.formulas {
        let _ = writeln!(
            o,
            "  {}",
            match lang {
                Lang::Zh => &f.zh,
                Lang::En => &f.en,
            }
        );
    }
    let _ = writeln!(o, "{}", t(lang, "假设", "Assumptions"));
    for a in &e.assumptions {
        let _ = writeln!(
            o,
            "  - {}",
            match lang {
                Lang::Zh => &a.zh,
                Lang::En => &a.en,
            }
        );
    }
    o
}

/// The lines whose catalog match needs the user's decision, with their candidates.
fn render_review(o: &mut String, e: &Estimate, lang: Lang) {
    if e.review.is_empty() {
        return;
    }
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "{}",
        match lang {
            Lang::Zh => format!("待核对的匹配（{}行；未采用目录价，可用 --override 行号=产品编号 人工指定）", e.review.len()),
            Lang::En => format!("Matches to review ({}; not priced from the catalog; decide with --override LINE=PRODUCT)", plural(e.review.len() as u64, "line")),
        }
    );
    for r in &e.review {
        let reason = match lang {
            Lang::Zh => &r.reason_zh,
            Lang::En => &r.reason,
        };
        let _ = writeln!(
            o,
            "  [{} {}] {}: {reason}",
            t(lang, "行", "line"),
            r.line,
            r.drug
        );
        for c in r.candidates.iter() {
            let price = c
                .unit_price
                .map(|p| {
                    format!(
                        " ¥{}/{}",
                        to_plain_string(p),
                        c.unit.as_deref().unwrap_or("")
                    )
                })
                .unwrap_or_default();
            let pack = match lang {
                Lang::Zh => c.pack_zh.as_deref().or(c.pack.as_deref()),
                Lang::En => c.pack.as_deref(),
            };
            let _ = writeln!(
                o,
                "      {}  {} {}{price}",
                c.product,
                c.company.as_deref().unwrap_or(""),
                pack.unwrap_or("")
            );
        }
    }
}

/// Renders a programme (several batches and consumables) as text: per batch and cumulative.
pub fn render_programme(p: &Programme, lang: Lang) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}",
        t(
            lang,
            "集采节约测算 · 多批次汇总",
            "vbp-savings · programme across batches"
        )
    );
    let inputs: Vec<String> = p
        .inputs
        .iter()
        .map(|i| match lang {
            Lang::Zh => format!("{} ({} 行)", i.source, i.input.rows),
            Lang::En => format!("{} ({})", i.source, plural(i.input.rows, "row")),
        })
        .collect();
    let _ = writeln!(o, "{}{}", t(lang, "输入：", "Inputs: "), inputs.join(", "));
    let _ = writeln!(o, "{}", t(lang, ROUNDING_RULE_ZH, ROUNDING_RULE_EN));
    let _ = writeln!(o);
    let rows: Vec<Vec<String>> = p
        .parts
        .iter()
        .zip(&p.cumulative)
        .map(|(part, step)| {
            let label = match lang {
                Lang::Zh => part.label_zh.clone(),
                Lang::En => part.label_en.clone(),
            };
            let mut row = sums_row(
                truncate(&label, 30),
                vec![part.totals.lines.to_string()],
                &part.totals,
            );
            row.push(format_amount(step.cumulative_savings));
            row
        })
        .collect();
    let mut rows = rows;
    let mut total = sums_row(
        t(lang, "合计", "Total").to_string(),
        vec![p.totals.lines.to_string()],
        &p.totals,
    );
    total.push(format_amount(p.totals.savings));
    rows.push(total);
    table(
        &mut o,
        &[
            t(lang, "批次", "Batch"),
            t(lang, "行数", "Lines"),
            t(lang, "集采前金额", "Baseline"),
            t(lang, "集采后金额", "VBP"),
            t(lang, "节约额", "Savings"),
            t(lang, "节约率", "Rate"),
            t(lang, "累计节约额", "Cumulative savings"),
        ],
        &rows,
        1,
    );
    let est = &p.by_price_source.estimated;
    if est.lines > 0 {
        let _ = writeln!(
            o,
            "  {}",
            match lang {
                Lang::Zh => format!(
                    "其中估算（无已知中选价）：{} 行，节约额 {}",
                    est.lines,
                    format_amount(est.savings)
                ),
                Lang::En => format!(
                    "of which estimated (no known VBP price): {}, savings {}",
                    plural(est.lines, "line"),
                    format_amount(est.savings)
                ),
            }
        );
    }
    if !p.rejected.is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "{}",
            match lang {
                Lang::Zh => format!("未计入的行（{}）", p.rejected.len()),
                Lang::En => format!("Rejected rows ({})", p.rejected.len()),
            }
        );
        let rows: Vec<Vec<String>> = p
            .rejected
            .iter()
            .map(|r| {
                vec![
                    r.source.clone(),
                    r.problem.line.to_string(),
                    r.problem
                        .column
                        .map(|c| c.to_string())
                        .unwrap_or_else(|| "—".into()),
                    r.problem.code.as_str().to_string(),
                    match lang {
                        Lang::Zh => r.problem.message_zh.clone(),
                        Lang::En => r.problem.message.clone(),
                    },
                ]
            })
            .collect();
        table(
            &mut o,
            &[
                t(lang, "来源", "Source"),
                t(lang, "行", "Line"),
                t(lang, "列", "Column"),
                t(lang, "代码", "Code"),
                t(lang, "原因", "Reason"),
            ],
            &rows,
            5,
        );
    }
    if !p.warnings.is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(o, "{}", t(lang, "提示", "Warnings"));
        for w in &p.warnings {
            warning_line(&mut o, lang, Some(&w.source), &w.warning);
        }
    }
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "{}",
        t(
            lang,
            "参考（有来源的公开数据）",
            "For comparison (sourced public figures)"
        )
    );
    for c in &p.context {
        let fact = match lang {
            Lang::Zh => c.fact_zh.as_deref().unwrap_or(&c.fact),
            Lang::En => &c.fact,
        };
        let _ = writeln!(o, "  {}: {fact} [{}]", c.scope, c.source);
    }
    let _ = writeln!(o, "{}", t(lang, "公式", "Formulas"));
    for f in &p.formulas {
        let _ = writeln!(
            o,
            "  {}",
            match lang {
                Lang::Zh => &f.zh,
                Lang::En => &f.en,
            }
        );
    }
    let _ = writeln!(o, "{}", t(lang, "假设", "Assumptions"));
    for a in &p.assumptions {
        let _ = writeln!(
            o,
            "  - {}",
            match lang {
                Lang::Zh => &a.zh,
                Lang::En => &a.en,
            }
        );
    }
    o
}

/// A warning as a line of the text report: where it is (`[行 3]`, `[b7.csv 行 3]`, `[b7.csv]`),
/// its code and its message.
fn warning_line(o: &mut String, lang: Lang, source: Option<&str>, w: &Warning) {
    let line = w.line.map(|l| format!("{} {l}", t(lang, "行", "line")));
    let at = match (source, line) {
        (Some(src), Some(l)) => format!("[{src} {l}] "),
        (Some(src), None) => format!("[{src}] "),
        (None, Some(l)) => format!("[{l}] "),
        (None, None) => String::new(),
    };
    let msg = match lang {
        Lang::Zh => &w.message_zh,
        Lang::En => &w.message,
    };
    let _ = writeln!(o, "  {at}{}: {msg}", w.code);
}

/// "1 line", "2 lines": an English count with its noun.
pub(crate) fn plural(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_format() {
        assert_eq!(format_percent(Some(Decimal::new(845116, 6))), "84.51%");
        assert_eq!(format_percent(Some(Decimal::new(48, 2))), "48.00%");
        assert_eq!(format_percent(None), "—");
    }

    #[test]
    fn widths() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("仑伐替尼"), 8);
        assert_eq!(truncate("甲磺酸仑伐替尼胶囊", 9), "甲磺酸仑…");
    }
}
