//! The catalog's Chinese texts (`_zh` siblings of its English free text, see README,
//! "Catalog format"): every English text the page shows in the data files has its
//! translation, no translation is empty or not Chinese, a catalog without them (a user's)
//! still loads, and the engine's Chinese messages use them.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{Map, Value};
use vbp_savings::plan::supply::{
    self, PriceBasis, ScenarioInput, SupplierInput, SupplyInput, SupplyLineInput,
};
use vbp_savings::values::cells::Cell;
use vbp_savings::{Catalog, LineInput, Options, PriceSource};

const BATCH7: &str = include_str!("../data/batch7.json");
const BATCHES: &str = include_str!("../data/batches.json");
const RULES: &str = include_str!("../data/batch7_rules.json");

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap()
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Where `obj[key]` is English text, `obj[key_zh]` must be there; collects what is missing.
fn need(obj: &Value, key: &str, at: &str, missing: &mut Vec<String>) {
    let Some(o) = obj.as_object() else { return };
    let given = match o.get(key) {
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        _ => false,
    };
    if given && !o.contains_key(&format!("{key}_zh")) {
        missing.push(format!("{at}.{key}: {}", o[key]));
    }
}

/// Every fact-shaped object's `note` (and a prose `value`) needs its translation.
fn need_fact(f: &Value, at: &str, missing: &mut Vec<String>) {
    need(f, "note", at, missing);
    if let Some(v) = f.get("value").and_then(Value::as_str) {
        // prose, not a date, a code or a number
        if v.split_whitespace()
            .filter(|w| w.chars().all(|c| c.is_ascii_lowercase()))
            .count()
            >= 2
        {
            need(f, "value", at, missing);
        }
    }
}

/// A winner's `company` is a description (needs a translation) rather than a name when
/// it holds a lowercase English word: names are as sourced ("Hetero Labs", "科伦 (Kelun)").
fn is_description(company: &str) -> bool {
    company
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_lowercase()))
}

fn batch7_missing(cat: &Value) -> Vec<String> {
    let mut missing = vec![];
    let b = &cat["batch"];
    for (k, v) in b.as_object().unwrap() {
        if v.get("confidence").is_some() {
            need_fact(v, &format!("batch.{k}"), &mut missing);
        }
    }
    for (i, f) in b["conflicting_figures"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        need_fact(f, &format!("batch.conflicting_figures[{i}]"), &mut missing);
    }
    for (i, r) in b["regional"].as_array().unwrap().iter().enumerate() {
        need(r, "fact", &format!("batch.regional[{i}]"), &mut missing);
    }
    for e in cat["entries"].as_array().unwrap() {
        let id = e["id"].as_str().unwrap();
        for k in ["dosage_form", "notes"] {
            need(e, k, id, &mut missing);
        }
        for k in ["indication", "note"] {
            need(&e["category"], k, &format!("{id}.category"), &mut missing);
        }
        for k in [
            "ceiling_price",
            "reference_price",
            "average_price_cut",
            "demand_base",
        ] {
            if !e[k].is_null() {
                need_fact(&e[k], &format!("{id}.{k}"), &mut missing);
            }
        }
        for (i, p) in e["products"].as_array().unwrap().iter().enumerate() {
            for k in ["pack", "note"] {
                need(p, k, &format!("{id}.products[{i}]"), &mut missing);
            }
        }
        for (i, w) in e["winners"].as_array().unwrap().iter().enumerate() {
            need(w, "note", &format!("{id}.winners[{i}]"), &mut missing);
            if is_description(w["company"].as_str().unwrap()) {
                need(w, "company", &format!("{id}.winners[{i}]"), &mut missing);
            }
        }
    }
    missing
}

