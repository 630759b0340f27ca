//! The report as an .xlsx workbook (feature `xlsx`, with rust_xlsxwriter): numbers are
//! real spreadsheet numbers with number formats (money `#,##0.00`, unit prices
//! `#,##0.0000`, rates `0.00%`), not text, so a pharmacist can sum and chart them.
//!
//! A spreadsheet number is a binary double: each exact decimal is converted once, in
//! [`excel_number`], to the nearest double (which shows the same figure to 15 significant
//! digits). The formats only change what is shown (2 decimal places, half away from zero,
//! as Excel rounds for display); the exact decimals stay in the JSON report.

use crate::error::{Error, ErrorCode, Result};
use crate::estimate::programme::Programme;
use crate::estimate::{Estimate, Sums};
use crate::line::{Note, Problem, Warning};
use crate::report::text::Lang;
use crate::values::money::to_plain_string;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};

/// The nearest double to an exact decimal, for a spreadsheet number cell. **The one place
/// an exported figure becomes a double**: parsed from its exact decimal text, which Rust
/// rounds correctly to the nearest double.
pub fn excel_number(d: Decimal) -> f64 {
    to_plain_string(d).parse().unwrap_or(f64::NAN)
}

pub(crate) fn xlsx_error(e: XlsxError) -> Error {
    Error::new(
        ErrorCode::TooLarge,
        format!("the workbook could not be written: {e}"),
        format!("无法生成工作簿：{e}"),
    )
}

/// A cell to write.
pub(crate) enum C {
    T(String),
    Money(Decimal),
    Price(Decimal),
    Qty(Decimal),
    Rate(Option<Decimal>),
    /// An index or other plain quotient, to 4 decimal places (`0.0000`).
    Index(Option<Decimal>),
    Int(u64),
    Blank,
}

pub(crate) fn t(s: impl Into<String>) -> C {
    C::T(s.into())
}

pub(crate) fn opt(s: &Option<String>) -> C {
    s.as_ref().map_or(C::Blank, |v| C::T(v.clone()))
}

pub(crate) struct Formats {
    pub(crate) bold: Format,
    title: Format,
    money: Format,
    price: Format,
    qty: Format,
    rate: Format,
    index: Format,
    wrap: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        Formats {
            bold: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(14),
            money: Format::new().set_num_format("#,##0.00"),
            price: Format::new().set_num_format("#,##0.0000"),
            qty: Format::new().set_num_format("#,##0.####"),
            rate: Format::new().set_num_format("0.00%"),
            index: Format::new().set_num_format("0.0000"),
            wrap: Format::new().set_text_wrap(),
        }
    }
}

pub(crate) struct Sheet<'a> {
    pub(crate) ws: &'a mut Worksheet,
    f: &'a Formats,
    pub(crate) row: u32,
}

