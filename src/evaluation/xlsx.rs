//! The evaluation as an .xlsx workbook (feature `xlsx`), under the estimate workbook's rules
//! ([`crate::report::xlsx`]): real spreadsheet numbers with number formats — amounts
//! `#,##0.00`, quantities `#,##0.####`, completion and shares `0.00%`, indices `0.0000` — each
//! exact decimal converted once to the nearest double; the exact decimals stay in the JSON
//! document. Sheets: completion against 序时进度, the months behind each completion (for a
//! chart), before and after per VBP drug, the decomposition, rows not counted, notes.

use super::report::{Decomposition, Evaluation, PeriodInfo, PeriodMetrics, ShareBasis};
use super::text::status_text;
use crate::error::Result;
use crate::line::{Problem, Warning};
use crate::report::text::Lang;
use crate::report::xlsx::{
    new_book, notes_sheet, opt, rejected_sheet, t, tr, xlsx_error, Formats, Sheet, C,
};

fn basis_text(b: ShareBasis, lang: Lang) -> &'static str {
    match b {
        ShareBasis::Ddds => tr(lang, "DDD数", "DDDs"),
        ShareBasis::Quantity => tr(lang, "数量", "quantity"),
    }
}

fn period_text(p: &Option<PeriodInfo>, lang: Lang) -> String {
    match p {
        Some(p) if lang == Lang::Zh => format!("{} 至 {}（{}个月）", p.start, p.end, p.months),
        Some(p) => format!("{} to {} ({} months)", p.start, p.end, p.months),
        None => tr(lang, "无", "none").into(),
    }
}

fn metrics_cells(m: &PeriodMetrics) -> [C; 8] {
    [
        C::Int(m.rows),
        C::Money(m.spend),
        m.quantity.map_or(C::Blank, C::Qty),
        m.ddds.map_or(C::Blank, C::Qty),
        m.dddc.map_or(C::Blank, C::Money),
        C::Rate(m.winning_share),
        C::Rate(m.non_winning_share),
        C::Rate(m.alternative_share),
    ]
}

fn decomposition_cells(d: &Decomposition) -> [C; 5] {
    [
        C::Index(d.expenditure_index),
        C::Index(d.volume_index),
        C::Index(d.price_index),
        C::Index(d.structure_index),
        C::Int(d.matched_products),
    ]
}

