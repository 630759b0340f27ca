//! The catalog's facts against their sources (issue 13, third and fourth research passes):
//! each correction and each new drug asserted on the embedded data (status, winner, source),
//! no source pointing at a file of this project, and the confidence legend applied as the
//! data files state it.
#![cfg(not(target_arch = "wasm32"))]

use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;
use vbp_savings::catalog::{Confidence, Entry, Status};
use vbp_savings::{batch7, estimate, LineInput, Options, PriceSource};

const BATCH7: &str = include_str!("../data/batch7.json");
const BATCHES: &str = include_str!("../data/batches.json");
const RULES: &str = include_str!("../data/batch7_rules.json");

/// The legend as the project's research notes define it (H, M, L), word for word in the data.
const LEGEND_H: &str =
    "H: stated plainly by an official or major outlet, or by two independent sources";
const LEGEND_M: &str = "M: one secondary source";
const LEGEND_L: &str =
    "L: garbled or machine-translated text, speculative, or from an early stage of the process";

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn entry(id: &str) -> &'static Entry {
    batch7()
        .unwrap()
        .get(id)
        .unwrap_or_else(|| panic!("no entry {id}"))
}

/// The winner rows whose company starts with `name`.
fn winner<'a>(e: &'a Entry, name: &str) -> &'a vbp_savings::catalog::Winner {
    e.winners
        .iter()
        .find(|w| w.company.starts_with(name))
        .unwrap_or_else(|| panic!("{}: no winner {name} in {:?}", e.id, e.winners))
}

fn cites(e: &Entry, page: &str) -> bool {
    e.sources.iter().any(|s| s.contains(page))
}

