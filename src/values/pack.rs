//! Reading a specification or packaging text (规格, 包装) as procurement tables write it:
//! the **pack quantity** (how many smallest units a priced pack holds) and the
//! **strength** (what one unit contains), so a pack price becomes a per-unit price and a
//! hospital's line can be matched to the right product.
//!
//! ```
//! use vbp_savings::values::pack::{parse_pack, strength};
//! let p = parse_pack("10mg×14片/盒").unwrap();
//! assert_eq!((p.count.to_string(), p.unit.as_deref()), ("14".into(), Some("片")));
//! assert_eq!(parse_pack("0.5g*12片*2板").unwrap().count.to_string(), "24");
//! assert_eq!(parse_pack("100ml:37g(I)×10瓶").unwrap().count.to_string(), "10");
//! assert!(parse_pack("50mg").is_none()); // no pack quantity: asked for, never guessed
//! assert_eq!(strength("0.075g"), strength("75 mg"));
//! ```
//!
//! The grammar is deliberately narrow: a count (a whole number followed by a unit word
//! such as 片/粒/支/瓶/袋 or tablets/capsules/vials), optionally multiplied by sub-packs
//! (`×2板`, `10片/板×3板`), optionally ending at a container (`/盒`, `/box`). Two counts
//! that disagree (`10片或14片`) give no answer rather than a guess.

use rust_decimal::Decimal;
use std::str::FromStr;

/// A pack: `count` smallest units (`unit`, as written: 片, 粒, capsules …; `None` when the
/// text gives a number only, as in `×1/盒`), sold as one `container` (盒, box …) if stated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pack {
    pub count: Decimal,
    pub unit: Option<String>,
    pub container: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(Decimal),
    Word(String),
    Mult,
    Slash,
    Other,
}

/// Smallest-unit words a count may carry.
const COUNT_UNITS: &[&str] = &[
    "片", "粒", "颗", "丸", "支", "瓶", "袋", "包", "贴", "枚", "揿", "喷", "个", "套", "件", "只",
    "根", "条", "副", "张", "tablets", "tablet", "tabs", "tab", "capsules", "capsule", "caps",
    "cap", "vials", "vial", "ampoules", "ampoule", "amps", "amp", "bottles", "bottle", "bags",
    "bag", "sachets", "sachet", "pieces", "piece", "pcs", "pc",
];
/// Sub-pack words: a count of these multiplies (`×2板`).
const SUB_PACKS: &[&str] = &[
    "板",
    "排",
    "层",
    "小盒",
    "小袋",
    "铝塑板",
    "blisters",
    "blister",
    "strips",
    "strip",
];
/// Container words: the priced pack itself.
const CONTAINERS: &[&str] = &[
    "盒", "箱", "包", "袋", "瓶", "桶", "罐", "box", "boxes", "pack", "packs", "carton",
];

fn tokens(text: &str) -> Vec<Tok> {
    let norm: Vec<char> = crate::values::item::normalize_name(text).chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < norm.len() {
        let c = norm[i];
        if c.is_ascii_digit() || (c == '.' && norm.get(i + 1).is_some_and(|d| d.is_ascii_digit())) {
            let start = i;
            while i < norm.len() && (norm[i].is_ascii_digit() || norm[i] == '.') {
                i += 1;
            }
            let s: String = norm[start..i].iter().collect();
            match Decimal::from_str(s.trim_end_matches('.')) {
                Ok(d) => out.push(Tok::Num(d)),
                Err(_) => out.push(Tok::Other),
            }
            continue;
        }
        let next_is_digit = norm.get(i + 1).is_some_and(|d| d.is_ascii_digit());
        if matches!(c, '×' | '*' | '✕' | '✖' | '╳')
            || (c == 'x' && next_is_digit && !prev_is_letter(&out))
        {
            out.push(Tok::Mult);
            i += 1;
            continue;
        }
        if c == '/' || c == '／' || c == '每' {
            out.push(Tok::Slash);
            i += 1;
            continue;
        }
        if c.is_ascii_alphabetic() || c == 'μ' || c == 'µ' || c == '%' {
            let start = i;
            while i < norm.len()
                && (norm[i].is_ascii_alphabetic()
                    || norm[i] == 'μ'
                    || norm[i] == 'µ'
                    || norm[i] == '%')
            {
                // a multiplier `x` glued to a word and followed by a digit ends the word ("mgx14")
                if norm[i] == 'x'
                    && i > start
                    && norm.get(i + 1).is_some_and(|d| d.is_ascii_digit())
                {
                    break;
                }
                i += 1;
            }
            out.push(Tok::Word(norm[start..i].iter().collect()));
            continue;
        }
        if c.is_alphabetic() {
            // Chinese: the longest known word here, else the one character; 装 ("packed") is skipped
            let known = CJK_WORDS
                .iter()
                .filter(|w| {
                    norm[i..]
                        .iter()
                        .take(w.chars().count())
                        .copied()
                        .eq(w.chars())
                })
                .max_by_key(|w| w.chars().count());
            let len = known.map_or(1, |w| w.chars().count());
            let word: String = norm[i..i + len].iter().collect();
            if word != "装" {
                out.push(Tok::Word(word));
            }
            i += len;
            continue;
        }
        out.push(Tok::Other);
        i += 1;
    }
    out
}

