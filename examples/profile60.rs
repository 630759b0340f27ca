//! Profiling aid: many 60-line estimates.
use vbp_savings::{estimate, LineInput, Options};
fn main() {
    let drugs = ["甲磺酸仑伐替尼胶囊", "磷酸奥司他韦胶囊", "依折麦布片", "某院内药品A", "注射用米卡芬净钠", "奥硝唑片"];
    let lines: Vec<LineInput> = (0..60)
        .map(|i| LineInput {
            drug: Some(drugs[i % drugs.len()].into()),
            quantity: Some(format!("{}", 10 + i)),
            baseline_unit_price: Some(format!("{}.25", 5 + i)),
            vbp_unit_price: if i % 3 == 0 { None } else { Some(format!("{}.1", 1 + i / 2)) },
            ..Default::default()
        })
        .collect();
    let o = Options { omit_lines: true, ..Default::default() };
    for _ in 0..200 {
        std::hint::black_box(estimate(&lines, &o).unwrap());
    }
}