/// A public page: a web address (a host with a dot), not a bare outlet name.
fn is_public_page(source: &str) -> bool {
    source
        .split(|c: char| c.is_whitespace() || c == ';' || c == ',' || c == '(' || c == ')')
        .any(|w| {
            let host = w.split('/').next().unwrap_or("");
            host.contains('.')
                && host.split('.').all(|p| {
                    !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
                && host.rsplit('.').next().is_some_and(|tld| {
                    tld.chars().all(|c| c.is_ascii_lowercase()) && tld.len() >= 2
                })
        })
}

const YICAI: &str =
    "yicaiglobal.com/news/china-7th-centralized-drug-program-cuts-drug-prices-by-48";
const SIHUAN: &str = "四環醫藥(00460)五款產品中選全國藥品集中採購";
const HUAHAI: &str = "huahaipharm-japan.com/news/545/";

#[test]
fn afatinib_won_with_kelun_named_by_yicai_global() {
    let e = entry("afatinib");
    assert_eq!(e.status, Status::Winning);
    let w = winner(e, "科伦");
    assert!(w.source.contains(YICAI), "{}", w.source);
    assert_eq!(w.confidence, Confidence::Medium, "one outlet");
    assert_eq!(
        e.confidence,
        Confidence::Medium,
        "the win rests on one outlet"
    );
    assert!(cites(e, YICAI));
    // its sourced ceiling price and demand base stay
    assert_eq!(e.ceiling_price.as_ref().unwrap().value, Some(d("112.3267")));
    assert_eq!(e.demand_base.as_ref().unwrap().value, Some(d("596327")));
}

#[test]
fn metformin_vildagliptin_carries_its_official_catalogue_name() {
    let c = batch7().unwrap();
    let e = entry("metformin-vildagliptin");
    assert_eq!(e.generic_name_zh, "二甲双胍维格列汀口服常释剂型");
    assert_eq!(
        e.pinyin.split(' ').count(),
        e.generic_name_zh.chars().count()
    );
    assert_eq!(e.status, Status::InBidList, "winners still not found");
    assert!(cites(e, "zgrwj.com/news/sh/20220622/17389.html"));
    assert_eq!(
        e.confidence,
        Confidence::High,
        "Xinhua, reposted, and a second page"
    );
    // the name a hospital system uses still finds it
    assert_eq!(
        c.find("二甲双胍维格列汀片").unwrap().id,
        "metformin-vildagliptin"
    );
    assert_eq!(
        c.find("二甲双胍维格列汀口服常释剂型").unwrap().id,
        "metformin-vildagliptin"
    );
}

#[test]
fn sihuan_won_tenofovir_alafenamide_and_metoprolol_succinate() {
    let t = entry("tenofovir-alafenamide");
    assert_eq!(t.status, Status::Winning);
    let w = winner(t, "四环医药");
    assert!(
        w.source.contains(SIHUAN) && w.source.contains("hk.finance.yahoo.com"),
        "{}",
        w.source
    );
    assert!(w.note.as_deref().unwrap().starts_with("25 mg"));
    let m = entry("metoprolol-succinate");
    assert_eq!(m.status, Status::Winning);
    let w = winner(m, "四环医药");
    assert!(w.source.contains(SIHUAN));
    assert!(
        w.note.as_deref().unwrap().contains("47.5 mg")
            && w.note.as_deref().unwrap().contains("佛山德芮可")
    );
}

#[test]
fn pioglitazone_deyuan_price_provinces_volumes_cycle_and_kangenbei() {
    let e = entry("pioglitazone");
    assert_eq!(e.status, Status::ProposedWinner, "company announcements");
    assert_eq!(
        e.confidence,
        Confidence::High,
        "three independent announcements"
    );
    for (name, page) in [
        ("华东医药", "chaguwang.cn/neimu/000963/202207130121.html"),
        (
            "江苏德源药业",
            "q.stock.sohu.com/cn,gg,832735,8811724514.shtml",
        ),
        ("杭州康恩贝", "podms.com/p20220713000629.html"),
    ] {
        assert!(winner(e, name).source.contains(page), "{name}");
        assert!(cites(e, page), "{page}");
    }
    let p = e
        .product_by_manufacturer("江苏德源药业股份有限公司")
        .expect("德源's product");
    assert_eq!(p.pack_price, d("15.60"));
    assert_eq!(p.units_per_pack, d("30"));
    assert_eq!(p.unit, "tablet");
    assert_eq!(p.unit_price(), Some(d("0.52")));
    assert_eq!(
        vbp_savings::values::pack::strength(&p.pack),
        vbp_savings::values::pack::strength("30mg")
    );
    assert_eq!(
        p.primary_provinces,
        ["浙江", "河南", "四川", "重庆", "山西", "贵州", "宁夏", "西藏"]
    );
    assert_eq!(
        p.backup_provinces,
        ["江苏", "上海", "福建", "河北", "安徽", "湖北", "陕西", "甘肃"]
    );
    assert!(
        p.primary_provinces
            .iter()
            .all(|x| !p.backup_provinces.contains(x)),
        "a backup region differs from the primary ones"
    );
    let note = p.note.as_deref().unwrap();
    assert!(
        note.contains("15 mg 2,776.3667万片")
            && note.contains("30 mg 1,923.5239万片")
            && note.contains("3 years"),
        "{note}"
    );
    assert_eq!(
        p.confidence,
        Confidence::Medium,
        "a repost of the company's announcement"
    );
}

#[test]
fn pioglitazone_30mg_from_deyuan_is_priced_by_the_catalog_and_15mg_is_not() {
    let line = |spec: &str, unit: &str, qty: &str, base: &str| LineInput {
        drug: Some("盐酸吡格列酮片".into()),
        quantity: Some(qty.into()),
        baseline_unit_price: Some(base.into()),
        manufacturer: Some("江苏德源药业".into()),
        specification: Some(spec.into()),
        unit: Some(unit.into()),
        ..Default::default()
    };
    let r = estimate(
        &[
            line("30mg", "片", "300", "1.5"),
            line("15mg", "片", "300", "1"),
            line("30mg*30片", "盒", "10", "45"),
        ],
        &Options::default(),
    )
    .unwrap();
    assert_eq!(
        (r.lines[0].price_source, r.lines[0].vbp_unit_price),
        (PriceSource::Catalog, d("0.52"))
    );
    assert_ne!(
        r.lines[1].price_source,
        PriceSource::Catalog,
        "no price is known for 15 mg"
    );
    assert_eq!(
        (r.lines[2].price_source, r.lines[2].vbp_unit_price),
        (PriceSource::Catalog, d("15.60")),
        "per box of 30: the pack price"
    );
}

#[test]
fn mycophenolate_has_qionglai_tianyin_as_a_further_winner() {
    let e = entry("mycophenolate-mofetil");
    let w = winner(e, "邛崃天银制药");
    assert!(w.source.contains("podms.com/p20220714002202.html"));
    assert!(winner(e, "华东医药").source.contains("chaguwang.cn"));
    assert_eq!(e.status, Status::ProposedWinner);
}

#[test]
fn omeprazole_and_milrinone_share_the_status_of_the_one_announcement() {
    let o = entry("omeprazole-inj");
    let m = entry("milrinone");
    assert_eq!(o.status, m.status);
    assert_eq!(o.status, Status::Winning);
    for e in [o, m] {
        let w = winner(e, "湖南赛隆");
        assert!(
            w.source.contains("be-match.com/product/1804.html"),
            "{}: {}",
            e.id,
            w.source
        );
    }
    assert!(
        cites(o, "podms.com/p20220713000629.html") && cites(o, "ozgie.cn/news/detail/1806.html")
    );
}

#[test]
fn winners_once_cited_from_an_unnamed_announcement_cite_its_public_copy() {
    for (id, name, page) in [
        ("tigecycline", "湖南赛隆", "be-match.com/product/1804.html"),
        (
            "nifedipine-cr",
            "华润双鹤利民",
            "finance.cngold.org/c/2022-07-14/c8199885.html",
        ),
        (
            "clindamycin-phosphate-inj",
            "华润双鹤利民",
            "finance.cngold.org/c/2022-07-14/c8199885.html",
        ),
        (
            "caffeine-citrate-inj",
            "华润双鹤利民",
            "finance.cngold.org/c/2022-07-14/c8199885.html",
        ),
        (
            "meropenem",
            "健康元",
            "m.nbd.com.cn/articles/2022-07-13/2362757.html",
        ),
    ] {
        let w = winner(entry(id), name);
        assert!(w.source.contains(page), "{id}: {}", w.source);
    }
}

#[test]
fn qilu_hainan_is_not_a_winner_of_oseltamivir_without_a_public_source() {
    let e = entry("oseltamivir");
    assert!(
        e.winners.iter().all(|w| !w.company.contains("齐鲁")),
        "{:?}",
        e.winners
    );
    assert!(
        e.notes.as_deref().unwrap().contains("齐鲁制药(海南)")
            && e.notes.as_deref().unwrap().contains("no public page")
    );
    // 华海's list (fourth pass)
    for name in ["浙江华海药业", "Natco", "一品红"] {
        assert!(winner(e, name).source.contains(HUAHAI), "{name}");
    }
}

#[test]
fn every_winner_row_cites_a_public_page() {
    for e in &batch7().unwrap().entries {
        for w in &e.winners {
            assert!(
                is_public_page(&w.source),
                "{}: winner {} cites {}",
                e.id,
                w.company,
                w.source
            );
        }
        for p in &e.products {
            assert!(
                is_public_page(&p.source),
                "{}: product {} cites {}",
                e.id,
                p.company,
                p.source
            );
        }
    }
    assert!(is_public_page("be-match.com/product/1804.html (x)"));
    assert!(!is_public_page("company announcement (domain-facts §3b)"));
    assert!(!is_public_page("../shared/reference/domain-facts.md"));
}

#[test]
fn cefepime_eptifibatide_and_bromhexine_as_the_fourth_pass_found() {
    let c = entry("cefepime");
    assert_eq!(c.status, Status::ProposedWinner);
    let w = winner(c, "6 proposed winners incl. 深圳信立泰");
    assert!(w.source.contains("epaper.cs.com.cn") && w.company_zh.is_some());
    assert!(c.special_anti_infective);

    let e = entry("eptifibatide");
    assert!(winner(e, "翰宇药业")
        .source
        .contains("jrwdz.com/licai/60749.html"));
    assert!(winner(e, "海南普利制药").source.contains("bbs.ctongt.com"));

    // four winners, all awards cancelled, the drug taken out of the batch: no backup supply followed
    let b = entry("bromhexine-inj");
    assert_eq!(b.winners.len(), 4);
    for name in ["成都欣捷", "仁合益康", "广州一品红", "石家庄四药"] {
        let w = winner(b, name);
        assert!(
            w.company.contains("award cancelled")
                && w.source.contains("bid.caigoupt.com/info-286575292.html"),
            "{name}"
        );
    }
    let notes = b.notes.as_deref().unwrap();
    assert!(
        notes.contains("No backup supply") && !notes.contains("had to turn to backup"),
        "{notes}"
    );
    assert!(b
        .notes_zh
        .as_deref()
        .unwrap()
        .contains("未转由备供企业供应"));
}

#[test]
fn the_new_drugs_with_what_is_known_and_nothing_more() {
    let c = batch7().unwrap();
    // (id, Chinese name, winner, its page, category key: None where no source states one)
    let cases: [(&str, &str, &str, &str, Option<&str>); 5] = [
        (
            "lacosamide",
            "拉考沙胺片",
            "四环医药",
            SIHUAN,
            Some("antiepileptic"),
        ),
        (
            "octreotide-inj",
            "醋酸奥曲肽注射液",
            "四环医药",
            SIHUAN,
            None,
        ),
        (
            "fondaparinux-inj",
            "磺达肝癸钠注射液",
            "四环医药",
            SIHUAN,
            None,
        ),
        (
            "aripiprazole-odt",
            "阿立哌唑口崩片",
            "4 winners incl. 浙江华海药业",
            HUAHAI,
            Some("antipsychotic"),
        ),
        (
            "rocuronium-inj",
            "罗库溴铵注射液",
            "8 winners incl. 浙江华海药业",
            HUAHAI,
            Some("anaesthesia"),
        ),
    ];
    for (id, zh, name, page, category) in cases {
        let e = entry(id);
        assert_eq!(e.generic_name_zh, zh);
        assert_eq!(c.find(zh).unwrap().id, id);
        assert_eq!(e.status, Status::Winning, "{id}");
        assert!(winner(e, name).source.contains(page), "{id}");
        assert!(cites(e, page), "{id}");
        assert_eq!(e.category.key.as_deref(), category, "{id}");
        assert_eq!(
            e.pinyin.split(' ').count(),
            zh.chars().count(),
            "{id}: one syllable per character"
        );
        // nothing more than is known: no price, no ceiling, no demand base, no strength as the entry's
        assert!(
            e.products.is_empty()
                && e.ceiling_price.is_none()
                && e.reference_price.is_none()
                && e.average_price_cut.is_none()
                && e.demand_base.is_none(),
            "{id}"
        );
        assert!(e.specification.is_none(), "{id}");
    }
    assert!(winner(entry("lacosamide"), "陕西步长制药")
        .source
        .contains("podms.com/p20220714002202.html"));
    assert_eq!(
        entry("lacosamide").confidence,
        Confidence::High,
        "two independent announcements"
    );
    assert!(entry("octreotide-inj").winners[0]
        .note
        .as_deref()
        .unwrap()
        .starts_with("1 ml:0.1 mg"));
    assert!(entry("fondaparinux-inj").winners[0]
        .note
        .as_deref()
        .unwrap()
        .starts_with("0.5 ml:2.5 mg"));
    assert_eq!(
        entry("rocuronium-inj").confidence,
        Confidence::Medium,
        "a single source"
    );
}

#[test]
fn the_regraded_labels_follow_the_legend() {
    // the six foreign prices: one industry newsletter
    for id in [
        "oseltamivir",
        "iopamidol",
        "ebastine",
        "ezetimibe",
        "micafungin",
        "tigecycline",
    ] {
        for p in entry(id)
            .products
            .iter()
            .filter(|p| p.source.starts_with("reach24h"))
        {
            assert_eq!(p.confidence, Confidence::Medium, "{id}: {}", p.company);
        }
    }
    // lenvatinib's seven winners and 先声's price: one repost page
    let l = entry("lenvatinib");
    assert_eq!(l.winners.len(), 7);
    assert!(l.winners.iter().all(|w| w.confidence == Confidence::Medium));
    assert!(l
        .products
        .iter()
        .all(|p| p.confidence == Confidence::Medium));
    // single-article statuses
    assert_eq!(entry("roxithromycin").confidence, Confidence::Medium);
    assert_eq!(entry("micafungin").confidence, Confidence::Medium);
    assert!(entry("ornidazole")
        .winners
        .iter()
        .all(|w| w.confidence == Confidence::Medium));
}

/// Every fact-shaped object (one with a `confidence`) in a data file, with its path.
fn graded<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(o) => {
            if o.contains_key("confidence") {
                out.push((at.clone(), v));
            }
            for (k, x) in o {
                graded(x, format!("{at}.{k}"), out);
            }
        }
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| graded(x, format!("{at}[{i}]"), out)),
        _ => {}
    }
}

