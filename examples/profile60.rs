//! Profiling aid: many 60-line estimates, the lines of `npm run bench`'s 60-line case
//! (same drugs, same xorshift). Prints the time per call; run under `perf record`.
use std::time::Instant;
use vbp_savings::{estimate, LineInput, Options};
fn main() {
    let drugs = [
        "甲磺酸仑伐替尼胶囊",
        "磷酸奥司他韦胶囊",
        "依折麦布片",
        "注射用米卡芬净钠",
        "注射用替加环素",
        "碘帕醇注射液",
        "依巴斯汀片",
        "琥珀酸美托洛尔缓释片",
        "奥硝唑片",
        "罗红霉素片",
        "某院内药品A",
        "某院内药品B",
        "某院内药品C",
        "某院内药品D",
    ];
    let mut x: u32 = 7;
    let lines: Vec<LineInput> = (0..60)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let v = x as usize;
            LineInput {
                drug: Some(drugs[v % drugs.len()].into()),
                quantity: Some(format!("{}", 1 + v % 900)),
                baseline_unit_price: Some(format!(
                    "{}.{:02}",
                    1 + (v % 9000) / 100,
                    (v % 9000) % 100
                )),
                vbp_unit_price: Some(format!("{}.{:02}", (v % 4000) / 100, (v % 4000) % 100)),
                ..Default::default()
            }
        })
        .collect();
    let omit = std::env::args().any(|a| a == "omit");
    let o = Options {
        omit_lines: omit,
        ..Default::default()
    };
    let n = 3000;
    for _ in 0..200 {
        std::hint::black_box(estimate(&lines, &o).ok());
    }
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(estimate(&lines, &o).ok());
    }
    println!(
        "{:.1} µs per 60-line estimate (omit_lines={omit})",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}