/// Writes an evaluation as an .xlsx workbook ("zh" or "en" labels).
pub fn evaluation_xlsx(e: &Evaluation, lang: Lang) -> Result<Vec<u8>> {
    let f = Formats::new();
    let mut book = new_book(tr(lang, "集采监测与评价", "VBP monitoring and evaluation"));
    {
        let mut s = Sheet::new(
            &mut book,
            &f,
            tr(lang, "完成情况", "Completion"),
            &[
                6.0, 22.0, 26.0, 6.0, 9.0, 9.0, 8.0, 8.0, 12.0, 12.0, 10.0, 10.0, 10.0, 16.0, 12.0,
                12.0,
            ],
        )?;
        s.title(tr(
            lang,
            "约定采购量完成情况（对照序时进度）",
            "Agreed volumes: completion against 序时进度 (time elapsed)",
        ))?;
        let as_of = e.as_of.map_or_else(String::new, |m| m.to_string());
        s.note(&match lang {
            Lang::Zh => format!(
                "集采前 {}，集采后 {}；截至 {as_of}",
                period_text(&e.periods.pre, lang),
                period_text(&e.periods.post, lang)
            ),
            Lang::En => format!(
                "Before: {}; after: {}; as of {as_of}",
                period_text(&e.periods.pre, lang),
                period_text(&e.periods.post, lang)
            ),
        })?;
        s.skip();
        s.header(&[
            tr(lang, "行", "Line"),
            tr(lang, "药品", "Drug"),
            tr(lang, "生产企业", "Manufacturer"),
            tr(lang, "单位", "Unit"),
            tr(lang, "周期开始", "Cycle start"),
            tr(lang, "周期结束", "Cycle end"),
            tr(lang, "周期月数", "Cycle months"),
            tr(lang, "已过月数", "Months elapsed"),
            tr(lang, "约定采购量", "Agreed volume"),
            tr(lang, "已采购", "Purchased"),
            tr(lang, "完成率", "Completion"),
            tr(lang, "序时进度", "Time elapsed"),
            tr(lang, "差距", "Lag"),
            tr(lang, "状态", "Status"),
            tr(lang, "每月需采购", "Required monthly"),
            tr(lang, "预计完成率", "Projected completion"),
        ])?;
        s.freeze_below()?;
        for c in &e.completion {
            s.line(vec![
                C::Int(c.line),
                t(c.drug.clone()),
                opt(&c.manufacturer),
                opt(&c.unit),
                t(c.cycle_start.to_string()),
                t(c.cycle_end.to_string()),
                C::Int(c.cycle_months.unsigned_abs()),
                C::Int(c.months_elapsed.unsigned_abs()),
                C::Qty(c.agreed_volume),
                C::Qty(c.purchased),
                C::Rate(c.completion),
                C::Rate(c.time_elapsed),
                C::Rate(c.lag),
                t(status_text(c.status, lang)),
                c.required_monthly.map_or(C::Blank, C::Qty),
                C::Rate(c.projected_completion),
            ])?;
        }
    }
    {
        let mut s = Sheet::new(
            &mut book,
            &f,
            tr(lang, "各月采购", "Months"),
            &[6.0, 22.0, 26.0, 10.0, 12.0, 12.0],
        )?;
        s.header(&[
            tr(lang, "行", "Line"),
            tr(lang, "药品", "Drug"),
            tr(lang, "生产企业", "Manufacturer"),
            tr(lang, "月份", "Month"),
            tr(lang, "当月采购", "Quantity"),
            tr(lang, "累计采购", "Cumulative"),
        ])?;
        s.freeze_below()?;
        for c in &e.completion {
            for m in &c.months {
                s.line(vec![
                    C::Int(c.line),
                    t(c.drug.clone()),
                    opt(&c.manufacturer),
                    t(m.month.to_string()),
                    C::Qty(m.quantity),
                    C::Qty(m.cumulative),
                ])?;
            }
        }
    }
    let group_name = |zh: &str, en: &Option<String>| -> String {
        match (lang, en) {
            (Lang::En, Some(en)) => en.clone(),
            _ => zh.to_string(),
        }
    };
    {
        let mut s = Sheet::new(
            &mut book,
            &f,
            tr(lang, "集采前后", "Before and after"),
            &[
                22.0, 9.0, 22.0, 9.0, 7.0, 14.0, 12.0, 12.0, 12.0, 10.0, 10.0, 10.0,
            ],
        )?;
        s.header(&[
            tr(lang, "品种", "VBP drug"),
            tr(lang, "期间", "Period"),
            tr(lang, "起止", "Months"),
            tr(lang, "基数", "Basis"),
            tr(lang, "行数", "Rows"),
            tr(lang, "金额(元)", "Spend (yuan)"),
            tr(lang, "数量", "Quantity"),
            tr(lang, "DDD数", "DDDs"),
            tr(lang, "DDDc(元)", "DDDc (yuan)"),
            tr(lang, "中选份额", "Winning share"),
            tr(lang, "非中选份额", "Non-winning share"),
            tr(lang, "替代份额", "Alternative share"),
        ])?;
        s.freeze_below()?;
        let rows = e
            .groups
            .iter()
            .map(|g| {
                (
                    group_name(&g.group, &g.group_en),
                    g.share_basis,
                    &g.pre,
                    &g.post,
                )
            })
            .chain(std::iter::once((
                tr(lang, "合计", "Total").to_string(),
                e.total.share_basis,
                &e.total.pre,
                &e.total.post,
            )));
        for (name, basis, pre, post) in rows {
            let periods = [
                (tr(lang, "集采前", "before"), &e.periods.pre, pre),
                (tr(lang, "集采后", "after"), &e.periods.post, post),
            ];
            for (label, period, m) in periods {
                let mut cells = vec![
                    t(name.clone()),
                    t(label),
                    t(period_text(period, lang)),
                    t(basis_text(basis, lang)),
                ];
                if let Some(m) = m {
                    cells.extend(metrics_cells(m));
                }
                s.line(cells)?;
            }
        }
    }
    {
        let mut s = Sheet::new(
            &mut book,
            &f,
            tr(lang, "费用分解", "Decomposition"),
            &[22.0, 12.0, 12.0, 12.0, 12.0, 14.0],
        )?;
        s.title(tr(
            lang,
            "费用变化分解：费用指数 = 数量指数 × 价格指数 × 结构指数",
            "Decomposition: expenditure index = volume index × price index × structure index",
        ))?;
        s.header(&[
            tr(lang, "品种", "VBP drug"),
            tr(lang, "费用指数", "Expenditure index"),
            tr(lang, "数量指数", "Volume index"),
            tr(lang, "价格指数", "Price index"),
            tr(lang, "结构指数", "Structure index"),
            tr(
                lang,
                "两期均有采购的产品",
                "Products bought in both periods",
            ),
        ])?;
        s.freeze_below()?;
        let rows = e
            .groups
            .iter()
            .map(|g| (group_name(&g.group, &g.group_en), &g.decomposition))
            .chain(std::iter::once((
                tr(lang, "合计", "Total").to_string(),
                &e.total.decomposition,
            )));
        for (name, d) in rows {
            let mut cells = vec![t(name)];
            if let Some(d) = d {
                cells.extend(decomposition_cells(d));
            }
            s.line(cells)?;
        }
    }
    let purchases = tr(lang, "采购记录", "purchase records");
    let agreed = tr(lang, "约定采购量", "agreed volumes");
    let rejected: Vec<(Option<&str>, &Problem)> = e
        .rejected
        .iter()
        .map(|p| (Some(purchases), p))
        .chain(e.rejected_agreed.iter().map(|p| (Some(agreed), p)))
        .collect();
    rejected_sheet(&mut book, &f, lang, &rejected)?;
    let warnings: Vec<(Option<&str>, &Warning)> = e.warnings.iter().map(|w| (None, w)).collect();
    notes_sheet(
        &mut book,
        &f,
        lang,
        (&e.rounding.rule, &e.rounding.rule_zh),
        &[
            ("计算公式", "Formulas", &e.formulas),
            ("假设", "Assumptions", &e.assumptions),
        ],
        &warnings,
    )?;
    book.save_to_buffer().map_err(xlsx_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::{evaluate, EvaluateOptions, Table};
    use crate::import::xlsx::read_workbook;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/fixtures/evaluation/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    /// A cell read back equals the exact decimal (a double keeps these to 15 significant digits).
    fn same(cell: &str, exact: Decimal) -> bool {
        Decimal::from_str(cell).map(|d| d.normalize()) == Ok(exact.normalize())
    }

    #[test]
    fn the_sample_reads_back_with_its_exact_figures() {
        let purchases = fixture("purchases.csv");
        let agreed = fixture("agreed.csv");
        let options = EvaluateOptions {
            pre: Some("2021-11:2022-10".into()),
            post: Some("2022-11:2023-10".into()),
            as_of: Some("2023-06".into()),
            ..Default::default()
        };
        let e = evaluate(
            crate::catalog::batch7().unwrap(),
            Table::<String>::Csv(&purchases),
            Some(Table::Csv(&agreed)),
            &options,
        )
        .unwrap();
        for lang in [Lang::Zh, Lang::En] {
            let book = read_workbook(&evaluation_xlsx(&e, lang).unwrap()).unwrap();
            let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
            let want = match lang {
                Lang::Zh => [
                    "完成情况",
                    "各月采购",
                    "集采前后",
                    "费用分解",
                    "未计入",
                    "说明",
                ],
                Lang::En => [
                    "Completion",
                    "Months",
                    "Before and after",
                    "Decomposition",
                    "Rejected",
                    "Notes",
                ],
            };
            assert_eq!(names, want);
            // completion: one row per completion after the title, a blank, the periods, a blank and the header
            let rows = &book.sheets[0].rows;
            assert_eq!(rows.len(), 5 + e.completion.len());
            for (row, c) in rows[5..].iter().zip(&e.completion) {
                assert_eq!(row[0], c.line.to_string());
                assert_eq!(row[1], c.drug);
                assert!(same(&row[8], c.agreed_volume));
                assert!(same(&row[9], c.purchased));
                assert!(
                    same(&row[10], c.completion.unwrap()),
                    "{} {}",
                    row[10],
                    c.drug
                );
                assert!(same(&row[11], c.time_elapsed.unwrap()));
                assert!(same(&row[12], c.lag.unwrap()));
                assert_eq!(row[13], status_text(c.status, lang));
                assert!(same(&row[14], c.required_monthly.unwrap()));
            }
            // months: every month of every completion, with the running total
            let months = &book.sheets[1].rows;
            let n: usize = e.completion.iter().map(|c| c.months.len()).sum();
            assert_eq!(months.len(), 1 + n);
            let last = e.completion.last().unwrap().months.last().unwrap();
            assert!(same(&months[n][5], last.cumulative));
            // before and after: two rows per group and the total
            let groups = &book.sheets[2].rows;
            assert_eq!(groups.len(), 1 + 2 * (e.groups.len() + 1));
            let total_post = e.total.post.as_ref().unwrap();
            let row = &groups[2 * (e.groups.len() + 1)];
            assert!(same(&row[5], total_post.spend));
            assert!(same(&row[9], total_post.winning_share.unwrap()));
            // the decomposition, the total last
            let decomposition = &book.sheets[3].rows;
            let d = e.total.decomposition.as_ref().unwrap();
            let row = decomposition.last().unwrap();
            assert!(same(&row[1], d.expenditure_index.unwrap()));
            assert!(same(&row[4], d.structure_index.unwrap()));
            // rows not counted, with their lines
            let rejected = &book.sheets[4].rows;
            assert_eq!(
                rejected.len(),
                1 + e.rejected.len() + e.rejected_agreed.len()
            );
            assert_eq!(rejected[1][1], e.rejected[0].line.to_string());
        }
    }
}