impl<'a> Sheet<'a> {
    pub(crate) fn new(
        book: &'a mut Workbook,
        f: &'a Formats,
        name: &str,
        widths: &[f64],
    ) -> Result<Sheet<'a>> {
        let ws = book.add_worksheet();
        ws.set_name(name).map_err(xlsx_error)?;
        for (i, w) in widths.iter().enumerate() {
            ws.set_column_width(i as u16, *w).map_err(xlsx_error)?;
        }
        Ok(Sheet { ws, f, row: 0 })
    }

    pub(crate) fn title(&mut self, text: &str) -> Result<()> {
        self.ws
            .write_string_with_format(self.row, 0, text, &self.f.title)
            .map_err(xlsx_error)?;
        self.row += 2;
        Ok(())
    }

    pub(crate) fn header(&mut self, cells: &[&str]) -> Result<()> {
        for (i, c) in cells.iter().enumerate() {
            self.ws
                .write_string_with_format(self.row, i as u16, *c, &self.f.bold)
                .map_err(xlsx_error)?;
        }
        self.row += 1;
        Ok(())
    }

    pub(crate) fn freeze_below(&mut self) -> Result<()> {
        self.ws.set_freeze_panes(self.row, 0).map_err(xlsx_error)?;
        Ok(())
    }

    pub(crate) fn line(&mut self, cells: Vec<C>) -> Result<()> {
        let (r, f) = (self.row, self.f);
        for (i, c) in cells.into_iter().enumerate() {
            let col = i as u16;
            match c {
                C::T(s) if s.is_empty() => Ok(()),
                C::T(s) => self.ws.write_string(r, col, s).map(|_| ()),
                C::Money(d) => self
                    .ws
                    .write_number_with_format(r, col, excel_number(d), &f.money)
                    .map(|_| ()),
                C::Price(d) => self
                    .ws
                    .write_number_with_format(r, col, excel_number(d), &f.price)
                    .map(|_| ()),
                C::Qty(d) => self
                    .ws
                    .write_number_with_format(r, col, excel_number(d), &f.qty)
                    .map(|_| ()),
                C::Rate(Some(d)) => self
                    .ws
                    .write_number_with_format(r, col, excel_number(d), &f.rate)
                    .map(|_| ()),
                C::Index(Some(d)) => self
                    .ws
                    .write_number_with_format(r, col, excel_number(d), &f.index)
                    .map(|_| ()),
                C::Rate(None) | C::Index(None) | C::Blank => Ok(()),
                C::Int(n) => self.ws.write_number(r, col, n as f64).map(|_| ()),
            }
            .map_err(xlsx_error)?;
        }
        self.row += 1;
        Ok(())
    }

    pub(crate) fn note(&mut self, text: &str) -> Result<()> {
        self.ws
            .write_string_with_format(self.row, 0, text, &self.f.wrap)
            .map_err(xlsx_error)?;
        self.row += 1;
        Ok(())
    }

    /// A long note across the first `cols` columns, wrapped.
    pub(crate) fn wide_note(&mut self, text: &str, cols: u16) -> Result<()> {
        self.ws
            .merge_range(self.row, 0, self.row, cols - 1, text, &self.f.wrap)
            .map_err(xlsx_error)?;
        self.ws.set_row_height(self.row, 48).map_err(xlsx_error)?;
        self.row += 1;
        Ok(())
    }

    pub(crate) fn skip(&mut self) {
        self.row += 1;
    }
}

pub(crate) fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn sums_cells(s: &Sums) -> Vec<C> {
    vec![
        C::Int(s.lines),
        C::Money(s.baseline_spend),
        C::Money(s.vbp_spend),
        C::Money(s.savings),
        C::Rate(s.savings_rate),
    ]
}

pub(crate) fn new_book(title: &str) -> Workbook {
    let mut book = Workbook::new();
    book.set_properties(&DocProperties::new().set_title(title).set_comment(
        "vbp-savings: amounts computed exactly; the JSON report carries the exact decimals",
    ));
    book
}

pub(crate) fn rejected_sheet(
    book: &mut Workbook,
    f: &Formats,
    lang: Lang,
    rejected: &[(Option<&str>, &Problem)],
) -> Result<()> {
    let mut s = Sheet::new(
        book,
        f,
        tr(lang, "未计入", "Rejected"),
        &[16.0, 8.0, 8.0, 16.0, 22.0, 22.0, 60.0, 20.0],
    )?;
    s.header(&[
        tr(lang, "来源", "Source"),
        tr(lang, "行", "Line"),
        tr(lang, "列", "Column"),
        tr(lang, "表头", "Header"),
        tr(lang, "字段", "Field"),
        tr(lang, "代码", "Code"),
        tr(lang, "说明", "Message"),
        tr(lang, "单元格", "Value"),
    ])?;
    s.freeze_below()?;
    for (source, p) in rejected {
        let message = if lang == Lang::Zh {
            &p.message_zh
        } else {
            &p.message
        };
        s.line(vec![
            t(source.unwrap_or("")),
            C::Int(p.line),
            p.column.map_or(C::Blank, |c| C::Int(c as u64)),
            opt(&p.header),
            opt(&p.field),
            t(p.code.as_str()),
            t(message.clone()),
            opt(&p.value),
        ])?;
    }
    Ok(())
}