/// Multi-character Chinese words the tokenizer keeps whole.
const CJK_WORDS: &[&str] = &["小盒", "小袋", "铝塑板", "单位", "万单位"];

fn prev_is_letter(out: &[Tok]) -> bool {
    // "box10" is not a multiplier; "mg x 14" (spaces removed: "mgx14") is, handled in the word loop
    matches!(out.last(), Some(Tok::Word(w)) if w.chars().all(|c| c.is_ascii_alphabetic()) && !is_strength_unit(w))
}

fn starts_with_any<'a>(word: &str, list: &[&'a str]) -> Option<&'a str> {
    list.iter().copied().find(|u| word == *u)
}

fn count_at(toks: &[Tok], k: usize) -> Option<(Decimal, Option<String>, usize)> {
    let Tok::Num(n) = toks.get(k)? else {
        return None;
    };
    if n.fract() != Decimal::ZERO || *n <= Decimal::ZERO {
        return None;
    }
    match toks.get(k + 1) {
        Some(Tok::Word(w)) => {
            starts_with_any(w, COUNT_UNITS).map(|u| (*n, Some(u.to_string()), k + 2))
        }
        // a bare number after a multiplier: `×10` at the end, or `×1/盒`
        None | Some(Tok::Slash) if k > 0 && toks[k - 1] == Tok::Mult => Some((*n, None, k + 1)),
        _ => None,
    }
}

/// Reads the pack quantity from a specification or packaging text; `None` when there is
/// none or it is ambiguous.
pub fn parse_pack(text: &str) -> Option<Pack> {
    let toks = tokens(text);
    // a packaging cell that is a bare whole number (转换比 10) is the count
    if let [Tok::Num(n)] = toks.as_slice() {
        return (n.fract().is_zero() && *n > Decimal::ZERO).then_some(Pack {
            count: *n,
            unit: None,
            container: None,
        });
    }
    let (first, unit, mut k) = (0..toks.len()).find_map(|k| count_at(&toks, k))?;
    let mut count = first;
    let mut container = None;
    loop {
        match (toks.get(k), toks.get(k + 1), toks.get(k + 2)) {
            (Some(Tok::Mult), Some(Tok::Num(m)), Some(Tok::Word(w)))
                if starts_with_any(w, SUB_PACKS).is_some() && m.fract().is_zero() =>
            {
                count = count.checked_mul(*m)?;
                k += 3;
            }
            (Some(Tok::Slash), Some(Tok::Word(w)), _)
                if starts_with_any(w, SUB_PACKS).is_some() =>
            {
                k += 2
            }
            (Some(Tok::Slash), Some(Tok::Word(w)), _)
                if starts_with_any(w, CONTAINERS).is_some() =>
            {
                container = Some(w.clone());
                k += 2;
                break;
            }
            _ => break,
        }
    }
    // any further count must agree (`…×2板/盒(每盒24片)`), else the text is ambiguous
    let mut j = k;
    while j < toks.len() {
        if let Some((other, other_unit, next)) = count_at(&toks, j) {
            if other != count || (other_unit.is_some() && other_unit != unit) {
                return None;
            }
            j = next;
        } else {
            j += 1;
        }
    }
    Some(Pack {
        count,
        unit,
        container,
    })
}

fn is_strength_unit(w: &str) -> bool {
    strength_unit(w).is_some()
}

