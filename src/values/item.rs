//! The domain item: a drug now, a high-value consumable later; and the name and
//! unit normalisation used to match what a hospital system writes against the catalog.

use serde::{Deserialize, Serialize};

/// What kind of thing was procured.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A drug (药品).
    #[default]
    Drug,
    /// A high-value medical consumable (高值医用耗材); unit = piece.
    Consumable,
}

impl ItemKind {
    /// The stable string form (`"drug"`, `"consumable"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Drug => "drug",
            ItemKind::Consumable => "consumable",
        }
    }

    /// Reads a kind cell: 药品/药/drug/medicine, or 耗材/高值耗材/高值医用耗材/医用耗材/consumable/device.
    /// `None` for any other word (the caller reports it; nothing is guessed).
    pub fn parse(text: &str) -> Option<ItemKind> {
        match normalize_name(text).as_str() {
            "药品" | "药" | "西药" | "drug" | "drugs" | "medicine" => Some(ItemKind::Drug),
            "耗材" | "高值耗材" | "高值医用耗材" | "医用耗材" | "consumable" | "consumables"
            | "device" | "medicaldevice" => Some(ItemKind::Consumable),
            _ => None,
        }
    }
}

/// A procured item as the engine sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub kind: ItemKind,
    pub generic_name_zh: String,
    pub generic_name_en: String,
    pub dosage_form: Option<String>,
    pub specification: Option<String>,
    /// The smallest unit prices refer to (capsule, tablet, vial, bottle, piece).
    pub unit: Option<String>,
    /// Therapeutic category key.
    pub category: Option<String>,
    pub batch: u32,
}

/// Normalises a name for matching: full-width ASCII to half-width, lower case,
/// Chinese brackets to ASCII, whitespace and the middle dot removed.
pub fn normalize_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '【' | '〔' | '［' => '(',
            '】' | '〕' | '］' => ')',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        };
        if c.is_whitespace() || c == '·' || c == '\u{feff}' {
            continue;
        }
        if let Some(roman) = roman_numeral(c) {
            out.push_str(roman);
            continue;
        }
        for l in c.to_lowercase() {
            out.push(l);
        }
    }
    out
}

fn roman_numeral(c: char) -> Option<&'static str> {
    const ROMAN: [&str; 12] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    let n = match c {
        'Ⅰ'..='Ⅻ' => c as u32 - 'Ⅰ' as u32,
        'ⅰ'..='ⅻ' => c as u32 - 'ⅰ' as u32,
        _ => return None,
    };
    ROMAN.get(n as usize).copied()
}

/// The canonical smallest unit for a unit word, in English (`粒` → `capsule`).
/// Returns `None` for a unit word this crate does not know.
pub fn canonical_unit(word: &str) -> Option<&'static str> {
    let w = normalize_name(word);
    Some(match w.as_str() {
        "粒" | "颗" | "胶囊" | "capsule" | "capsules" | "cap" | "caps" => "capsule",
        "片" | "tablet" | "tablets" | "tab" | "tabs" => "tablet",
        "支" | "vial" | "vials" | "ampoule" | "amp" => "vial",
        "瓶" | "bottle" | "bottles" => "bottle",
        "袋" | "bag" | "bags" => "bag",
        "盒" | "box" | "boxes" | "pack" => "box",
        "个" | "件" | "piece" | "pieces" | "pc" | "pcs" => "piece",
        _ => return None,
    })
}

/// True when two unit words mean the same smallest unit for pricing purposes.
/// A vial (支) and a bottle (瓶) are both single containers of an injection and are
/// treated alike; a box never equals a smallest unit.
pub fn same_unit(a: &str, b: &str) -> Option<bool> {
    let (a, b) = (canonical_unit(a)?, canonical_unit(b)?);
    let container = |u: &str| u == "vial" || u == "bottle";
    Some(a == b || (container(a) && container(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_width_case_space_and_brackets() {
        assert_eq!(
            normalize_name(" Lenvatinib  Mesilate "),
            "lenvatinibmesilate"
        );
        assert_eq!(normalize_name("硝苯地平缓释片（Ⅱ）"), "硝苯地平缓释片(ii)");
        assert_eq!(normalize_name("硝苯地平缓释片(II)"), "硝苯地平缓释片(ii)");
        assert_eq!(normalize_name("ＡＢＣ　１２"), "abc12");
        assert_eq!(normalize_name("【乐卫玛】"), "(乐卫玛)");
    }

    #[test]
    fn kinds() {
        assert_eq!(
            ItemKind::parse(" 高值医用耗材 "),
            Some(ItemKind::Consumable)
        );
        assert_eq!(ItemKind::parse("Consumable"), Some(ItemKind::Consumable));
        assert_eq!(ItemKind::parse("药品"), Some(ItemKind::Drug));
        assert_eq!(ItemKind::parse("甲类"), None);
        assert_eq!(ItemKind::default(), ItemKind::Drug);
    }

    #[test]
    fn units() {
        assert_eq!(canonical_unit("粒"), Some("capsule"));
        assert_eq!(canonical_unit(" 片 "), Some("tablet"));
        assert_eq!(canonical_unit("盒"), Some("box"));
        assert_eq!(canonical_unit("斤"), None);
        assert_eq!(same_unit("支", "瓶"), Some(true));
        assert_eq!(same_unit("盒", "粒"), Some(false));
        assert_eq!(same_unit("粒", "capsule"), Some(true));
        assert_eq!(same_unit("xx", "粒"), None);
    }
}
