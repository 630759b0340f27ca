//! Catalog search: by Chinese name, English name, alias, pinyin initials
//! (`lftn` → 仑伐替尼) or full pinyin (`lunfatini`), with typo-tolerant initials.
//!
//! Ranking, best first (catalog order within a rank):
//! 1. [`MatchKind::Exact`]: the query is a name or alias (after normalisation);
//! 2. [`MatchKind::Name`]: the query is part of a Chinese or English name or alias;
//! 3. [`MatchKind::Pinyin`] / [`MatchKind::Initials`]: the query (letters only) is part
//!    of the full pinyin or of the pinyin initials of the Chinese generic name;
//! 4. [`MatchKind::FuzzyInitials`]: only when nothing above matched, a query of at
//!    least [`FUZZY_MIN_LEN`] letters that is one edit (insertion, deletion or
//!    substitution) away from part of the initials, so `lfttn` still finds 仑伐替尼
//!    (`…lftn…`) while `lftn` lists only 仑伐替尼, not every near miss.
//!
//! An empty query lists every entry.

use crate::catalog::{Catalog, Entry};
use crate::values::item::normalize_name;
use serde::{Deserialize, Serialize};

/// Shortest query (in letters) for which typo-tolerant initials matching applies.
pub const FUZZY_MIN_LEN: usize = 4;

/// Edits allowed by typo-tolerant initials matching.
pub const FUZZY_MAX_EDITS: usize = 1;

/// How an entry matched, in rank order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// Empty query: every entry.
    All,
    /// The query is a whole name or alias.
    Exact,
    /// The query is part of a name or alias.
    Name,
    /// The query is part of the full pinyin (`lunfatini`).
    Pinyin,
    /// The query is part of the pinyin initials (`lftn`).
    Initials,
    /// The query is one edit away from part of the pinyin initials.
    FuzzyInitials,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    pub id: String,
    pub generic_name_zh: String,
    pub generic_name_en: String,
    pub matched: MatchKind,
    /// The name, alias or pinyin form the query was found in.
    pub matched_text: String,
}

/// The pinyin initials of an entry (`"jia huang suan lun fa ti ni jiao nang"` → `"jhslftnjn"`).
pub fn initials(pinyin: &str) -> String {
    pinyin
        .split_whitespace()
        .filter_map(|s| s.chars().next())
        .collect()
}

/// The full pinyin without spaces (`"lun fa ti ni"` → `"lunfatini"`).
pub fn pinyin_joined(pinyin: &str) -> String {
    pinyin.split_whitespace().collect()
}

/// Searches the catalog; see the module documentation for the ranking.
pub fn search(catalog: &Catalog, query: &str) -> Vec<Hit> {
    let q = normalize_name(query);
    if q.is_empty() {
        return catalog
            .entries
            .iter()
            .map(|e| hit(e, MatchKind::All, &e.generic_name_zh))
            .collect();
    }
    let letters: Option<String> = {
        let l: String = q
            .chars()
            .filter(|c| !matches!(c, '-' | '\'' | '_'))
            .collect();
        (!l.is_empty() && l.chars().all(|c| c.is_ascii_lowercase())).then_some(l)
    };
    let mut hits: Vec<Hit> = catalog
        .entries
        .iter()
        .filter_map(|e| match_entry(e, &q, letters.as_deref()))
        .collect();
    // stable: catalog order within a rank
    hits.sort_by_key(|h| h.matched);
    if hits
        .first()
        .is_some_and(|h| h.matched < MatchKind::FuzzyInitials)
    {
        hits.retain(|h| h.matched < MatchKind::FuzzyInitials);
    }
    hits
}

fn hit(e: &Entry, matched: MatchKind, text: &str) -> Hit {
    Hit {
        id: e.id.clone(),
        generic_name_zh: e.generic_name_zh.clone(),
        generic_name_en: e.generic_name_en.clone(),
        matched,
        matched_text: text.to_string(),
    }
}