/// Outlets that are one secondary source each (industry newsletters, aggregators, reposts).
const SECONDARY: [&str; 7] = [
    "reach24h",
    "baipharm",
    "flcube",
    "echemi",
    "be-match",
    "m.zlymm.com",
    "podms.com",
];

#[test]
fn no_fact_is_graded_h_on_a_single_secondary_source() {
    for (name, text) in [
        ("batch7.json", BATCH7),
        ("batches.json", BATCHES),
        ("batch7_rules.json", RULES),
    ] {
        let v: Value = serde_json::from_str(text).unwrap();
        let mut facts = vec![];
        graded(&v, name.into(), &mut facts);
        for (at, f) in facts {
            if f["confidence"] != "H" {
                continue;
            }
            let sources: Vec<String> = match (&f["sources"], &f["source"]) {
                (Value::Array(a), _) => a.iter().map(|s| s.as_str().unwrap().to_string()).collect(),
                (_, Value::String(s)) => s
                    .split(';')
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect(),
                _ => vec![],
            };
            let single_secondary =
                sources.len() == 1 && SECONDARY.iter().any(|o| sources[0].contains(o));
            assert!(
                !single_secondary,
                "{at} is H on one secondary source: {sources:?}"
            );
        }
    }
}

#[test]
fn every_data_file_states_the_legend() {
    for (name, text) in [
        ("batch7.json", BATCH7),
        ("batches.json", BATCHES),
        ("batch7_rules.json", RULES),
    ] {
        let v: Value = serde_json::from_str(text).unwrap();
        let about = v["about"].as_str().unwrap();
        for part in [LEGEND_H, LEGEND_M, LEGEND_L] {
            assert!(
                about.contains(part),
                "{name}: the legend lacks '{part}': {about}"
            );
        }
    }
}