/// A strength unit: its family and the factor to the family's base unit.
fn strength_unit(w: &str) -> Option<(&'static str, Decimal)> {
    let d = |s: &str| Decimal::from_str(s).ok();
    Some(match w {
        "kg" => ("mg", d("1000000")?),
        "g" => ("mg", d("1000")?),
        "mg" => ("mg", Decimal::ONE),
        "μg" | "µg" | "ug" | "mcg" => ("mg", d("0.001")?),
        "l" => ("ml", d("1000")?),
        "ml" => ("ml", Decimal::ONE),
        "iu" | "u" | "单位" => ("u", Decimal::ONE),
        "万iu" | "万u" | "万单位" => ("u", d("10000")?),
        "%" => ("%", Decimal::ONE),
        "mmol" => ("mmol", Decimal::ONE),
        _ => return None,
    })
}

/// The strength of a specification as a comparable key (`75mg` and `0.075g` give the
/// same key; `100ml:37g(I)` gives `ml:100|mg:37000`): the quantities before any pack
/// count. `None` when the text states none.
pub fn strength(text: &str) -> Option<String> {
    let toks = tokens(text);
    let end = (0..toks.len())
        .find(|&k| toks[k] == Tok::Mult || count_at(&toks, k).is_some())
        .unwrap_or(toks.len());
    let mut parts = Vec::new();
    for k in 0..end {
        if let (Tok::Num(n), Some(Tok::Word(w))) = (&toks[k], toks.get(k + 1)) {
            if let Some((family, factor)) = strength_unit(w) {
                let v = n.checked_mul(factor)?.normalize();
                parts.push(format!("{family}:{v}"));
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(text: &str) -> Option<String> {
        parse_pack(text).map(|p| p.count.to_string())
    }

    #[test]
    fn pack_counts_as_tables_write_them() {
        assert_eq!(count("10mg×14片/盒"), Some("14".into()));
        assert_eq!(count("75mg*10粒"), Some("10".into()));
        assert_eq!(count("100ml:37g(I)×10瓶"), Some("10".into()));
        assert_eq!(count("75 mg × 10 capsules/box"), Some("10".into()));
        assert_eq!(count("4mg×30粒/盒"), Some("30".into()));
        assert_eq!(count("0.5g×12片×2板/盒"), Some("24".into()));
        assert_eq!(count("10片/板×3板/盒"), Some("30".into()));
        assert_eq!(count("50 mg × 1/box"), Some("1".into()));
        assert_eq!(count("50mg×10"), Some("10".into()));
        assert_eq!(count("5ml:0.1g×1支/盒"), Some("1".into()));
        assert_eq!(count("14片/盒"), Some("14".into()));
        assert_eq!(count("10"), Some("10".into()));
        assert_eq!(count("1支"), Some("1".into()));
        assert_eq!(count("10mgx7片x4板"), Some("28".into()));
        assert_eq!(count("0.5g×12片×2板/盒（每盒24片）"), Some("24".into()));
    }

    #[test]
    fn no_pack_or_ambiguous_gives_none() {
        assert_eq!(count("50mg"), None);
        assert_eq!(count("100ml:37g(I)"), None);
        assert_eq!(count("10片或14片"), None);
        assert_eq!(count(""), None);
        assert_eq!(count("2.5片"), None);
        assert_eq!(count("0"), None);
    }

    #[test]
    fn units_and_containers() {
        let p = parse_pack("100ml:37g(I)×10瓶/盒").unwrap();
        assert_eq!(p.unit.as_deref(), Some("瓶"));
        assert_eq!(p.container.as_deref(), Some("盒"));
        let p = parse_pack("0.5g×100片/瓶").unwrap();
        assert_eq!(
            (p.unit.as_deref(), p.container.as_deref()),
            (Some("片"), Some("瓶"))
        );
    }

    #[test]
    fn strengths_compare_across_units() {
        assert_eq!(strength("75mg*10粒"), Some("mg:75".into()));
        assert_eq!(strength("0.075g"), strength("75 mg × 10 capsules/box"));
        assert_eq!(
            strength("100ml:37g(I)×10瓶"),
            Some("ml:100|mg:37000".into())
        );
        assert_ne!(strength("10mg×14片"), strength("20mg×14片"));
        assert_eq!(strength("4mg×30粒/盒"), Some("mg:4".into()));
        assert_eq!(strength("14片/盒"), None);
    }
}