fn match_entry(e: &Entry, q: &str, letters: Option<&str>) -> Option<Hit> {
    let names = || {
        [e.generic_name_zh.as_str(), e.generic_name_en.as_str()]
            .into_iter()
            .chain(e.aliases.iter().map(String::as_str))
    };
    if let Some(n) = names().find(|n| normalize_name(n) == q) {
        return Some(hit(e, MatchKind::Exact, n));
    }
    if let Some(n) = names().find(|n| normalize_name(n).contains(q)) {
        return Some(hit(e, MatchKind::Name, n));
    }
    let letters = letters?;
    if e.pinyin.trim().is_empty() {
        return None;
    }
    if pinyin_joined(&e.pinyin).contains(letters) {
        return Some(hit(e, MatchKind::Pinyin, &e.pinyin));
    }
    let ini = initials(&e.pinyin);
    if ini.contains(letters) {
        return Some(hit(e, MatchKind::Initials, &ini));
    }
    if letters.chars().count() >= FUZZY_MIN_LEN
        && near_window(letters, &ini, FUZZY_MAX_EDITS, FUZZY_MIN_LEN)
    {
        return Some(hit(e, MatchKind::FuzzyInitials, &ini));
    }
    None
}

/// True when `pattern` is at most `max_edits` edits (insertions, deletions,
/// substitutions) away from a run of `text` at least `min_window` letters long. The
/// window bound keeps a deletion from shrinking a 4-letter query to a 3-letter one
/// that half the catalog shares (`zxsy` must not list every 注射用 entry).
pub fn near_window(pattern: &str, text: &str, max_edits: usize, min_window: usize) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let lo = p.len().saturating_sub(max_edits).max(min_window).max(1);
    let hi = p.len() + max_edits;
    (lo..=hi.min(t.len())).any(|len| t.windows(len).any(|w| levenshtein(&p, w) <= max_edits))
}

