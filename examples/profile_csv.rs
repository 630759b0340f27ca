//! Profiling aid: estimate a generated CSV of N rows (default 20,000) once.
use vbp_savings::{estimate_csv, Options};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let drugs = [
        "甲磺酸仑伐替尼胶囊",
        "磷酸奥司他韦胶囊",
        "依折麦布片",
        "某院内药品A",
        "注射用米卡芬净钠",
        "奥硝唑片",
    ];
    let mut csv = String::from("drug,quantity,baseline_unit_price,vbp_unit_price\n");
    for i in 0..n {
        let vbp = if i % 3 == 0 {
            String::new()
        } else {
            format!("{}.1", 1 + i % 50)
        };
        csv.push_str(&format!(
            "{},{},{}.25,{}\n",
            drugs[i % drugs.len()],
            1 + i % 500,
            5 + i % 90,
            vbp
        ));
    }
    let t = std::time::Instant::now();
    let r = estimate_csv(
        csv.as_bytes(),
        &Options {
            omit_lines: true,
            ..Default::default()
        },
    )
    .unwrap();
    eprintln!(
        "{n} rows: {:?} ({:.2} µs/row), savings {}",
        t.elapsed(),
        t.elapsed().as_secs_f64() * 1e6 / n as f64,
        r.totals.savings
    );
}
