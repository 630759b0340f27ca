//! Quick native timing of a 60-line estimate (a development aid; `npm run bench` is the benchmark).
use std::time::Instant;
use vbp_savings::{estimate, LineInput, Options};

fn main() {
    let drugs = [
        "甲磺酸仑伐替尼胶囊",
        "磷酸奥司他韦胶囊",
        "依折麦布片",
        "某院内药品A",
        "注射用米卡芬净钠",
        "奥硝唑片",
    ];
    let lines: Vec<LineInput> = (0..60)
        .map(|i| LineInput {
            drug: Some(drugs[i % drugs.len()].into()),
            quantity: Some(format!("{}", 10 + i)),
            baseline_unit_price: Some(format!("{}.25", 5 + i)),
            vbp_unit_price: if i % 3 == 0 {
                None
            } else {
                Some(format!("{}.1", 1 + i / 2))
            },
            ..Default::default()
        })
        .collect();
    let opts = Options::default();
    for _ in 0..100 {
        let _ = estimate(&lines, &opts);
    }
    let n = 2000;
    let t = Instant::now();
    for _ in 0..n {
        let r = estimate(&lines, &opts).unwrap();
        std::hint::black_box(r);
    }
    println!(
        "estimate: {:.1} µs per call",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    let omit = Options {
        omit_lines: true,
        ..Default::default()
    };
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(estimate(&lines, &omit).unwrap());
    }
    println!(
        "estimate, omit_lines: {:.1} µs per call",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(estimate(&lines[..1], &omit).unwrap());
    }
    println!(
        "estimate, 1 line: {:.1} µs per call",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    let r = estimate(&lines, &opts).unwrap();
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(serde_json::to_string(&r).unwrap());
    }
    println!(
        "serialise to JSON: {:.1} µs per call",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}