pub(crate) fn notes_sheet(
    book: &mut Workbook,
    f: &Formats,
    lang: Lang,
    rule: (&str, &str),
    groups: &[(&str, &str, &[Note])],
    warnings: &[(Option<&str>, &Warning)],
) -> Result<()> {
    let mut s = Sheet::new(book, f, tr(lang, "说明", "Notes"), &[120.0])?;
    s.title(tr(
        lang,
        "计算规则、假设与提示",
        "Formulas, assumptions and warnings",
    ))?;
    s.note(if lang == Lang::Zh { rule.1 } else { rule.0 })?;
    s.note(tr(
        lang,
        "本工作簿中的数字为Excel数值（双精度），显示按四舍五入保留2位小数（单价4位）；精确值见 JSON 报告。",
        "The numbers in this workbook are Excel numbers (doubles), displayed to 2 decimal places (unit prices 4), half away from zero; the exact decimals are in the JSON report.",
    ))?;
    for (zh, en, notes) in groups {
        s.skip();
        s.ws.write_string_with_format(s.row, 0, if lang == Lang::Zh { *zh } else { *en }, &f.bold)
            .map_err(xlsx_error)?;
        s.row += 1;
        for n in notes.iter() {
            s.note(if lang == Lang::Zh { &n.zh } else { &n.en })?;
        }
    }
    if !warnings.is_empty() {
        s.skip();
        s.ws.write_string_with_format(s.row, 0, tr(lang, "提示", "Warnings"), &f.bold)
            .map_err(xlsx_error)?;
        s.row += 1;
        for (source, w) in warnings {
            // [line] or [file line]: where the warning is
            let at = match (source, w.line) {
                (Some(src), Some(l)) => format!("[{src} {} {l}] ", tr(lang, "行", "line")),
                (Some(src), None) => format!("[{src}] "),
                (None, Some(l)) => format!("[{l}] "),
                (None, None) => String::new(),
            };
            s.note(&format!(
                "{at}{}",
                if lang == Lang::Zh {
                    &w.message_zh
                } else {
                    &w.message
                }
            ))?;
        }
    }
    Ok(())
}