/// Edit distance between two letter sequences.
pub fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ac) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for j in 1..=b.len() {
            cur[j] = (prev[j - 1] + usize::from(*ac != b[j - 1]))
                .min(prev[j] + 1)
                .min(cur[j - 1] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::batch7;

    fn ids(q: &str) -> Vec<String> {
        search(batch7().unwrap(), q)
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    #[test]
    fn every_entry_has_one_pinyin_syllable_per_chinese_character() {
        for e in &batch7().unwrap().entries {
            let han = e
                .generic_name_zh
                .chars()
                .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                .count();
            let syllables: Vec<&str> = e.pinyin.split_whitespace().collect();
            assert_eq!(
                syllables.len(),
                han,
                "{}: {} syllables for {} characters",
                e.id,
                syllables.len(),
                han
            );
            for s in syllables {
                assert!(
                    s.chars().all(|c| c.is_ascii_lowercase() || c == 'v'),
                    "{}: bad syllable {s}",
                    e.id
                );
                assert!((1..=6).contains(&s.len()), "{}: bad syllable {s}", e.id);
            }
        }
    }

    #[test]
    fn hand_written_pinyin_of_known_names() {
        let c = batch7().unwrap();
        assert_eq!(
            c.get("lenvatinib").unwrap().pinyin,
            "jia huang suan lun fa ti ni jiao nang"
        );
        assert_eq!(
            c.get("oseltamivir").unwrap().pinyin,
            "lin suan ao si ta wei jiao nang"
        );
        assert_eq!(
            c.get("afatinib").unwrap().pinyin,
            "ma lai suan a fa ti ni pian"
        );
        // polyphones: 枸橼 jǔyuán, 吗替 mǎ, 噻吨 sāidūn, 肟 wò
        assert!(c
            .get("caffeine-citrate-inj")
            .unwrap()
            .pinyin
            .starts_with("ju yuan suan"));
        assert!(c
            .get("mycophenolate-mofetil")
            .unwrap()
            .pinyin
            .starts_with("ma ti mai kao fen zhi"));
        assert!(c
            .get("flupentixol-melitracen")
            .unwrap()
            .pinyin
            .starts_with("fu pai sai dun"));
        assert!(c.get("cefepime").unwrap().pinyin.ends_with("tou bao bi wo"));
        assert_eq!(
            initials("jia huang suan lun fa ti ni jiao nang"),
            "jhslftnjn"
        );
    }

    #[test]
    fn finds_by_chinese_english_and_alias() {
        assert_eq!(ids("仑伐替尼")[0], "lenvatinib");
        assert_eq!(ids("甲磺酸仑伐替尼胶囊"), vec!["lenvatinib"]);
        assert_eq!(ids("Lenvatinib")[0], "lenvatinib");
        assert_eq!(ids("OSELTAMIVIR")[0], "oseltamivir");
        assert!(ids("奥司他韦").contains(&"oseltamivir".to_string()));
        let h = search(batch7().unwrap(), "仑伐替尼");
        assert_eq!(h[0].matched, MatchKind::Exact);
    }

    #[test]
    fn finds_by_pinyin_initials_and_full_pinyin() {
        let h = search(batch7().unwrap(), "lftn");
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].id, "lenvatinib");
        assert_eq!(h[0].matched, MatchKind::Initials);
        assert_eq!(ids("LFTN"), vec!["lenvatinib"]);
        assert_eq!(ids("lunfatini"), vec!["lenvatinib"]);
        assert_eq!(ids("aosita"), vec!["oseltamivir"]);
        assert_eq!(ids("afatini"), vec!["afatinib"]);
    }

    #[test]
    fn one_typo_in_initials_still_finds_and_ranks_after_exact() {
        // the example: lfttn (one letter too many) finds 仑伐替尼
        let h = search(batch7().unwrap(), "lfttn");
        assert_eq!(h[0].id, "lenvatinib");
        assert_eq!(h[0].matched, MatchKind::FuzzyInitials);
        assert!(h.len() <= 3, "a typo must not flood the results: {h:?}");
        // a substitution and a deletion
        assert_eq!(ids("lfxn")[0], "lenvatinib");
        assert_eq!(ids("jslftn")[0], "lenvatinib");
        // exact hits come alone: lftn is also one edit from 阿法替尼's …aftn…, not listed
        assert_eq!(ids("lftn"), vec!["lenvatinib"]);
        let h = search(batch7().unwrap(), "zsyt");
        assert!(
            h.len() >= 2 && h.iter().all(|x| x.matched == MatchKind::Initials),
            "{h:?}"
        );
    }

    #[test]
    fn short_queries_are_not_fuzzy_and_nonsense_finds_nothing() {
        // 3 letters: exact initials only
        assert!(search(batch7().unwrap(), "lfx").is_empty());
        assert!(search(batch7().unwrap(), "qqqqq").is_empty());
        assert!(search(batch7().unwrap(), "阿司匹林").is_empty());
    }

    #[test]
    fn empty_query_lists_everything_in_catalog_order() {
        let c = batch7().unwrap();
        let h = search(c, "  ");
        assert_eq!(h.len(), c.entries.len());
        assert!(h.iter().all(|x| x.matched == MatchKind::All));
        assert_eq!(h[0].id, c.entries[0].id);
    }

    #[test]
    fn typo_tolerance_floods_no_result_list() {
        // every 4- and 5-letter window of every entry's initials, with one letter changed,
        // finds its entry and at most a handful of others
        let c = batch7().unwrap();
        let (mut worst, mut queries, mut over5) = (0, 0, 0);
        for e in &c.entries {
            let ini: Vec<char> = initials(&e.pinyin).chars().collect();
            for len in 4..=5 {
                for w in ini.windows(len) {
                    let mut q: Vec<char> = w.to_vec();
                    q[1] = if q[1] == 'x' { 'q' } else { 'x' };
                    let q: String = q.into_iter().collect();
                    let found = ids(&q);
                    assert!(found.contains(&e.id), "{q} does not find {}", e.id);
                    worst = worst.max(found.len());
                    queries += 1;
                    over5 += usize::from(found.len() > 5);
                }
            }
        }
        eprintln!("one-typo queries: {queries}, worst {worst} results, {over5} with more than 5");
        assert!(worst <= 5, "a one-typo query found {worst} entries");
        assert!(
            over5 * 10 <= queries,
            "{over5} of {queries} one-typo queries list more than 5 entries"
        );
    }

    #[test]
    fn near_window_basics() {
        assert!(near_window("lftn", "jhslftnjn", 1, 4));
        assert!(near_window("lfttn", "jhslftnjn", 1, 4)); // an extra letter
        assert!(near_window("lfxn", "jhslftnjn", 1, 4)); // a wrong letter
        assert!(near_window("lfn", "jhslftnjn", 1, 3)); // a missing letter
        assert!(
            !near_window("zxsy", "zsytjhs", 1, 4),
            "would match only the 3-letter run zsy"
        );
        assert!(!near_window("abcd", "xyz", 1, 4));
        assert_eq!(levenshtein(&['a', 'b'], &['b']), 1);
        assert_eq!(levenshtein(&[], &['a', 'b']), 2);
    }
}