/// Every string under a `source` or `sources` key, with its path.
fn sources<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                let path = format!("{at}.{k}");
                match (k.as_str(), x) {
                    ("source", Value::String(s)) => out.push((path, s)),
                    ("sources", Value::Array(a)) => a
                        .iter()
                        .filter_map(Value::as_str)
                        .for_each(|s| out.push((path.clone(), s))),
                    _ => sources(x, path, out),
                }
            }
        }
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| sources(x, format!("{at}[{i}]"), out)),
        _ => {}
    }
}

/// A reference to a file of this project or a local path, not a public source.
fn internal(s: &str) -> Option<&'static str> {
    let lower = s.to_lowercase();
    let words = [
        "domain-facts",
        "domain_facts",
        "users.md",
        "architecture.md",
        "toolchain.md",
        ".md",
        "facts file",
        "§",
        "/work/",
        "../",
        "./",
        "file:",
        "c:\\",
        "data/",
        "shared/",
        "reference/",
    ];
    words.into_iter().find(|w| lower.contains(w)).or_else(|| {
        lower
            .trim_start()
            .starts_with('/')
            .then_some("a local path")
    })
}

#[test]
fn no_source_points_at_an_internal_file() {
    let mut all = vec![];
    for (name, text) in [
        ("batch7.json", BATCH7),
        ("batches.json", BATCHES),
        ("batch7_rules.json", RULES),
    ] {
        let v: Value = serde_json::from_str(text).unwrap();
        let mut found = vec![];
        sources(&v, name.into(), &mut found);
        assert!(!found.is_empty(), "{name}");
        for (at, s) in found {
            all.push(format!("{at}: {s}"));
            assert!(
                internal(s).is_none(),
                "{at} points at {:?}: {s}",
                internal(s)
            );
        }
    }
    // nor does any other text of the data name the project's research notes
    for (name, text) in [
        ("batch7.json", BATCH7),
        ("batches.json", BATCHES),
        ("batch7_rules.json", RULES),
    ] {
        for w in ["domain-facts", "users.md", "facts file", "§3"] {
            assert!(!text.contains(w), "{name} mentions {w}");
        }
    }
    assert!(all.len() > 100, "{} sources", all.len());
    // the check itself
    assert_eq!(
        internal("company announcement (domain-facts §3b)"),
        Some("domain-facts")
    );
    assert!(internal("/work/shared/reference/x").is_some());
    assert!(internal("be-match.com/product/1804.html").is_none());
    assert!(internal("flcube.com/?p=28011").is_none());
}