/// Writes an estimate as an .xlsx workbook: summary, lines, by drug, by category,
/// rejected rows, the review list, and the formulas and assumptions.
pub fn estimate_xlsx(e: &Estimate, lang: Lang) -> Result<Vec<u8>> {
    let f = Formats::new();
    let mut book = new_book(tr(lang, "集采节约测算", "VBP savings estimate"));
    let sums_head = [
        tr(lang, "行数", "Lines"),
        tr(lang, "集采前金额(元)", "Baseline spend (yuan)"),
        tr(lang, "集采后金额(元)", "VBP spend (yuan)"),
        tr(lang, "节约额(元)", "Savings (yuan)"),
        tr(lang, "节约率", "Savings rate"),
    ];
    {
        let mut s = Sheet::new(
            &mut book,
            &f,
            tr(lang, "汇总", "Summary"),
            &[28.0, 10.0, 20.0, 20.0, 20.0, 12.0],
        )?;
        s.title(&match lang {
            Lang::Zh => format!("第{}批国家组织药品集中带量采购 节约测算", e.batch),
            Lang::En => format!("National VBP batch {}: savings estimate", e.batch),
        })?;
        let mut head = vec![""];
        head.extend(sums_head);
        s.header(&head)?;
        let mut row = |label: &str, sums: &Sums| -> Result<()> {
            let mut cells = vec![t(label)];
            cells.extend(sums_cells(sums));
            s.line(cells)
        };
        row(tr(lang, "合计", "Total"), &e.totals)?;
        row(
            tr(lang, "其中：行内中选价", "of which: price on the line"),
            &e.by_price_source.input,
        )?;
        row(
            tr(lang, "其中：目录中选价", "of which: catalog price"),
            &e.by_price_source.catalog,
        )?;
        row(
            tr(lang, "其中：估算", "of which: estimated"),
            &e.by_price_source.estimated,
        )?;
        row(tr(lang, "药品", "Drugs"), &e.by_kind.drug)?;
        row(
            tr(lang, "高值医用耗材", "High-value consumables"),
            &e.by_kind.consumable,
        )?;
        s.skip();
        s.header(&[
            tr(lang, "降价幅度", "Price cut"),
            tr(lang, "药品数", "Drugs"),
            tr(lang, "简单平均", "Simple average"),
            tr(lang, "金额加权", "Spend-weighted"),
        ])?;
        s.line(vec![
            t(tr(
                lang,
                "全部药品（含估算）",
                "All drugs (estimates included)",
            )),
            C::Int(e.price_cut.all_drugs.drugs as u64),
            C::Rate(e.price_cut.all_drugs.simple_average),
            C::Rate(e.price_cut.all_drugs.spend_weighted),
        ])?;
        s.line(vec![
            t(tr(lang, "仅已知价格", "Known prices only")),
            C::Int(e.price_cut.known_prices_only.drugs as u64),
            C::Rate(e.price_cut.known_prices_only.simple_average),
            C::Rate(e.price_cut.known_prices_only.spend_weighted),
        ])?;
        s.line(vec![
            t(tr(
                lang,
                "本批公布平均降幅",
                "The batch's published average cut",
            )),
            C::Blank,
            C::Rate(e.price_cut.headline),
        ])?;
        s.skip();
        s.wide_note(
            if lang == Lang::Zh {
                &e.rounding.rule_zh
            } else {
                &e.rounding.rule
            },
            6,
        )?;
    }
    {
        let mut s = Sheet::new(
            &mut book,
            &f,
            tr(lang, "明细", "Lines"),
            &[
                7.0, 26.0, 9.0, 16.0, 22.0, 7.0, 10.0, 12.0, 12.0, 14.0, 14.0, 14.0, 9.0, 9.0,
                14.0, 10.0, 60.0,
            ],
        )?;
        s.header(&[
            tr(lang, "行", "Line"),
            tr(lang, "药品名称", "Drug"),
            tr(lang, "类型", "Kind"),
            tr(lang, "类别", "Category"),
            tr(lang, "生产企业", "Manufacturer"),
            tr(lang, "单位", "Unit"),
            tr(lang, "数量", "Quantity"),
            tr(lang, "集采前单价", "Baseline unit price"),
            tr(lang, "中选单价", "VBP unit price"),
            tr(lang, "集采前金额", "Baseline spend"),
            tr(lang, "集采后金额", "VBP spend"),
            tr(lang, "节约额", "Savings"),
            tr(lang, "节约率", "Savings rate"),
            tr(lang, "价格来源", "Price source"),
            tr(lang, "目录产品", "Catalog product"),
            tr(lang, "匹配", "Match"),
            tr(lang, "价格依据", "Price basis"),
        ])?;
        s.freeze_below()?;
        let category_name = |key: &str| {
            e.by_category
                .iter()
                .find(|c| c.label.key == key)
                .map(|c| {
                    if lang == Lang::Zh {
                        c.label.zh.clone()
                    } else {
                        c.label.en.clone()
                    }
                })
                .unwrap_or_else(|| key.to_string())
        };
        for l in &e.lines {
            s.line(vec![
                C::Int(l.line),
                t(l.drug.clone()),
                t(kind_text(lang, l.kind)),
                t(category_name(&l.category)),
                opt(&l.manufacturer),
                opt(&l.unit),
                C::Qty(l.quantity),
                C::Price(l.baseline_unit_price),
                C::Price(l.vbp_unit_price),
                C::Money(l.baseline_spend),
                C::Money(l.vbp_spend),
                C::Money(l.savings),
                C::Rate(l.savings_rate),
                t(source_text(lang, l.price_source.as_str())),
                opt(&l.product),
                t(l.match_status
                    .map(|m| format!("{m:?}").to_lowercase())
                    .unwrap_or_default()),
                t(if lang == Lang::Zh {
                    l.price_basis_zh.clone()
                } else {
                    l.price_basis.clone()
                }),
            ])?;
        }
    }
    {
        let mut s = Sheet::new(
            &mut book,
            &f,
            tr(lang, "按药品", "By drug"),
            &[28.0, 16.0, 12.0, 8.0, 16.0, 16.0, 16.0, 10.0, 16.0, 10.0],
        )?;
        s.header(&[
            tr(lang, "药品", "Drug"),
            tr(lang, "类别", "Category"),
            tr(lang, "数量", "Quantity"),
            sums_head[0],
            sums_head[1],
            sums_head[2],
            sums_head[3],
            sums_head[4],
            tr(lang, "其中估算节约", "Estimated part of savings"),
            tr(lang, "含估算", "Estimated"),
        ])?;
        s.freeze_below()?;
        for d in &e.by_drug {
            let name = match (lang, &d.drug_en) {
                (Lang::En, Some(en)) if !en.is_empty() => en.clone(),
                _ => d.drug.clone(),
            };
            let mut cells = vec![t(name), t(d.category.clone()), C::Qty(d.quantity)];
            cells.extend(sums_cells(&d.sums));
            cells.push(C::Money(d.estimated_savings));
            cells.push(t(if d.estimated {
                tr(lang, "是", "yes")
            } else {
                ""
            }));
            s.line(cells)?;
        }
    }
    {
        let mut s = Sheet::new(
            &mut book,
            &f,
            tr(lang, "按类别", "By category"),
            &[24.0, 8.0, 8.0, 16.0, 16.0, 16.0, 10.0, 16.0],
        )?;
        s.header(&[
            tr(lang, "类别", "Category"),
            tr(lang, "药品数", "Drugs"),
            sums_head[0],
            sums_head[1],
            sums_head[2],
            sums_head[3],
            sums_head[4],
            tr(lang, "其中估算节约", "Estimated part of savings"),
        ])?;
        s.freeze_below()?;
        for c in &e.by_category {
            let mut cells = vec![
                t(if lang == Lang::Zh {
                    c.label.zh.clone()
                } else {
                    c.label.en.clone()
                }),
                C::Int(c.drugs as u64),
            ];
            cells.extend(sums_cells(&c.sums));
            cells.push(C::Money(c.estimated_savings));
            s.line(cells)?;
        }
    }
    let rejected: Vec<(Option<&str>, &Problem)> = e.rejected.iter().map(|p| (None, p)).collect();
    rejected_sheet(&mut book, &f, lang, &rejected)?;
    if !e.review.is_empty() {
        let mut s = Sheet::new(
            &mut book,
            &f,
            tr(lang, "待核对", "Review"),
            &[7.0, 26.0, 22.0, 16.0, 12.0, 50.0, 60.0],
        )?;
        s.header(&[
            tr(lang, "行", "Line"),
            tr(lang, "药品名称", "Drug"),
            tr(lang, "生产企业", "Manufacturer"),
            tr(lang, "规格", "Specification"),
            tr(lang, "状态", "Status"),
            tr(lang, "原因", "Reason"),
            tr(
                lang,
                "候选产品（人工指定时填写编号）",
                "Candidates (give the id to override)",
            ),
        ])?;
        s.freeze_below()?;
        for r in &e.review {
            let candidates: Vec<String> = r
                .candidates
                .iter()
                .map(|c| {
                    format!(
                        "{} {} {} {}",
                        c.product,
                        c.company.as_deref().unwrap_or(""),
                        if lang == Lang::Zh {
                            c.pack_zh.as_deref().or(c.pack.as_deref())
                        } else {
                            c.pack.as_deref()
                        }
                        .unwrap_or(""),
                        c.unit_price
                            .map(|p| format!(
                                "¥{}/{}",
                                to_plain_string(p),
                                c.unit.as_deref().unwrap_or("")
                            ))
                            .unwrap_or_default()
                    )
                })
                .collect();
            s.line(vec![
                C::Int(r.line),
                t(r.drug.clone()),
                opt(&r.manufacturer),
                opt(&r.specification),
                t(format!("{:?}", r.status).to_lowercase()),
                t(if lang == Lang::Zh {
                    r.reason_zh.clone()
                } else {
                    r.reason.clone()
                }),
                t(candidates.join("; ")),
            ])?;
        }
    }
    notes_sheet(
        &mut book,
        &f,
        lang,
        (&e.rounding.rule, &e.rounding.rule_zh),
        &[
            ("计算公式", "Formulas", &e.formulas),
            ("假设", "Assumptions", &e.assumptions),
        ],
        &e.warnings.iter().map(|w| (None, w)).collect::<Vec<_>>(),
    )?;
    book.save_to_buffer().map_err(xlsx_error)
}

