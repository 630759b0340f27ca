//! The evaluation as a CSV file for spreadsheets, under the estimate export's rules
//! ([`crate::report::csv`]): UTF-8 with a byte-order mark, CRLF, one rectangular table whose
//! first column says what a row is (`completion`, `group`, `total`, `decomposition`,
//! `rejected`; in Chinese 完成率/品种/合计/费用分解/拒绝). Amounts and quotients are the
//! document's exact decimal strings; text a spreadsheet would take for a formula is prefixed
//! with `'`.

use super::report::{Evaluation, PeriodMetrics, ShareBasis};
use crate::report::csv::{num, opt_num, text, write_row, Cell, BOM};
use crate::report::text::{t, Lang};

const HEAD_ZH: [&str; 26] = [
    "层级",
    "行号",
    "名称",
    "生产企业",
    "期间",
    "开始",
    "结束",
    "基数",
    "金额",
    "数量",
    "DDD数",
    "DDDc",
    "中选份额",
    "非中选份额",
    "替代份额",
    "费用指数",
    "数量指数",
    "价格指数",
    "结构指数",
    "约定采购量",
    "已采购",
    "完成率",
    "序时进度",
    "差距",
    "状态",
    "说明",
];
const HEAD_EN: [&str; 26] = [
    "level",
    "line",
    "name",
    "manufacturer",
    "period",
    "start",
    "end",
    "basis",
    "spend",
    "quantity",
    "ddds",
    "dddc",
    "winning_share",
    "non_winning_share",
    "alternative_share",
    "expenditure_index",
    "volume_index",
    "price_index",
    "structure_index",
    "agreed_volume",
    "purchased",
    "completion",
    "time_elapsed",
    "lag",
    "status",
    "note",
];

fn blank() -> Cell {
    text("")
}

fn basis(b: ShareBasis) -> Cell {
    text(match b {
        ShareBasis::Ddds => "ddds",
        ShareBasis::Quantity => "quantity",
    })
}

fn metrics_cells(m: &PeriodMetrics) -> [Cell; 7] {
    [
        num(m.spend),
        opt_num(m.quantity),
        opt_num(m.ddds),
        opt_num(m.dddc),
        opt_num(m.winning_share),
        opt_num(m.non_winning_share),
        opt_num(m.alternative_share),
    ]
}

/// The CSV text (without the BOM).
pub fn evaluation_csv_text(e: &Evaluation, lang: Lang) -> String {
    let mut out = String::new();
    write_row(
        &mut out,
        &(if lang == Lang::Zh { HEAD_ZH } else { HEAD_EN }).map(text),
    );
    let level = |zh: &'static str, en: &'static str| text(t(lang, zh, en));
    for c in &e.completion {
        let status = serde_json::to_value(c.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let mut row = vec![
            level("完成率", "completion"),
            num(c.line.into()),
            text(c.drug.clone()),
            text(c.manufacturer.clone().unwrap_or_default()),
            blank(),
            text(c.cycle_start.to_string()),
            text(c.cycle_end.to_string()),
        ];
        row.extend((0..12).map(|_| blank()));
        row.extend([
            num(c.agreed_volume),
            num(c.purchased),
            opt_num(c.completion),
            opt_num(c.time_elapsed),
            opt_num(c.lag),
            text(status),
            text(c.unit.clone().unwrap_or_default()),
        ]);
        write_row(&mut out, &row);
    }
    let periods = [
        (&e.periods.pre, t(lang, "集采前", "pre")),
        (&e.periods.post, t(lang, "集采后", "post")),
    ];
    let period_rows = |out: &mut String,
                       lvl: &str,
                       name: &str,
                       b: ShareBasis,
                       ms: [&Option<PeriodMetrics>; 2]| {
        for (i, m) in ms.iter().enumerate() {
            let Some(m) = m else { continue };
            let (p, label) = periods[i];
            let mut row = vec![
                text(lvl),
                blank(),
                text(name.to_string()),
                blank(),
                text(label),
                text(p.map(|p| p.start.to_string()).unwrap_or_default()),
                text(p.map(|p| p.end.to_string()).unwrap_or_default()),
                basis(b),
            ];
            row.extend(metrics_cells(m));
            row.extend((0..11).map(|_| blank()));
            write_row(out, &row);
        }
    };
    for g in &e.groups {
        period_rows(
            &mut out,
            t(lang, "品种", "group"),
            &g.group,
            g.share_basis,
            [&g.pre, &g.post],
        );
    }
    period_rows(
        &mut out,
        t(lang, "合计", "total"),
        t(lang, "合计", "total"),
        e.total.share_basis,
        [&e.total.pre, &e.total.post],
    );
    let decompositions = e
        .groups
        .iter()
        .map(|g| (g.group.as_str(), g.share_basis, &g.decomposition));
    for (name, b, d) in decompositions.chain(std::iter::once((
        t(lang, "合计", "total"),
        e.total.share_basis,
        &e.total.decomposition,
    ))) {
        let Some(d) = d else { continue };
        let mut row = vec![
            level("费用分解", "decomposition"),
            blank(),
            text(name.to_string()),
            blank(),
            blank(),
            blank(),
            blank(),
            basis(b),
        ];
        row.extend((0..7).map(|_| blank()));
        row.extend([
            opt_num(d.expenditure_index),
            opt_num(d.volume_index),
            opt_num(d.price_index),
            opt_num(d.structure_index),
        ]);
        row.extend((0..7).map(|_| blank()));
        write_row(&mut out, &row);
    }
    let files = [
        (t(lang, "采购记录", "purchases"), &e.rejected),
        (t(lang, "约定采购量", "agreed volumes"), &e.rejected_agreed),
    ];
    for (file, list) in files {
        for p in list {
            let mut row = vec![
                level("拒绝", "rejected"),
                num(p.line.into()),
                text(file),
                blank(),
            ];
            row.extend((0..21).map(|_| blank()));
            let col = p.column.map(|c| format!(" [{c}]")).unwrap_or_default();
            row.push(text(format!(
                "{}{col}: {}",
                p.code,
                if lang == Lang::Zh {
                    &p.message_zh
                } else {
                    &p.message
                }
            )));
            write_row(&mut out, &row);
        }
    }
    out
}

/// The CSV file's bytes: the UTF-8 BOM, then [`evaluation_csv_text`].
pub fn evaluation_csv(e: &Evaluation, lang: Lang) -> Vec<u8> {
    let text = evaluation_csv_text(e, lang);
    let mut bytes = Vec::with_capacity(BOM.len() + text.len());
    bytes.extend_from_slice(BOM);
    bytes.extend_from_slice(text.as_bytes());
    bytes
}