#[test]
fn the_inferences_say_so() {
    // lenvatinib: what the ¥18 average is over is not stated; that it is over the 7 winners is an inference
    let f = entry("lenvatinib").reference_price.as_ref().unwrap();
    let note = f.note.as_deref().unwrap();
    assert!(
        note.contains("do not say what the average is taken over") && note.contains("inference"),
        "{note}"
    );
    assert!(note.contains("nor how many capsules a course is"), "{note}");
    assert!(f.note_zh.as_deref().unwrap().contains("推断"));
    // the special anti-infective group is listed "such as"
    let rules: Value = serde_json::from_str(RULES).unwrap();
    let special = &rules["agreed_volume"]["special_anti_infective"];
    assert!(special["label_en"].as_str().unwrap().contains("such as"));
    assert!(special["label_zh"].as_str().unwrap().contains("如"));
    // Harbin: total costs saved, more than ¥680 m — a lower bound, not a saving to residents
    let harbin = batch7()
        .unwrap()
        .batch
        .regional
        .iter()
        .find(|r| r.value.as_deref() == Some("680000000"))
        .unwrap();
    assert!(
        harbin.fact.contains("more than 6.8亿元")
            && harbin.fact.contains("lower bound")
            && !harbin.fact.contains("for residents"),
        "{}",
        harbin.fact
    );
    let zh = harbin.fact_zh.as_deref().unwrap();
    assert!(
        zh.contains("节约费用超过6.8亿元") && zh.contains("下限") && !zh.contains("为群众节约超过"),
        "{zh}"
    );
}

#[test]
fn batch_10_was_implemented_from_april_2025() {
    let b = vbp_savings::catalog::batches::batches()
        .unwrap()
        .get(10)
        .unwrap();
    assert_eq!(b.implementation.value.as_deref(), Some("2025-04"));
    assert!(b
        .implementation
        .source
        .as_deref()
        .unwrap()
        .contains("baipharm.chemlinked.com/news/china-announces-results-of-the-10th-round"));
    assert_eq!(b.implementation.confidence, Confidence::Medium);
}