fn kind_text(lang: Lang, k: crate::values::item::ItemKind) -> &'static str {
    match k {
        crate::values::item::ItemKind::Drug => tr(lang, "药品", "drug"),
        crate::values::item::ItemKind::Consumable => tr(lang, "耗材", "consumable"),
    }
}

fn source_text(lang: Lang, s: &str) -> &'static str {
    match s {
        "input" => tr(lang, "行内", "input"),
        "catalog" => tr(lang, "目录", "catalog"),
        _ => tr(lang, "估算", "estimated"),
    }
}

/// Writes a programme as an .xlsx workbook: parts and the cumulative view, every line
/// with its part and source, rejected rows, formulas and assumptions.
pub fn programme_xlsx(p: &Programme, lang: Lang) -> Result<Vec<u8>> {
    let f = Formats::new();
    let mut book = new_book(tr(lang, "集采节约汇总（多批次）", "VBP programme savings"));
    {
        let mut s = Sheet::new(
            &mut book,
            &f,
            tr(lang, "汇总", "Summary"),
            &[36.0, 10.0, 18.0, 18.0, 18.0, 10.0, 18.0, 10.0],
        )?;
        s.title(tr(
            lang,
            "国家组织集中带量采购 多批次节约汇总",
            "National VBP: savings across batches",
        ))?;
        s.header(&[
            tr(lang, "批次", "Batch"),
            tr(lang, "行数", "Lines"),
            tr(lang, "集采前金额(元)", "Baseline spend (yuan)"),
            tr(lang, "集采后金额(元)", "VBP spend (yuan)"),
            tr(lang, "节约额(元)", "Savings (yuan)"),
            tr(lang, "节约率", "Savings rate"),
            tr(lang, "累计节约额(元)", "Cumulative savings (yuan)"),
            tr(lang, "累计节约率", "Cumulative rate"),
        ])?;
        for (part, step) in p.parts.iter().zip(&p.cumulative) {
            let mut cells = vec![t(if lang == Lang::Zh {
                part.label_zh.clone()
            } else {
                part.label_en.clone()
            })];
            cells.extend(sums_cells(&part.totals));
            cells.push(C::Money(step.cumulative_savings));
            cells.push(C::Rate(step.cumulative_savings_rate));
            s.line(cells)?;
        }
        let mut cells = vec![t(tr(lang, "合计", "Total"))];
        cells.extend(sums_cells(&p.totals));
        s.line(cells)?;
        s.skip();
        s.wide_note(
            if lang == Lang::Zh {
                &p.rounding.rule_zh
            } else {
                &p.rounding.rule
            },
            8,
        )?;
        s.skip();
        s.ws.write_string_with_format(
            s.row,
            0,
            tr(
                lang,
                "参考（有来源的公开数据）",
                "For comparison (sourced public figures)",
            ),
            &f.bold,
        )
        .map_err(xlsx_error)?;
        s.row += 1;
        for c in &p.context {
            let fact = if lang == Lang::Zh {
                c.fact_zh.as_deref().unwrap_or(&c.fact)
            } else {
                &c.fact
            };
            s.note(&format!(
                "{}: {fact} [{}; {:?}]",
                c.scope, c.source, c.confidence
            ))?;
        }
    }
    {
        let mut s = Sheet::new(
            &mut book,
            &f,
            tr(lang, "明细", "Lines"),
            &[
                22.0, 16.0, 7.0, 26.0, 9.0, 10.0, 12.0, 12.0, 14.0, 14.0, 14.0, 10.0,
            ],
        )?;
        s.header(&[
            tr(lang, "批次", "Batch"),
            tr(lang, "来源", "Source"),
            tr(lang, "行", "Line"),
            tr(lang, "名称", "Item"),
            tr(lang, "类型", "Kind"),
            tr(lang, "数量", "Quantity"),
            tr(lang, "集采前单价", "Baseline unit price"),
            tr(lang, "中选单价", "VBP unit price"),
            tr(lang, "集采前金额", "Baseline spend"),
            tr(lang, "集采后金额", "VBP spend"),
            tr(lang, "节约额", "Savings"),
            tr(lang, "价格来源", "Price source"),
        ])?;
        s.freeze_below()?;
        for part in &p.parts {
            for se in &part.estimates {
                for l in &se.estimate.lines {
                    s.line(vec![
                        t(part.key.clone()),
                        t(se.source.clone()),
                        C::Int(l.line),
                        t(l.drug.clone()),
                        t(kind_text(lang, l.kind)),
                        C::Qty(l.quantity),
                        C::Price(l.baseline_unit_price),
                        C::Price(l.vbp_unit_price),
                        C::Money(l.baseline_spend),
                        C::Money(l.vbp_spend),
                        C::Money(l.savings),
                        t(source_text(lang, l.price_source.as_str())),
                    ])?;
                }
            }
        }
    }
    let rejected: Vec<(Option<&str>, &Problem)> = p
        .rejected
        .iter()
        .map(|r| (Some(r.source.as_str()), &r.problem))
        .collect();
    rejected_sheet(&mut book, &f, lang, &rejected)?;
    notes_sheet(
        &mut book,
        &f,
        lang,
        (&p.rounding.rule, &p.rounding.rule_zh),
        &[
            ("计算公式", "Formulas", &p.formulas),
            ("假设", "Assumptions", &p.assumptions),
        ],
        &p.warnings
            .iter()
            .map(|w| (Some(w.source.as_str()), &w.warning))
            .collect::<Vec<_>>(),
    )?;
    book.save_to_buffer().map_err(xlsx_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::xlsx::read_workbook;
    use crate::{estimate, LineInput, Options};

    #[test]
    fn written_numbers_read_back_as_the_same_decimals() {
        let line = |drug: &str, q: &str, b: &str, v: Option<&str>| LineInput {
            drug: Some(drug.into()),
            quantity: Some(q.into()),
            baseline_unit_price: Some(b.into()),
            vbp_unit_price: v.map(Into::into),
            ..Default::default()
        };
        let e = estimate(
            &[
                line("甲磺酸仑伐替尼胶囊", "90", "108", Some("18")),
                line("某药", "1,234", "1234.56", Some("0.999")),
                line("坏行", "x", "1", None),
            ],
            &Options::default(),
        )
        .unwrap();
        let bytes = estimate_xlsx(&e, Lang::Zh).unwrap();
        let book = read_workbook(&bytes).unwrap();
        let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["汇总", "明细", "按药品", "按类别", "未计入", "说明"]
        );
        let summary = &book.sheets[0];
        let total = summary
            .rows
            .iter()
            .find(|r| r.first().map(String::as_str) == Some("合计"))
            .unwrap();
        assert_eq!(
            &total[1..5],
            &[
                "2".to_string(),
                e.totals.baseline_spend.normalize().to_string(),
                e.totals.vbp_spend.normalize().to_string(),
                e.totals.savings.normalize().to_string()
            ]
        );
        let lines = &book.sheets[1];
        assert_eq!(lines.rows[2][11], "1522214.274"); // 1234 × (1234.56 − 0.999), exact in the double's 15 digits
        assert_eq!(book.sheets[4].rows[1][1], "3");
        let en = estimate_xlsx(&e, Lang::En).unwrap();
        assert_eq!(read_workbook(&en).unwrap().sheets[0].name, "Summary");
    }
}