/// Every `_zh` value anywhere: a non-empty text with Chinese in it (or a list of them),
/// next to the English field it translates. Returns the offending paths.
fn bad_zh(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                let path = format!("{at}.{k}");
                if let Some(base) = k.strip_suffix("_zh") {
                    // translations (note_zh) and the files' own Chinese fields (name_zh, basis_zh) alike
                    let texts: Vec<&Value> = match x {
                        Value::Array(a) => a.iter().collect(),
                        other => vec![other],
                    };
                    let ok = !texts.is_empty()
                        && texts.iter().all(|t| {
                            t.as_str()
                                .is_some_and(|s| !s.trim().is_empty() && has_cjk(s))
                        });
                    if !ok {
                        out.push(format!("{path}: {x}"));
                    }
                    if o.contains_key(base) {
                        if let (Value::Array(a), Some(Value::Array(en))) = (x, o.get(base)) {
                            if a.len() != en.len() {
                                out.push(format!(
                                    "{path}: {} translations of {} notes",
                                    a.len(),
                                    en.len()
                                ));
                            }
                        }
                    }
                } else {
                    bad_zh(x, &path, out);
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                bad_zh(x, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The digits of a text, in order ("75 mg × 10 capsules/box" → 75, 10).
fn numbers(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_digit() && c != '.')
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_english_text_the_page_shows_in_the_batch7_catalog_has_its_chinese() {
    let missing = batch7_missing(&json(BATCH7));
    assert!(
        missing.is_empty(),
        "English texts without a _zh translation:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_check_finds_a_new_entry_without_chinese() {
    // a new entry with English notes, pack and dosage form but no translations: the check above fails on it
    let mut cat = json(BATCH7);
    let mut e = cat["entries"][0].clone();
    strip_zh(&mut e);
    e["id"] = "new-drug".into();
    cat["entries"].as_array_mut().unwrap().push(e);
    let missing = batch7_missing(&cat);
    for want in [
        "new-drug.dosage_form",
        "new-drug.notes",
        "new-drug.products[0].pack",
        "new-drug.products[1].note",
        "new-drug.ceiling_price.note",
        "new-drug.category.indication",
        "new-drug.winners[0].company",
    ] {
        assert!(
            missing.iter().any(|m| m.starts_with(want)),
            "{want} not reported: {missing:?}"
        );
    }
    // a winner named as sourced needs none
    assert!(
        !missing.iter().any(|m| m.starts_with("new-drug.winners[1]")),
        "{missing:?}"
    );
}

#[test]
fn batches_and_rules_texts_the_page_shows_have_their_chinese() {
    let mut missing = vec![];
    let b = json(BATCHES);
    for r in b["batches"].as_array().unwrap() {
        let at = format!("batch {} {}", r["batch"], r["stage"]);
        need(r, "notes", &at, &mut missing);
        for (k, v) in r.as_object().unwrap() {
            if v.get("confidence").is_some() {
                need_fact(v, &format!("{at}.{k}"), &mut missing);
            }
        }
    }
    for (i, f) in b["cumulative"].as_array().unwrap().iter().enumerate() {
        need_fact(f, &format!("cumulative[{i}]"), &mut missing);
        need(f, "value", &format!("cumulative[{i}]"), &mut missing);
    }
    let r = json(RULES);
    let av = &r["agreed_volume"];
    need(av, "note", "agreed_volume", &mut missing);
    need(
        &av["cycle_end"],
        "note",
        "agreed_volume.cycle_end",
        &mut missing,
    );
    for (i, w) in av["worked_examples"].as_array().unwrap().iter().enumerate() {
        need(w, "unit", &format!("worked_examples[{i}]"), &mut missing);
    }
    assert!(
        missing.is_empty(),
        "English texts without a _zh translation:\n{}",
        missing.join("\n")
    );
}

#[test]
fn no_chinese_text_is_empty_or_not_chinese_and_packs_keep_their_numbers() {
    let mut bad = vec![];
    for (name, text) in [
        ("batch7.json", BATCH7),
        ("batches.json", BATCHES),
        ("batch7_rules.json", RULES),
    ] {
        bad_zh(&json(text), name, &mut bad);
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    // a pack in Chinese states the same strength and count as the English one
    let cat = json(BATCH7);
    let mut packs = 0;
    for e in cat["entries"].as_array().unwrap() {
        for p in e["products"].as_array().unwrap() {
            let (en, zh) = (p["pack"].as_str().unwrap(), p["pack_zh"].as_str().unwrap());
            assert_eq!(numbers(en), numbers(zh), "{en} / {zh}");
            packs += 1;
        }
    }
    assert_eq!(packs, 10); // 德源's pioglitazone (issue 13) is the tenth
    let osel = &cat["entries"][0];
    assert_eq!(osel["products"][0]["pack_zh"], "75mg×10粒/盒");
    assert_eq!(
        osel["ceiling_price"]["note_zh"],
        "每粒（75mg）最高有效申报价"
    );
}

fn strip_zh(v: &mut Value) {
    match v {
        Value::Object(o) => {
            let keys: Vec<String> = o.keys().filter(|k| is_translation(o, k)).cloned().collect();
            for k in keys {
                o.remove(&k);
            }
            for x in o.values_mut() {
                strip_zh(x);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(strip_zh),
        _ => {}
    }
}

/// `k` is a translation sibling (`note_zh` next to `note`), not a file's own Chinese field (`name_zh`).
fn is_translation(o: &Map<String, Value>, k: &str) -> bool {
    k.strip_suffix("_zh")
        .is_some_and(|base| o.contains_key(base))
}

fn catalog_without_zh() -> Catalog {
    let mut v = json(BATCH7);
    strip_zh(&mut v);
    let text = serde_json::to_string(&v).unwrap();
    assert!(!text.contains("pack_zh") && !text.contains("notes_zh"));
    Catalog::from_json(&text).unwrap()
}

#[test]
fn a_catalog_without_chinese_texts_still_loads_and_emits_none() {
    let plain = catalog_without_zh();
    let full = vbp_savings::batch7().unwrap();
    assert_eq!(plain.entries.len(), full.entries.len());
    let osel = plain.find("奥司他韦").unwrap();
    assert_eq!(osel.products[0].pack, "75 mg × 10 capsules/box");
    assert_eq!(osel.products[0].pack_zh, None);
    assert_eq!(osel.notes_zh, None);
    // the optional fields are left out, not written as null
    let out = serde_json::to_string(&plain).unwrap();
    assert!(!out.contains("_zh\":null"), "{out}");
    assert!(
        !out.contains("pack_zh")
            && !out.contains("dosage_form_zh")
            && !out.contains("indication_zh")
    );
    // and the embedded catalog reads and writes them back
    let full_out = serde_json::to_value(full).unwrap();
    assert_eq!(
        full_out["entries"][0]["products"][0]["pack_zh"],
        "75mg×10粒/盒"
    );
    assert_eq!(
        full_out["entries"][0]["dosage_form_zh"],
        "胶囊（口服常释剂型）"
    );
}

fn hetero_line() -> LineInput {
    LineInput {
        drug: Some("磷酸奥司他韦胶囊".into()),
        manufacturer: Some("Hetero Labs".into()),
        quantity: Some("100".into()),
        baseline_unit_price: Some("6.45".into()),
        ..Default::default()
    }
}

#[test]
fn the_chinese_price_basis_names_the_pack_in_chinese() {
    let r = vbp_savings::estimate(&[hetero_line()], &Options::default()).unwrap();
    let l = &r.lines[0];
    assert_eq!(l.price_source, PriceSource::Catalog);
    assert!(
        l.price_basis_zh.contains("（75mg×10粒/盒，每盒16.5元"),
        "{}",
        l.price_basis_zh
    );
    assert!(
        !l.price_basis_zh.contains("capsules/box"),
        "{}",
        l.price_basis_zh
    );
    assert!(
        l.price_basis
            .contains("(75 mg × 10 capsules/box, 16.5 yuan per pack"),
        "{}",
        l.price_basis
    );
    // a catalog without the Chinese pack: the English one, as before
    let plain = catalog_without_zh();
    let r = vbp_savings::estimate::inputs::estimate_lines(
        &[hetero_line()],
        &plain,
        &Options::default(),
    )
    .unwrap();
    assert!(
        r.lines[0]
            .price_basis_zh
            .contains("（75 mg × 10 capsules/box，每盒16.5元"),
        "{}",
        r.lines[0].price_basis_zh
    );
    // the review candidates carry it too (a line without a manufacturer: two products to choose from)
    let mut l = hetero_line();
    l.manufacturer = None;
    let r = vbp_savings::estimate(&[l], &Options::default()).unwrap();
    let packs: Vec<_> = r
        .review
        .iter()
        .flat_map(|i| i.candidates.iter())
        .map(|c| (c.pack.clone(), c.pack_zh.clone()))
        .collect();
    assert!(
        packs.contains(&(
            Some("75 mg × 30 capsules/box".into()),
            Some("75mg×30粒/盒".into())
        )),
        "{packs:?}"
    );
}

#[test]
fn the_supply_price_basis_names_the_pack_in_chinese() {
    let input = SupplyInput {
        lines: vec![SupplyLineInput {
            drug: Some("磷酸奥司他韦胶囊".into()),
            volume: Cell::text("3000"),
            baseline_unit_price: Cell::text("6.45"),
            primary: Some(SupplierInput {
                name: Some("东阳光".into()),
                unit_price: Cell::default(),
            }),
            ..Default::default()
        }],
        suppliers: vec![],
        scenarios: vec![ScenarioInput::default()],
    };
    let r = supply::batch7_scenarios(&input).unwrap();
    let p = &r.lines[0].primary;
    assert_eq!(p.basis, PriceBasis::Catalog);
    assert!(
        p.basis_zh.contains("东阳光 75mg×30粒/盒 每盒29.97元"),
        "{}",
        p.basis_zh
    );
    assert!(
        p.basis_en.contains("75 mg × 30 capsules/box"),
        "{}",
        p.basis_en
    );
}
